from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The intranet shell (Ines): the home page, login, health check and the demo loader."""

    name = "intranet.portal"
    label = "portal"
    verbose_name = _("Intranätet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers
        from .clusterable import build_clusterables_quickly
        from .exports import protect_spreadsheet_exports

        signal_handlers.connect()
        protect_spreadsheet_exports()
        build_clusterables_quickly()
