"""A version number for the records, increased by every write in the writing transaction.

Cached API pages are keyed on it (api/response_cache.py), so once a change commits no
worker serves a page built before it, whatever happened to Redis meanwhile: the
number is in the database, committed or rolled back with the change itself.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from diplomacy.models import DataVersion

ROW = 1


def current_version() -> int:
    """The number as of the last committed change this connection can see."""
    return DataVersion.objects.filter(pk=ROW).values_list("number", flat=True).first() or 0


def data_changed() -> None:
    """Increase the number, in the current transaction (bulk writes send no signals)."""
    if not DataVersion.objects.filter(pk=ROW).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=ROW, defaults={"number": 1})


def _on_change(sender, **kwargs) -> None:
    data_changed()


def connect(app_config) -> None:
    """Watch every model of the app (through tables included) for saves and deletes."""
    for model in app_config.get_models(include_auto_created=True):
        if model is DataVersion:
            continue
        post_save.connect(_on_change, sender=model, dispatch_uid=f"version-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"version-delete-{model}")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"version-m2m-{model}")
