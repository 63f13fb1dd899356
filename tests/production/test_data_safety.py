"""Data safety on throwaway databases of the vendor under test: migrations reverse to zero
and back, and a dump loads into an empty database and dumps again byte for byte."""

import json
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


# Commands run one after another in one process: starting Django costs more than most.
COMMANDS = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command
outputs = []
for arguments in json.loads(sys.argv[1]):
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    outputs.append(out.getvalue())
print(json.dumps(outputs))
"""


def manage(database_url: str, *commands: list[str]) -> list[str]:
    """Run ``commands`` (each a command's arguments) on ``database_url``; their outputs."""
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SECRET_KEY": "safety-key"}
    environment["DJANGO_SETTINGS_MODULE"] = "diplomacy.settings"
    result = subprocess.run(
        [sys.executable, "-c", COMMANDS, json.dumps(commands)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_every_migration_reverses_to_zero_and_back(throwaway_database):
    _, _, unapplied, _, applied, _ = manage(
        throwaway_database(),
        ["migrate", "--noinput"],
        ["migrate", "diplomacy", "zero", "--noinput"],
        ["showmigrations", "diplomacy"],
        ["migrate", "--noinput"],
        ["showmigrations", "diplomacy"],
        ["makemigrations", "--check", "--dry-run"],
    )
    assert "[ ]" in unapplied and "[X]" not in unapplied
    assert "[X]" in applied and "[ ]" not in applied


def test_a_dump_loads_into_an_empty_database_and_dumps_again_alike(throwaway_database, tmp_path):
    original, copy = throwaway_database(), throwaway_database()
    # YAML keeps timestamps to the microsecond; Django's JSON encoder rounds them to the
    # millisecond, so a JSON dump of live data cannot come back byte for byte.
    dump, again = tmp_path / "dump.yaml", tmp_path / "again.yaml"
    manage(
        original,
        ["migrate", "--noinput"],
        ["load_seed_data"],
        ["dumpdata", "diplomacy", "--format", "yaml", "--output", str(dump)],
    )
    manage(
        copy,
        ["migrate", "--noinput"],
        ["loaddata", str(dump)],
        ["dumpdata", "diplomacy", "--format", "yaml", "--output", str(again)],
    )

    assert dump.stat().st_size > 100_000
    assert dump.read_bytes() == again.read_bytes()
    assert b"model: diplomacy.historicalmeeting" in dump.read_bytes()
