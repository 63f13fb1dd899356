from django.db import models


class CuratedModel(models.Model):
    """Timestamps, plus what the seed loader needs to leave curators' edits alone.

    ``seed_digest`` is the digest of the fixture record last loaded into this
    row and ``seeded_at`` the ``updated_at`` value the loader left behind; a row
    whose ``updated_at`` has moved past ``seeded_at`` was changed by someone else.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    seed_digest = models.CharField(max_length=64, blank=True, editable=False)
    seeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_edited_since_seeding(self) -> bool:
        return self.seeded_at is not None and self.updated_at > self.seeded_at


def choice_constraint(field: str, choices, name: str) -> models.CheckConstraint:
    """Back a ``choices`` field with a database rule: ``choices`` alone protects nothing."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": choices.values}), name=name)
