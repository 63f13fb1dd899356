import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from api.snapshot_export import (
    SnapshotError,
    export_snapshot,
    is_current,
    is_withdrawn,
    latest_snapshot,
)
from diplomacy.db import without_time_limit

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Write a new snapshot of the published records (CSV, NDJSON and SQLite, described by "
        "a Frictionless data package) into a directory named after the UTC time. With "
        "--watch, keep running and write one whenever the latest is withdrawn (something it "
        "holds left public view), or there is none."
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
            "--watch",
            action="store_true",
            help="Look every SNAPSHOT_WATCH_SECONDS; bin/container serve runs it so.",
        )
        parser.add_argument(
            "--root",
            default=None,
            help="Directory that holds the snapshots (default: the SNAPSHOT_ROOT setting).",
        )

    def handle(self, *args, base_url, root, if_changed, watch, **options):
        root = root or settings.SNAPSHOT_ROOT
        if watch:
            self.watch(root, base_url)
            return
        latest = latest_snapshot(root)
        if if_changed and latest is not None and is_current(latest):
            self.stdout.write(f"{latest} (unchanged)")
            return
        self.stdout.write(str(self.export(root, base_url)))

    def export(self, root, base_url):
        try:
            with without_time_limit():  # an export reads every published record
                return export_snapshot(root=root, base_url=base_url)
        except SnapshotError as error:
            raise CommandError(str(error)) from None

    def watch(self, root, base_url) -> None:
        """Replace a withdrawn latest snapshot soon after it is withdrawn, outside any request."""
        while True:
            close_old_connections()
            try:
                latest = latest_snapshot(root)
                if latest is None or is_withdrawn(latest):
                    self.stdout.write(str(self.export(root, base_url)))
            except Exception:  # a database outage, a full disk: logged, tried again
                logger.exception("The snapshot could not be written; trying again")
            time.sleep(settings.SNAPSHOT_WATCH_SECONDS)
