from django.core.management.base import BaseCommand, CommandError

from diplomacy.coverage import source_coverage
from diplomacy.models import Source


class Command(BaseCommand):
    help = (
        "For each source (or the one named), how many of its sentences records cite, how many "
        "are marked as needing no record (headline, caption, boilerplate, background, "
        "commentary), and the sentences that are neither."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="One source's slug; all sources when left out.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with status 1 unless every sentence is cited or marked.",
        )

    def handle(self, *args, slug=None, check=False, **options):
        sources = Source.objects.order_by("date_start", "slug")
        if slug is not None:
            sources = sources.filter(slug=slug)
            if not sources.exists():
                raise CommandError(f"No source has the slug {slug!r}.")
        incomplete = []
        for source in sources:
            coverage = source_coverage(source)
            total = len(coverage.sentences)
            cited = total - len(coverage.uncited)
            marked = len(coverage.uncited) - len(coverage.unmarked)
            self.stdout.write(
                f"{source.slug}: {total} sentences, {cited} cited, {marked} marked, "
                f"{len(coverage.unmarked)} neither"
            )
            for sentence in coverage.unmarked:
                self.stdout.write(f"  [{sentence.start}:{sentence.end}] {sentence.text}")
            if not coverage.complete:
                incomplete.append(source.slug)
        if check and incomplete:
            raise CommandError(
                f"Sentences neither cited nor marked in: {', '.join(incomplete)}. Cite them from "
                "a record, or mark them with a reason (fixtures/coverage.yaml or the admin)."
            )
