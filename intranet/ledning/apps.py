from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedningConfig(AppConfig):
    name = "intranet.ledning"
    label = "ledning"
    verbose_name = _("Ledningssystem")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
