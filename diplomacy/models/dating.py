from django.db import models

from diplomacy.choices import DatePrecision


def dated_constraint(date_field: str, name: str) -> models.CheckConstraint:
    """A date is null exactly when its precision is unknown."""
    unknown = models.Q(date_precision=DatePrecision.UNKNOWN)
    return models.CheckConstraint(
        condition=(unknown & models.Q(**{f"{date_field}__isnull": True}))
        | (~unknown & models.Q(**{f"{date_field}__isnull": False})),
        name=name,
    )


def precision_field() -> models.CharField:
    return models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
    )


def date_note_field() -> models.TextField:
    return models.TextField(
        blank=True,
        help_text="How the date was established: the phrase, the publication date it was "
        "resolved against, and any disagreement between sources.",
    )
