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
import subprocess
import sys
import threading
import time
from pathlib import Path

from harness import (
    ADMIN_DSN,
    Database,
    app,
    get,
    manage,
    print_json,
    run_load,
    server_environment,
    throwaway_database,
)

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


def postgres(action: str) -> None:
    """pg_ctlcluster on the machine's cluster (the first version's main)."""
    version = sorted(Path("/etc/postgresql").iterdir())[0].name
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    subprocess.run(command, check=True)


def fingerprint(database: Database) -> dict:
    """Row count and an md5 of every row, per table."""
    query = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
    return {table: database.rows(f"{query} FROM {table} t")[0] for table in TABLES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=8, help="seconds PostgreSQL stays down")
    parser.add_argument("--before", type=float, default=5)
    parser.add_argument("--after", type=float, default=10)
    parser.add_argument("--admin-dsn", default=ADMIN_DSN)
    options = parser.parse_args()

    failures = []
    with throwaway_database("postgres", prefix="outage", admin_dsn=options.admin_dsn) as database:
        try:
            summary = outage(database, options, failures)
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # already running
                postgres("start")
    print_json(f"outage: PostgreSQL down {options.outage:.0f} s under load", summary)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def outage(database: Database, options, failures: list[str]) -> dict:
    """The load for --before, --outage and --after seconds; PostgreSQL stopped for --outage."""
    environment = server_environment(database.url)
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_seed_data")
    before = fingerprint(database)
    with app(environment, "outage") as server:
        load = {}
        total = options.before + options.outage + options.after
        worker = threading.Thread(target=lambda: load.update(result=run_load(server.port, total)))
        worker.start()
        time.sleep(options.before)
        stopped_at = time.monotonic()
        postgres("stop")
        time.sleep(options.outage / 2)
        health = get(server.port, "/health/ready")
        time.sleep(options.outage / 2)
        postgres("start")
        started_at = time.monotonic()
        recovered_at = None
        while time.monotonic() - started_at < options.after:
            if get(server.port, "/api/v1/meetings/").status == 200:
                recovered_at = time.monotonic()
                break
            time.sleep(0.05)
        worker.join()
    result = load["result"]
    after = fingerprint(database)

    # When each answered request began, in seconds from the start of the load.
    timeline = [(a.began - result.started, a) for a in result.answers if a.status]
    window_start = options.before + 0.5  # requests that began after the stop took effect
    window_end = window_start + options.outage - 1.0
    during = [a for began, a in timeline if window_start <= began <= window_end]
    bad_during = [a for a in during if not a.is_problem_to_retry()]
    restarted = options.before + (started_at - stopped_at)
    # the load clock starts a moment before the stop: leave a quarter second either side
    outside = [(b, a) for b, a in timeline if b < options.before - 0.25 or b > restarted + 1]
    summary = {
        "load": result.load_summary(),
        "responses_during_outage": len(during),
        "of_which_503_problem_json_with_retry_after": len(during) - len(bad_during),
        "other_responses_during_outage": sorted(
            {(a.status, a.headers.get("content-type", "")) for a in bad_during}
        ),
        "health_ready_during_outage": [health.status, health.json()],
        "recovery_seconds_after_postgres_start": round(recovered_at - started_at, 2)
        if recovered_at
        else None,
        "seconds_from_stop_to_start": round(started_at - stopped_at, 2),
        "non_2xx_outside_outage": [
            (round(began, 2), a.status) for began, a in outside if not 200 <= a.status < 300
        ],
        "rows_and_checksums_unchanged": before == after,
    }
    if bad_during or not during:
        failures.append("some responses during the outage were not 503 problem+json")
    if health.status != 503:
        failures.append("/health/ready did not report the outage")
    if recovered_at is None:
        failures.append("the service did not recover")
    if before != after:
        failures.append("data changed")
    return summary


if __name__ == "__main__":
    sys.exit(main())
