"""Data safety on throwaway databases of the vendor under test: migrations reverse to zero
and back, and a dump loads into an empty database and dumps again byte for byte."""

import os
import subprocess
import sys
import uuid

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture
def throwaway_database(tmp_path):
    """A DATABASE_URL for a new, empty database; dropped afterwards."""
    databases = []

    def make() -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.sqlite3'}"
        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        name = f"throwaway_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_admin_dsn(config), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        databases.append((config, name))
        user = config["USER"] or ""
        return f"postgres://{user}@{config['HOST']}:{config['PORT'] or 5432}/{name}"

    yield make
    for config, name in databases:
        with psycopg.connect(_admin_dsn(config), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_dsn(config: dict) -> str:
    return psycopg.conninfo.make_conninfo(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres"
    )


def manage(database_url: str, *arguments: str) -> str:
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SECRET_KEY": "safety-key"}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_every_migration_reverses_to_zero_and_back(throwaway_database):
    database = throwaway_database()
    manage(database, "migrate", "--noinput")
    manage(database, "migrate", "diplomacy", "zero", "--noinput")
    assert "[ ]" in manage(database, "showmigrations", "diplomacy")
    manage(database, "migrate", "--noinput")
    assert "[ ]" not in manage(database, "showmigrations", "diplomacy")
    manage(database, "makemigrations", "--check", "--dry-run")


def test_a_dump_loads_into_an_empty_database_and_dumps_again_alike(throwaway_database, tmp_path):
    original, copy = throwaway_database(), throwaway_database()
    manage(original, "migrate", "--noinput")
    manage(original, "load_seed_data")
    # YAML keeps timestamps to the microsecond; Django's JSON encoder rounds them to the
    # millisecond, so a JSON dump of live data cannot come back byte for byte.
    dump = tmp_path / "dump.yaml"
    manage(original, "dumpdata", "diplomacy", "--format", "yaml", "--output", str(dump))

    manage(copy, "migrate", "--noinput")
    manage(copy, "loaddata", str(dump))
    again = tmp_path / "again.yaml"
    manage(copy, "dumpdata", "diplomacy", "--format", "yaml", "--output", str(again))

    assert dump.stat().st_size > 100_000
    assert dump.read_bytes() == again.read_bytes()
    assert b"model: diplomacy.historicalmeeting" in dump.read_bytes()
