"""Gunicorn settings, from the environment (see README, Running in production)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# An ASGI worker (diplomacy/workers.py): slow clients cost a socket, not a worker.
worker_class = "diplomacy.workers.Worker"
wsgi_app = "diplomacy.asgi:application"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# Each worker runs its requests one at a time in one thread (diplomacy/asgi.py), which
# keeps its SQLite connection open between requests; PostgreSQL connections come from a
# pool (see diplomacy/settings.py).
os.environ.setdefault("DATABASE_POOL", "true")
# gunicorn 24+ opens a control socket at a fixed path under $HOME; several servers on one
# machine (tests, benchmarks) would share it.
control_socket_disable = True
