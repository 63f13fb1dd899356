from django.db import models


class DataVersion(models.Model):
    """One row: a number that every committed change to the records increases.

    It lives in the database, in the writing transaction, so it cannot miss a change
    the way a counter kept in Redis would while Redis is down (diplomacy/data_version.py).
    """

    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.number}"
