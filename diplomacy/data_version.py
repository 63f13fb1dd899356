"""A version token for the records, changed after every committed write.

Cached API responses are keyed on it, so every process sharing the cache
(Redis) stops serving a response the moment the data under it changes.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "diplomacy:data-version"


def current_version() -> str | None:
    """The current token, or None if the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # the cache client's own connection errors vary by backend
        logger.exception("Cache unavailable; responses are not cached")
        return None


def data_changed() -> None:
    """Give the data a new version once the current transaction commits."""
    transaction.on_commit(_new_version)


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Cache unavailable; cached responses expire on their own")


def _on_change(sender, **kwargs) -> None:
    data_changed()


def connect(app_config) -> None:
    """Watch every model of the app (through tables included) for saves and deletes."""
    for model in app_config.get_models(include_auto_created=True):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"version-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"version-delete-{model}")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"version-m2m-{model}")
