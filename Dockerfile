# ImPACT Hub — one image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF export) needs Pango and fonts; curl serves the container health check;
# postgresql-client (pg_dump, pg_restore) serves `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core \
       fonts-liberation2 gettext curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 impact
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .

# Static files are collected at build time and served by whitenoise.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input \
    && (python manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true) \
    && mkdir -p /app/media && chown -R impact:impact /app/media

USER impact
EXPOSE 8000
# Workers, timeout and limits: gunicorn.conf.py (each overridable from the environment).
ENV GUNICORN_ACCESS_LOG=- GUNICORN_MAX_REQUESTS=2000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "impact.wsgi:application"]
