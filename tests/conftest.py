import shutil

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from diplomacy.loading.loader import load_seed_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The seed data, loaded once into the test database; each test rolls back its changes."""
    with django_db_blocker.unblock():
        load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)


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
