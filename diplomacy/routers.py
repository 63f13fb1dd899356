"""Send reads to a read replica when one is configured; every write goes to the primary."""

from django.conf import settings
from django.db import connections

REPLICA = "replica"


class PrimaryReplicaRouter:
    """Reads from ``replica`` (DATABASE_REPLICA_URL), writes to ``default``.

    Inside a transaction on the primary, reads stay there too, so a request that
    writes then reads back (the write API does) sees its own write at once.
    """

    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
