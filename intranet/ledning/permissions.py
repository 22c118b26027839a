"""Permission checks of the management system's admin reports, their menu items and actions.

Each report, its results and export URLs, its menu item and each action needs one Django
permission (declared on governance/models/reports.py, named below); a user without it does not
see the menu item, and the URLs answer as Wagtail's admin does to any view a user may not open
(PermissionDenied: a redirect to the dashboard with a message, or 403 to a script).
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.admin.menu import MenuItem

from .models import ReportPermission

# The reports' and actions' permissions ("app_label.codename", for user.has_perm()); the
# permissions themselves are declared on ReportPermission (governance/models/reports.py).
VIEW_REVIEW_REPORT = "ledning.view_review_report"
VIEW_OWNERLESS_REPORT = "ledning.view_ownerless_report"
VIEW_ORPHANS_REPORT = "ledning.view_orphans_report"
VIEW_CHANGE_LOG_REPORT = "ledning.view_change_log_report"
VIEW_BROKEN_LINKS_REPORT = "ledning.view_broken_links_report"
IGNORE_BROKEN_LINKS = "ledning.ignore_broken_links"


class PermissionRequiredMixin:
    """For Wagtail admin views: ``required_permission`` ("app_label.codename") or denied."""

    required_permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.required_permission or not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with ``permission`` ("app_label.codename")."""

    def __init__(self, *args, permission: str, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


def report_permissions() -> QuerySet[Permission]:
    """register_permissions: the reports' permissions in Wagtail's group editor."""
    return Permission.objects.filter(
        content_type__app_label=ReportPermission._meta.app_label,
        content_type__model=ReportPermission._meta.model_name,
    )
