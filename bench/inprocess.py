"""Per-request cost in one process, on the seed data, with DEBUG off: the API's requests,
then each reader's page beside the JSON detail of its record.

    .venv/bin/python bench/inprocess.py [--runs 3] [--requests 200] [--profile URL]

Each URL is requested ``--requests`` times through Django's test client, ``--runs``
times over; the best run's mean is printed, and its ratio to ``/health/live`` (a
view that reads nothing). Nothing here crosses a socket: this is the framework's and
the project's own work per request. ``--profile URL`` prints where one URL's time
goes (cProfile, by cumulative time).

The pages are timed rendered afresh (no cache) and kept (``API_CACHE_SECONDS`` on, the
page served from the cache under the change feed's position). Targets: a meeting or
statement page at most 3x its JSON detail; an actor or a source page at most 20 ms.
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


# Each reader's page, the JSON detail it is measured against (or None), and its target.
PAGES = [
    ("meeting page", "/meetings/wang-kejian-meets-haniyeh-qatar/", "ratio", 3),
    ("statement page", "/statements/global-times-us-biased-attitude/", "ratio", 3),
    ("actor page", "/actors/wang-yi/", "ms", 20),
    ("source page", "/sources/china-leads-push-for-ceasefire/", "ms", 20),
    ("home page", "/", "ms", 20),
    ("search page", "/search?q=ceasefire", "ms", 20),
]


def detail_of(page: str) -> str:
    return "/api/v1" + page


def pages_table(client, runs: int, requests: int) -> None:
    from django.test import override_settings

    print("\n| page | fresh ms | kept ms | JSON detail ms | fresh / JSON | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, url, kind, target in PAGES:
        client.get(url)
        fresh = best_mean(client, url, runs, requests, accept="text/html")
        with override_settings(API_CACHE_SECONDS=60):
            client.get(url)
            kept = best_mean(client, url, runs, requests, accept="text/html")
        if kind == "ratio":
            detail = best_mean(client, detail_of(url), runs, requests)
            ratio, goal = f"{fresh / detail:.1f}", f"≤ {target}x JSON"
            shown = f"{detail * 1000:.2f}"
        else:
            ratio, goal, shown = "", f"≤ {target} ms", ""
        print(f"| {name} | {fresh * 1000:.2f} | {kept * 1000:.2f} | {shown} | {ratio} | {goal} |")


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


def best_mean(
    client, url: str, runs: int, requests: int, accept: str = "application/json"
) -> float:
    means = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(requests):
            response = client.get(url, HTTP_ACCEPT=accept)
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
        pages_table(client, arguments.runs, arguments.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
