from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = _("Coalitions")

    def ready(self) -> None:
        # The admin is part of review (`coalitions/review/admin/`), not at the app's top level
        # where `admin.autodiscover()` looks.
        from .hub import signals
        from .review import admin  # noqa: F401

        signals.connect()
