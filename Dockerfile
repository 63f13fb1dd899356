# syntax=docker/dockerfile:1
# Build:    docker build -t diplomacy-events .
# Prepare:  docker run --env-file .env diplomacy-events bin/container prepare
# Serve:    docker run --env-file .env -p 8000:8000 diplomacy-events

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY diplomacy ./diplomacy
COPY api ./api
COPY intake ./intake
RUN /venv/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/venv/bin:$PATH" PYTHON=/venv/bin/python
# nginx, which bin/container serve runs in front of gunicorn (as the app user, on port 8000).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build /venv /venv
COPY manage.py gunicorn.conf.py ./
COPY bin ./bin
COPY diplomacy ./diplomacy
COPY api ./api
COPY intake ./intake
COPY seeds ./seeds
COPY fixtures ./fixtures
# collectstatic needs settings that import cleanly; the key is used for nothing else.
RUN DJANGO_SECRET_KEY=build-only bin/container static && mkdir -p /app/var && chown app:app /app/var
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status != 200)"
CMD ["bin/container", "serve"]
