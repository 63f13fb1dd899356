"""Settings for every environment, read from environment variables (see docs/configuration.md)."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from diplomacy.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = BASE_DIR / "seeds"
FIXTURES_DIR = BASE_DIR / "fixtures"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see docs/configuration.md)."
        )
    SECRET_KEY = "insecure-local-development-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Behind a TLS-terminating proxy: redirect to HTTPS, HSTS, secure cookies.
HTTPS = env_bool("DJANGO_HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# Request size limits: article texts are the largest bodies the API accepts. A body declared
# larger is refused (413) before it is read (api.middleware.RequestLimitsMiddleware; nginx
# refuses it before it reaches the app).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_REQUEST_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Proxies whose X-Forwarded-For is believed (addresses or CIDR networks): the client is the
# nearest address in it that is not one of them. A peer that is not one of them is the client,
# whatever it claims. (The proxy bin/container serve starts reaches the app over a Unix
# socket and is always believed.)
try:
    TRUSTED_PROXIES = tuple(
        ipaddress.ip_network(entry, strict=False) for entry in env_list("TRUSTED_PROXIES", [])
    )
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "knox",
    "axes",
    "diplomacy",
    "intake",
    "api",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An oversized body or a control character in the query is refused before anything else;
    # anonymous API requests' worker time is counted against their address.
    "api.middleware.RequestLimitsMiddleware",
    # An ETag on every GET; If-None-Match answers 304 without the body.
    "api.middleware.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.DatabaseUnavailableMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Vary: Authorization on every API answer; Cache-Control: private for signed-in users.
    "api.middleware.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "diplomacy.urls"
WSGI_APPLICATION = "diplomacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The reader's pages (pages/jinja2/).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "pages.jinja.environment"},
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
# SQL that runs longer is stopped, and the request answers 503 with Retry-After (a facet is
# reported as timed out): on PostgreSQL every statement of the app's connections (their
# statement_timeout; migrations lift it), on SQLite the API's lists, searches, facets,
# feeds and exports' batches (api/limits.py). 0: no limit.
QUERY_TIME_LIMIT_MS = env_int("QUERY_TIME_LIMIT_MS", 5000)
# Seconds a connection outlives its request; none when PostgreSQL connections come from a
# pool instead (DATABASE_POOL, which the served app turns on in gunicorn.conf.py).
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASE_POOL = env_bool("DATABASE_POOL", default=False)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL") or DEFAULT_SQLITE_URL,
            conn_max_age=CONN_MAX_AGE,
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
# A read replica, when there is one: API reads go there, writes to the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# API queries read a page at a time; starting parallel workers costs them more than it
# saves (a date-window count took twice as long with them on a million statements).
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = "-c max_parallel_workers_per_gather=0"
        if QUERY_TIME_LIMIT_MS > 0:
            options += f" -c statement_timeout={QUERY_TIME_LIMIT_MS}"
        database.setdefault("OPTIONS", {})["options"] = options
        if DATABASE_POOL:
            database["CONN_MAX_AGE"] = 0  # the pool keeps the connections
            # A request waits at most 5 s for a connection, then answers 503. The pool gives
            # up reconnecting after 2 s and starts again on the next request, so once the
            # database is back, requests are answered at once (its backoff would otherwise
            # double the wait after each failed attempt).
            database["OPTIONS"]["pool"] = {
                "min_size": 1,
                "max_size": 8,
                "timeout": 5,
                "reconnect_timeout": 2,
            }
    # SQLite has one writer at a time: a transaction takes the write lock when it begins
    # and the next one waits for it (up to 20 s) rather than failing with "database is
    # locked" when two read-then-write transactions meet.
    # In write-ahead-log mode, readers and the writer do not block each other: a long export
    # does not hold up a publisher's retraction.
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL"
        )
DATABASE_ROUTERS = ["diplomacy.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login, the admin's and the token endpoint's (HTTP Basic), first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After LOGIN_FAILURE_LIMIT failures, an address, and a username from that address, are
# refused (429) for LOGIN_LOCKOUT_MINUTES: a stranger forging addresses locks out only
# their own. A username's failures from all addresses together slow further guesses from
# new addresses (api/logins.py). Failures are counted in the database, so the count holds
# without Redis; if it cannot be read, the login fails (closed, not open).
AXES_HANDLER = "api.logins.BackoffHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["ip_address", "username"]]
LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 60)
# A refused attempt does not start the lockout again, nor count as a failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Failures expire after the lockout time; a success does not wipe them (it would wipe the
# failures of every username from the same address too).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "api.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "api.errors.login_locked_out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The service speaks English only (the OpenAPI document's ``lang`` takes these).
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Production serves what collectstatic gathered; before it has run, the apps' folders.
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_ROOT.is_dir()
WHITENOISE_AUTOREFRESH = DEBUG

# A cache shared by every worker (Redis) keeps throttling counts exact; without
# REDIS_URL each process counts alone, so N workers admit N times the limit.
REDIS_URL = env_str("REDIS_URL")
# A hung Redis costs a request at most this timeout (seconds); after a failure the worker
# leaves Redis alone for REDIS_RETRY_SECONDS (diplomacy/cache.py): pages are built from
# the database and throttles count in the worker meanwhile.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT_SECONDS", 0.2)
REDIS_RETRY_SECONDS = env_float("REDIS_RETRY_SECONDS", 5)


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "diplomacy.cache.FailFastRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }


LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}
CACHES = {
    "default": redis_cache(REDIS_URL) if REDIS_URL else LOCAL_CACHE,
    # Throttle counts while Redis is unreachable (api/throttling.py).
    "local": LOCAL_CACHE,
}
# Public list pages are cached this many seconds under the change feed's position, which
# every committed public change moves (diplomacy/changes.py). Off without Redis: a per-process
# cache would hold pages of its own.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60 if REDIS_URL else 0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.base.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is answered 401 with WWW-Authenticate.
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SafeJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousRateThrottle",
        "api.throttling.AuthenticatedRateThrottle",
        "api.limits.WorkerTimeThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "300/min"),
        "user": env_str("THROTTLE_USER", "1200/min"),
        "token": env_str("THROTTLE_TOKEN", "10/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomacy event data API",
    "DESCRIPTION": (
        "A sourced record of diplomatic activity around the Israel–Gaza war. Every meeting, "
        "statement, resolution and post cites the words of a source article that support it, "
        "with character offsets: `source.text[start:end] == excerpt`."
    ),
    "VERSION": "1.0.0",
    "CONTACT": {"name": "The diplomacy event data team"},
    "LICENSE": {"name": "Data: see each source's terms; code: all rights reserved"},
    "TAGS": [
        {"name": "actors", "description": "People, states and organizations, with their posts."},
        {"name": "meetings", "description": "Meetings, visits, calls, summits and talks."},
        {"name": "statements", "description": "Quotes (verbatim) and paraphrases."},
        {"name": "resolutions", "description": "UN resolutions and drafts, with votes."},
        {"name": "sources", "description": "The articles every record cites."},
        {"name": "topics", "description": "The controlled vocabulary."},
        {"name": "figures", "description": "Casualty and hostage counts, per source."},
        {"name": "changes", "description": "What changed in the public record, for syncing."},
        {"name": "snapshots", "description": "Bulk downloads of the published record."},
        {"name": "auth", "description": "API tokens for curators."},
        {
            "name": "intake",
            "description": "Articles taken in by curators, and the records the rules propose "
            "from them: curators only, never public.",
        },
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.tighten",
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "diplomacy.choices.DatePrecision",
        "ActorKindEnum": "diplomacy.choices.ActorKind",
        "MeetingKindEnum": "diplomacy.choices.MeetingKind",
        "MeetingFormatEnum": "diplomacy.choices.MeetingFormat",
        "OccurrenceEnum": "diplomacy.choices.Occurrence",
        "ParticipantRoleEnum": "diplomacy.choices.ParticipantRole",
        "CitationRoleEnum": "diplomacy.choices.CitationRole",
        "StatementKindEnum": "diplomacy.choices.StatementKind",
        "UNBodyEnum": "diplomacy.choices.UNBody",
        "ResolutionOutcomeEnum": "diplomacy.choices.ResolutionOutcome",
        "VotePositionEnum": "diplomacy.choices.VotePosition",
        "FigureMeasureEnum": "diplomacy.choices.FigureMeasure",
        "FigureQualifierEnum": "diplomacy.choices.FigureQualifier",
        "StatusEnum": "diplomacy.choices.PublicationStatus",
        "ProposalStatusEnum": "intake.models.ProposalStatus",
        "ProposalKindEnum": "intake.models.ProposalKind",
    },
}

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 10)),
    "AUTO_REFRESH": False,
}

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
# Any origin may read; writes cross origins only with a token, since no cookie is sent.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]
CORS_ALLOW_CREDENTIALS = False

# Bulk snapshots of the published records (manage.py export_snapshot), one directory each,
# served at /api/v1/snapshots/. The licence is the data package's: the articles' own terms.
SNAPSHOT_ROOT = Path(env_str("SNAPSHOT_ROOT") or BASE_DIR / "var" / "snapshots")
# Behind the proxy bin/container serve starts, a snapshot's file is sent by the proxy itself
# (X-Accel-Redirect to this internal prefix), not through a gunicorn thread.
NGINX_SENDS_FILES = env_bool("NGINX_SENDS_FILES", default=False)
SNAPSHOT_DOWNLOAD_PREFIX = "/_snapshot-files/"

# What one client, or all of them, may cost the service (docs/configuration.md). Each is read here
# and nowhere else, as Datasette keeps its limits (QUERY_TIME_LIMIT_MS is above, with the
# databases).
# Exports (CSV or NDJSON of a whole list) at once, per client address and in all: counted by
# the app while it writes them, and by the proxy until its client has read them.
EXPORTS_PER_CLIENT = env_int("EXPORTS_PER_CLIENT", 2)
EXPORTS_TOTAL = env_int("EXPORTS_TOTAL", 8)
# Requests being served at once per client address (the proxy counts them, sending included);
# 0: half of gunicorn's threads (WEB_CONCURRENCY x GUNICORN_THREADS), at least 2.
REQUESTS_PER_CLIENT = env_int("REQUESTS_PER_CLIENT", 0)
# Snapshot downloads at once (the proxy counts them): per client address 2, and in all.
DOWNLOADS_TOTAL = env_int("DOWNLOADS_TOTAL", 16)
# Seconds of a worker's time an anonymous client address may use per minute (429 beyond).
ANONYMOUS_WORKER_SECONDS = env_float("ANONYMOUS_WORKER_SECONDS", 30)
# Snapshots kept: an export removes older ones, and the list shows at most these.
SNAPSHOT_KEEP = env_int("SNAPSHOT_KEEP", 7)
# How often the snapshot watcher (bin/container serve) looks for a withdrawn latest snapshot,
# to write its replacement; `latest` answers 503 with this Retry-After meanwhile.
SNAPSHOT_WATCH_SECONDS = env_int("SNAPSHOT_WATCH_SECONDS", 15)
SNAPSHOT_LICENSE = {"name": "other-at", "title": "Data: see each source's terms"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
