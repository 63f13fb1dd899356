from django.core.management.base import BaseCommand, CommandError

from diplomacy.scale import ScaleSpec, generate_scale_data


class Command(BaseCommand):
    help = (
        "Fill a scratch database with synthetic records for benchmarks (bulk inserts, fixed "
        "seed). Never run it on a database that serves real data."
    )

    def add_arguments(self, parser):
        defaults = ScaleSpec()
        for name in ("actors", "meetings", "statements", "resolutions", "years", "seed"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
        parser.add_argument(
            "--scratch-database",
            action="store_true",
            help="Required: confirms that this database is for benchmarks only.",
        )

    def handle(self, *args, scratch_database, **options):
        if not scratch_database:
            raise CommandError("Synthetic data is for scratch databases: pass --scratch-database.")
        names = ("actors", "meetings", "statements", "resolutions", "years", "seed")
        counts = generate_scale_data(ScaleSpec(**{name: options[name] for name in names}))
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
