"""Drive the gunicorn-served API with 16 concurrent clients for 30 seconds.

    .venv/bin/python bench/load.py [--seconds 30] [--clients 16] [--database-url URL]

Prepares a fresh database (SQLite in var/ by default), serves it with gunicorn
(2 workers, DEBUG off), runs a mix of list, filter, search and detail requests on
127.0.0.1, and prints requests/s, p50, p99 and the count of non-2xx responses.
Exits non-zero if any response was not 2xx.
"""

import argparse
import sys

from harness import ROOT, app, manage, print_json, run_load, server_environment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench-load.sqlite3'}"
    )
    options = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    environment = server_environment(options.database_url, workers=options.workers)
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_seed_data")
    with app(environment, "load") as server:
        run_load(server.port, 3, options.clients)  # warm-up, not counted
        summary = run_load(server.port, options.seconds, options.clients).load_summary()
    title = f"load: {options.clients} clients, {options.seconds:.0f} s, {options.workers} workers"
    print_json(title, summary)
    return 0 if summary["non_2xx"] == 0 and summary["connection_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
