from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.snapshot_export import SnapshotError, export_snapshot, is_current, latest_snapshot


class Command(BaseCommand):
    help = (
        "Write a new snapshot of the published records (CSV, NDJSON and SQLite, described by "
        "a Frictionless data package) into a directory named after the UTC time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Scheme and host the API is served at, for the records' own addresses "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Only when the records changed since the latest snapshot (its change feed "
            "position is not the feed's last entry).",
        )
        parser.add_argument(
            "--root",
            default=None,
            help="Directory that holds the snapshots (default: the SNAPSHOT_ROOT setting).",
        )

    def handle(self, *args, base_url, root, if_changed, **options):
        root = root or settings.SNAPSHOT_ROOT
        latest = latest_snapshot(root)
        if if_changed and latest is not None and is_current(latest):
            self.stdout.write(f"{latest} (unchanged)")
            return
        try:
            directory = export_snapshot(root=root, base_url=base_url)
        except SnapshotError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(directory))
