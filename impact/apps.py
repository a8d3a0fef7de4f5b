from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("ImPACT Hub")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        # `tasks` registers the Celery tasks in every process: the outbox enqueues them by
        # name, and an eager Celery (development, tests) runs only the tasks it knows.
        from . import audit, language, signals, tasks  # noqa: F401
        from .sites import sync_site

        audit.connect()

        # Connected before django.contrib.sites' handler (this app comes first), so it runs first.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"))
