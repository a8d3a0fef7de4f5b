from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Sessions and summaries")

    def ready(self) -> None:
        # Registers the Celery tasks in every process: the domain enqueues them by name, and
        # an eager Celery (development, tests) runs only the tasks it knows.
        from . import audit_trail, tasks  # noqa: F401

        # Sessions, reports, the summary and its exports: impact.audit's trail.
        audit_trail.connect()
