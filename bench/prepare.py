"""What the benchmarks need, made ready when missing and reused when complete.

wrk (Debian's package), two virtual environments under var/bench (Datasette
pinned; the floor's gunicorn, orjson and psycopg), the SQLite scale database,
the seed data's database and the PostgreSQL scale databases.
"""

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from harness import PYTHON, ROOT, VAR, database_environment, manage

DATASETTE_VENV = VAR / "datasette-venv"
DATASETTE_PINS = ("datasette==0.65.5",)
FLOOR_VENV = VAR / "floor-venv"
FLOOR_PINS = ("gunicorn==27.0.1", "orjson==3.13.0", "psycopg[binary]==3.3.9")

SQLITE_DATABASE = VAR / "scale.sqlite3"
SEED_DATABASE = VAR / "newsroom-seed.sqlite3"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BUSY_DATABASE_WAIT_SECONDS = 3600


class PreparationError(RuntimeError):
    """Something the comparison needs could not be made ready; the message says what to do."""


def say(message: str) -> None:
    print(f"-- {message}", flush=True)


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        say("installing wrk with apt-get")
        installed = _apt_get("install", "-y", "wrk")
        if not installed:
            _apt_get("update")
            installed = _apt_get("install", "-y", "wrk")
        if not installed or not shutil.which("wrk"):
            raise PreparationError("wrk is missing and apt-get could not install it: install wrk.")
    return shutil.which("wrk")


def _apt_get(*arguments: str) -> bool:
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        result = subprocess.run(["apt-get", "-q", *arguments], env=environment, check=False)
    except FileNotFoundError:
        return False
    return result.returncode == 0


def ensure_venv(path: Path, pins: tuple[str, ...]) -> Path:
    """A virtual environment holding exactly ``pins``; returns its bin folder."""
    python = path / "bin" / "python"
    if python.exists() and _has_pins(python, pins):
        return python.parent
    say(f"creating {path.relative_to(ROOT)} with {', '.join(pins)}")
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run([PYTHON, "-m", "venv", str(path)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
        check=True,
    )
    if not _has_pins(python, pins):
        raise PreparationError(f"{path} does not hold {pins} after pip install")
    return python.parent


def _has_pins(python: Path, pins: tuple[str, ...]) -> bool:
    names = [pin.split("==")[0].split("[")[0] for pin in pins]
    versions = [pin.split("==")[1] for pin in pins]
    script = "import sys, importlib.metadata as m; print(*(m.version(n) for n in sys.argv[1:]))"
    result = subprocess.run(
        [str(python), "-c", script, *names], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and result.stdout.split() == versions


def ensure_sqlite_database() -> Path:
    """var/bench/scale.sqlite3, built under another name and renamed once complete."""
    VAR.mkdir(parents=True, exist_ok=True)
    if SQLITE_DATABASE.exists():
        _migrate(sqlite_url(SQLITE_DATABASE), analyze=_analyze_sqlite)
        return SQLITE_DATABASE
    building = SQLITE_DATABASE.with_name(SQLITE_DATABASE.name + ".building")
    building.unlink(missing_ok=True)
    say(f"building {SQLITE_DATABASE.relative_to(ROOT)} (about 2 minutes)")
    url = sqlite_url(building)
    _build(url, "--scratch-database")
    _analyze_sqlite(url)
    building.rename(SQLITE_DATABASE)
    return SQLITE_DATABASE


def ensure_seed_database() -> Path:
    """The seed data alone (migrated, seeded): a short change feed beside the scale data's."""
    if SEED_DATABASE.exists():
        _manage(sqlite_url(SEED_DATABASE), "migrate", "--noinput")
        return SEED_DATABASE
    building = SEED_DATABASE.with_name(SEED_DATABASE.name + ".building")
    building.unlink(missing_ok=True)
    say(f"building {SEED_DATABASE.relative_to(ROOT)} (the seed data)")
    _manage(sqlite_url(building), "migrate", "--noinput")
    _manage(sqlite_url(building), "load_seed_data")
    building.rename(SEED_DATABASE)
    return SEED_DATABASE


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _analyze_sqlite(url: str) -> None:
    """Fresh statistics; and the write-ahead log folded back into the file (the app keeps
    SQLite in WAL mode), so that the file alone holds the database when it is renamed or
    copied."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        connection.execute("ANALYZE")
        connection.commit()
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()


def ensure_postgresql_database(size: str) -> str:
    """diplomacy_bench_<size>, reused when its synthetic statements are all there."""
    statements = POSTGRES_SIZES[size]
    name = f"diplomacy_bench_{size}"
    url = f"{POSTGRES_SERVER}/{name}"
    _wait_while_in_use(name)
    if _synthetic_statements(name) == statements:
        _migrate(url, analyze=_analyze_postgresql)
        return url
    say(f"building {name} ({statements:,} statements)")
    _psql("postgres", f'DROP DATABASE IF EXISTS "{name}"')
    _psql("postgres", f'CREATE DATABASE "{name}"')
    _build(
        url,
        "--scratch-database",
        f"--statements={statements}",
        f"--meetings={statements // 3}",
        f"--resolutions={statements // 100}",
    )
    _psql(name, "VACUUM ANALYZE")
    return url


def postgresql_server_version() -> str:
    return _psql("postgres", "SHOW server_version")


def _wait_while_in_use(name: str) -> None:
    """Another process may be building this very database: wait for it rather than drop it."""
    deadline = time.monotonic() + BUSY_DATABASE_WAIT_SECONDS
    while sessions := _other_sessions(name):
        if time.monotonic() > deadline:
            raise PreparationError(f"{name} is still in use by {sessions} other session(s)")
        say(f"{name} is in use by {sessions} other session(s) (being built?); waiting")
        time.sleep(30)


def _other_sessions(name: str) -> int:
    sql = (
        "SELECT count(*) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    return int(_psql("postgres", sql))


def _synthetic_statements(name: str) -> int | None:
    exists = _psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'")
    if exists != "1":
        return None
    try:
        sql = "SELECT count(*) FROM diplomacy_statement WHERE slug LIKE 'synthetic-%'"
        return int(_psql(name, sql))
    except subprocess.CalledProcessError:  # created but never migrated
        return None


def _analyze_postgresql(url: str) -> None:
    _psql(url.rsplit("/", 1)[1], "ANALYZE")


def _psql(database: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", f"{POSTGRES_SERVER}/{database}"],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _build(url: str, *generate_arguments: str) -> None:
    _manage(url, "migrate", "--noinput")
    _manage(url, "load_seed_data")
    _manage(url, "generate_scale_data", *generate_arguments)


def _migrate(url: str, analyze) -> None:
    """Picks up indexes added since the database was built; new ones need fresh statistics."""
    if "Applying" in _manage(url, "migrate", "--noinput"):
        say(f"migrations applied to {url.rsplit('/', 1)[1]}: refreshing the planner's statistics")
        analyze(url)


def _manage(url: str, *arguments: str) -> str:
    try:
        return manage(database_environment(url), *arguments)
    except subprocess.CalledProcessError as error:
        raise PreparationError(
            f"manage.py {' '.join(arguments)} failed:\n{error.stderr[-3000:]}"
        ) from None


def check_project_python() -> None:
    if importlib.util.find_spec("django") is None:
        raise PreparationError(
            f"{sys.executable} has no Django: run with .venv/bin/python (make install first)"
        )
