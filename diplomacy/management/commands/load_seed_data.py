from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diplomacy.loading.fixtures import FixtureError
from diplomacy.loading.loader import load_seed_data


class Command(BaseCommand):
    help = (
        "Load the curated fixtures, checking every excerpt against the seed articles. "
        "One transaction; records edited by curators since the last load are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace records that curators edited since the last load with the fixtures.",
        )
        parser.add_argument("--fixtures", default=str(settings.FIXTURES_DIR))
        parser.add_argument("--seeds", default=str(settings.SEEDS_DIR))

    def handle(self, *args, **options):
        try:
            report = load_seed_data(
                Path(options["fixtures"]), Path(options["seeds"]), overwrite=options["overwrite"]
            )
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        for line in report.lines():
            self.stdout.write(line)
