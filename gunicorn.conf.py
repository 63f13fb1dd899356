"""Gunicorn settings, from the environment (see docs/operations.md).

``bin/container serve`` runs gunicorn behind nginx (``diplomacy/nginx.conf``): nginx
holds the clients, reading each request before passing it on and taking each answer
in as fast as the app writes it, so a client that sends or reads slowly costs a socket
and nginx's buffers, never one of the threads below. gunicorn then listens on a Unix
socket only nginx reaches (``GUNICORN_BIND``); run alone, it listens on HOST:PORT.
"""

import os

bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threaded workers: each thread serves one request at a time and keeps its own database
# connection (SQLite's open between requests; PostgreSQL's from the worker's pool).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker takes no more connections than it has threads: a request never waits in a busy
# worker while another is free (nginx opens a connection per request, and the ones no
# worker takes wait in the listen queue for the first thread free).
worker_connections = threads
wsgi_app = "diplomacy.wsgi:application"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Request lines as long as nginx's buffers take (large_client_header_buffers 8k), so that
# up to there the app answers, as problem+json; nginx refuses a longer one itself.
limit_request_line = 8190
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
# Behind nginx the peer is its socket: the client is in X-Forwarded-For.
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
# PostgreSQL connections come from a pool per worker (see diplomacy/settings.py).
os.environ.setdefault("DATABASE_POOL", "true")
# gunicorn 24+ opens a control socket at a fixed path under $HOME; several servers on one
# machine (tests, benchmarks) would share it.
control_socket_disable = True
