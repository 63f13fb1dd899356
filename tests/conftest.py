import os
import shutil
import socket
import uuid

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from diplomacy.loading.loader import load_seed_data


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not redis_reachable() and not os.environ.get("CI"),
    reason="needs the local Redis at 127.0.0.1:6379",
)


def local_redis(url: str | None = None) -> dict:
    """CACHES with the local Redis as the shared cache, as production has it.

    Each test worker (pytest-xdist runs them side by side) has a Redis database of its own,
    15 down, so a test that empties the cache empties only its worker's; each use has its
    own key prefix too."""
    from diplomacy.settings import LOCAL_CACHE, redis_cache

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = url or f"redis://127.0.0.1:6379/{15 - worker}"
    return {
        "default": redis_cache(url) | {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
        "local": LOCAL_CACHE,
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The seed data, loaded once into the test database; each test rolls back its changes."""
    with django_db_blocker.unblock():
        load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttling counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of the fixtures directory, for tests that break it on purpose."""
    target = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, target)
    return target


@pytest.fixture
def seeds_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, target)
    return target


def make_user(username: str, *, groups=(), permissions=(), superuser=False):
    from django.contrib.auth.models import Group, Permission, User

    if superuser:
        return User.objects.create_superuser(
            username, f"{username}@example.org", "pw-1-long-enough"
        )
    user = User.objects.create_user(username, password="pw-1-long-enough", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def curator(db):
    """In the curators group: may add and change, not delete or publish."""
    return make_user("curator", groups=["curators"])


@pytest.fixture
def editor(db):
    """A curator who may also publish, retract and delete meetings."""
    return make_user(
        "editor",
        groups=["curators"],
        permissions=["diplomacy.publish_meeting", "diplomacy.delete_meeting"],
    )


@pytest.fixture
def reader(db):
    """Signed in, with no rights at all."""
    return make_user("reader")


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


def token_client(user) -> APIClient:
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
