# Runs the API with Django's own server for now; production serving
# (gunicorn, static files, health checks, non-root user) is still to come.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY diplomacy ./diplomacy
COPY api ./api
RUN pip install --no-cache-dir .

COPY manage.py ./
COPY seeds ./seeds
COPY fixtures ./fixtures

EXPOSE 8000
# Migrations and the seed load are explicit: `docker run IMAGE python manage.py migrate`
# and `docker run IMAGE python manage.py load_seed_data` before serving.
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000", "--noreload"]
