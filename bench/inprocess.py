"""Per-request cost in one process, on the seed data, with DEBUG off.

    .venv/bin/python bench/inprocess.py [--runs 3] [--requests 200] [--profile URL]

Each URL is requested ``--requests`` times through Django's test client, ``--runs``
times over; the best run's mean is printed, and its ratio to ``/health/live`` (a
view that reads nothing). Nothing here crosses a socket: this is the framework's and
the project's own work per request. ``--profile URL`` prints where one URL's time
goes (cProfile, by cumulative time).
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, SECRET_KEY

URLS = {
    "health": "/health/live",
    "meeting detail": "/api/v1/meetings/wang-yi-cohen-call/",
    "50-row meeting page": "/api/v1/meetings/?page_size=50",
    "50-row statement page": "/api/v1/statements/?page_size=50",
    "filtered statements": "/api/v1/statements/?speaker=wang-yi&date_from=2023-10-01",
}


def setup(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="diplomacy.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_DEBUG="false",
        DATABASE_URL=f"sqlite:///{database}",
        ALLOWED_HOSTS="testserver",
        API_CACHE_SECONDS="0",
        THROTTLE_ANON="1000000/min",
        REDIS_URL="",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)


def best_mean(client, url: str, runs: int, requests: int) -> float:
    means = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(requests):
            response = client.get(url, HTTP_ACCEPT="application/json")
        means.append((time.perf_counter() - start) / requests)
        assert response.status_code == 200, (url, response.status_code)
    return min(means)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", metavar="URL")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        setup(Path(scratch) / "seed.sqlite3")
        from django.test import Client

        client = Client()
        if arguments.profile:
            for _ in range(20):
                client.get(arguments.profile)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(arguments.requests):
                client.get(arguments.profile, HTTP_ACCEPT="application/json")
            profile.disable()
            order = os.environ.get("PROFILE_ORDER", "cumulative")
            pstats.Stats(profile).sort_stats(order).print_stats(35)
            return 0
        for url in URLS.values():
            client.get(url)  # warm: compiled SQL, URL templates, form classes
        floor = best_mean(client, URLS["health"], arguments.runs, arguments.requests)
        print("| request | ms | over /health/live |\n| --- | ---: | ---: |")
        for name, url in URLS.items():
            mean = (
                floor
                if name == "health"
                else best_mean(client, url, arguments.runs, arguments.requests)
            )
            print(f"| {name} | {mean * 1000:.2f} | {mean / floor:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
