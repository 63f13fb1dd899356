# `make serve` and `make test` set everything up on a fresh machine (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
# `make dev` only: DEBUG on, a throwaway key, the autoreloading server.
DEV_ENV := DJANGO_DEBUG=true
TEST_ENV := DJANGO_SECRET_KEY=insecure-test-only-key
# `make serve` runs what production runs, with a secret key generated once into var/
# (or DJANGO_SECRET_KEY from the environment). Set DATABASE_URL for PostgreSQL.
SERVE_ENV := DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" PYTHON=$(BIN)/python

.PHONY: install serve dev test lint lint-schema coverage format clean

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# The Python packages, and nginx (bin/container serve runs it in front of gunicorn).
install: $(STAMP)
	bin/install-nginx

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# nginx in front of gunicorn's threaded workers, DEBUG off, static files collected, on
# 127.0.0.1:8000.
serve: install var/secret_key
	$(SERVE_ENV) bin/container static
	$(SERVE_ENV) bin/container prepare
	$(SERVE_ENV) HOST=127.0.0.1 bin/container serve

# Django's autoreloading development server, DEBUG on.
dev: install
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_seed_data
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite on TEST_WORKERS processes (pytest-xdist; 0 runs it in this one), then its ten
# slowest tests; then, in a run of its own (it commits to its database), the editor's
# review in Debian's Chromium (bin/install-chromium puts it on the machine).
TEST_WORKERS ?= 2
test: install
	bin/install-chromium
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --durations=10 --ignore=tests/browser $(PYTEST_ARGS)
	$(if $(PYTEST_ARGS),,$(TEST_ENV) $(BIN)/python -m pytest -p no:xdist -p no:randomly -s tests/browser)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The OpenAPI document: drf-spectacular's own checks, openapi-spec-validator, then Spectral.
lint-schema: install
	mkdir -p var
	$(TEST_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml
	$(BIN)/openapi-spec-validator var/openapi.yaml
	npx --yes @stoplight/spectral-cli@6.16.3 lint var/openapi.yaml --ruleset .spectral.yaml --fail-severity error

# Every sentence of every seed article is cited by a record or marked with a reason:
# the fixtures loaded into a scratch database, then `source_coverage --check`.
coverage: install
	rm -f var/coverage.sqlite3 && mkdir -p var
	$(TEST_ENV) DATABASE_URL=sqlite:///var/coverage.sqlite3 $(BIN)/python manage.py migrate -v0
	$(TEST_ENV) DATABASE_URL=sqlite:///var/coverage.sqlite3 $(BIN)/python manage.py load_seed_data
	$(TEST_ENV) DATABASE_URL=sqlite:///var/coverage.sqlite3 $(BIN)/python manage.py source_coverage --check
	rm -f var/coverage.sqlite3

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles
