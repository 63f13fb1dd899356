"""Django's migrate, without the statement time limit of the app's PostgreSQL connections: a
migration may rebuild a large table or index."""

from django.core.management.commands.migrate import Command as MigrateCommand

from diplomacy.db import without_time_limit


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with without_time_limit(options["database"]):
            return super().handle(*args, **options)
