from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Per-user intranet features: workplaces, Min sida, bookmarks, shortcuts and news."""

    name = "intranet.staff"
    label = "staff"
    verbose_name = _("Medarbetare")
    default_auto_field = "django.db.models.BigAutoField"
