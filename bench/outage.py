"""Stop PostgreSQL in the middle of a load, start it again, and check what clients saw.

    .venv/bin/python bench/outage.py [--outage 8] [--database-url postgres://postgres@127.0.0.1:5432/NAME]

Needs the machine's PostgreSQL cluster and the right to stop it (pg_ctlcluster).
Creates a throwaway database, serves it with gunicorn, and runs 16 clients on
127.0.0.1 for the whole run. While the database is down every API answer must be
503 application/problem+json with Retry-After and /health/ready must report the
failure; afterwards the service must recover by itself (CONN_HEALTH_CHECKS) with
row counts and checksums unchanged. Prints the figures; exits non-zero on a miss.
"""

import argparse
import contextlib
import json
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
from harness import free_port, get, gunicorn, manage, print_json, run_load, server_environment

TABLES = [
    "diplomacy_source",
    "diplomacy_actor",
    "diplomacy_meeting",
    "diplomacy_participation",
    "diplomacy_statement",
    "diplomacy_resolution",
    "diplomacy_vote",
    "diplomacy_citation",
    "diplomacy_historicalmeeting",
]


def cluster() -> tuple[str, str]:
    version = sorted(Path("/etc/postgresql").iterdir())[0].name
    return version, "main"


def postgres(action: str) -> None:
    version, name = cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action], check=True
    )


def fingerprint(dsn: str) -> dict:
    """Row count and an md5 of every row, per table."""
    with psycopg.connect(dsn) as connection:
        return {
            table: connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM {table} t"
            ).fetchone()
            for table in TABLES
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=8, help="seconds PostgreSQL stays down")
    parser.add_argument("--before", type=float, default=5)
    parser.add_argument("--after", type=float, default=10)
    parser.add_argument("--admin-dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args()

    name = f"outage_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(options.admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"postgresql://postgres@127.0.0.1:5432/{name}"
    environment = server_environment(dsn, free_port())
    port = int(environment["PORT"])
    failures = []
    try:
        manage(environment, "migrate", "--noinput")
        manage(environment, "load_seed_data")
        before = fingerprint(dsn)
        with gunicorn(environment):
            total = options.before + options.outage + options.after
            load = {}
            worker = threading.Thread(
                target=lambda: load.update(result=run_load(port, total, record_timeline=True))
            )
            worker.start()
            time.sleep(options.before)
            stopped_at = time.monotonic()
            postgres("stop")
            time.sleep(options.outage / 2)
            health_status, _, health_body = get(port, "/health/ready")
            time.sleep(options.outage / 2)
            postgres("start")
            started_at = time.monotonic()
            recovered_at = None
            while time.monotonic() - started_at < options.after:
                status, _, _ = get(port, "/api/v1/meetings/")
                if status == 200:
                    recovered_at = time.monotonic()
                    break
                time.sleep(0.05)
            worker.join()
        result = load["result"]
        after = fingerprint(dsn)

        window_start = options.before + 0.5  # requests that began after the stop took effect
        window_end = window_start + options.outage - 1.0
        during = [entry for entry in result.timeline if window_start <= entry[0] <= window_end]
        bad_during = [
            entry
            for entry in during
            if not (
                entry[1] == 503 and entry[2].startswith("application/problem+json") and entry[3]
            )
        ]
        restarted = options.before + (started_at - stopped_at)
        # the load clock starts a moment before the stop: leave a quarter second either side
        outside = [
            e for e in result.timeline if e[0] < options.before - 0.25 or e[0] > restarted + 1
        ]
        summary = {
            "load": result.summary(),
            "responses_during_outage": len(during),
            "of_which_503_problem_json_with_retry_after": len(during) - len(bad_during),
            "other_responses_during_outage": sorted({(e[1], e[2]) for e in bad_during}),
            "health_ready_during_outage": [health_status, json.loads(health_body)],
            "recovery_seconds_after_postgres_start": round(recovered_at - started_at, 2)
            if recovered_at
            else None,
            "seconds_from_stop_to_start": round(started_at - stopped_at, 2),
            "non_2xx_outside_outage": [
                (round(e[0], 2), e[1]) for e in outside if not 200 <= e[1] < 300
            ],
            "rows_and_checksums_unchanged": before == after,
        }
        print_json(f"outage: PostgreSQL down {options.outage:.0f} s under load", summary)
        if bad_during or not during:
            failures.append("some responses during the outage were not 503 problem+json")
        if health_status != 503:
            failures.append("/health/ready did not report the outage")
        if recovered_at is None:
            failures.append("the service did not recover")
        if before != after:
            failures.append("data changed")
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already running
            postgres("start")
        with psycopg.connect(options.admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
