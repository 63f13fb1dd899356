from django.core.management.commands.loaddata import Command as LoadDataCommand
from django.test.utils import override_settings


class Command(LoadDataCommand):
    """Django's loaddata, recording no audit history while it loads.

    A dump carries its own history rows; django-simple-history would otherwise add
    a row for every many-to-many field the fixture sets, duplicating that history.
    """

    help = LoadDataCommand.help + " No audit history is recorded while loading."

    def handle(self, *fixture_labels, **options):
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            return super().handle(*fixture_labels, **options)
