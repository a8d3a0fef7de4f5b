"""Settings of what the portal sends: e-mail, the notification outbox and webhooks, read from
the environment like the rest (`impact.settings` takes them all; `.env.example` lists them)."""

from pathlib import Path

from impact.env import env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# E-mail: console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (one file per message).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ImPACT Hub <no-reply@impact-hub.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The notification outbox (impact.notify, impact.outbox, impact.mailer).
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6)  # sends tried before a row fails
NOTIFY_RETRY_BACKOFF = env_int("NOTIFY_RETRY_BACKOFF", 30)  # seconds; doubles per retry
NOTIFY_RETRY_BACKOFF_MAX = env_int("NOTIFY_RETRY_BACKOFF_MAX", 300)
NOTIFY_SWEEP_AFTER = env_int("NOTIFY_SWEEP_AFTER", 300)  # pending this long: re-enqueued
NOTIFY_SENDING_LEASE = env_int("NOTIFY_SENDING_LEASE", 900)  # sending this long: worker lost
NOTIFY_BROKER_RETRY_AFTER = env_int("NOTIFY_BROKER_RETRY_AFTER", 30)  # after a failed publish
# Webhooks (impact.webhooks): delivered like mail, through the same sweep.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)  # loopback/private: tests only
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)  # attempts before a delivery fails
WEBHOOK_RETRY_BACKOFF = env_int("WEBHOOK_RETRY_BACKOFF", 30)  # seconds; doubles per retry
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 20)  # failed attempts in a row
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)  # seconds to wait for the receiver's answer
