"""gunicorn's settings for the portal (read from the working directory by `gunicorn`).

Sync workers: each handles one request at a time, so a slow request holds a worker, never the
whole site, and `timeout` bounds how long any request may hold one. Every value can be set in
the environment (see `.env.example`); the defaults suit a 2-core host behind a proxy that
buffers slow clients (nginx, a cloud load balancer), which sync workers need.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# (2 × cores) + 1, gunicorn's own advice for sync workers.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request still running after this many seconds is killed (its worker restarted): no page
# of the portal takes more than a fraction of a second, exports run in Celery.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers restarted after this many requests (with jitter, so not all at once): bounds the
# memory any leak can take. 0: never.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)
# Request line and headers bounded before Django sees them (bodies: impact.bodylimits).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy that sets X-Forwarded-Proto (the settings trust it for HTTPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
