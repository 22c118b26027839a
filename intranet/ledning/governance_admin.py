"""The admin side of governance: the reports' URLs and menu items. The Wagtail hooks in
wagtail_hooks.py register these and nothing else. (The publish messages are in
approval_admin.)"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from . import reports
from .permissions import PermissionMenuItem

REPORTS = [
    ("granskning", "reviews", reports.ReviewReportView),
    ("utan-ansvarig", "ownerless", reports.OwnerlessReportView),
    ("dokument-utan-sida", "orphans", reports.OrphanDocumentsReportView),
    ("andringslogg", "changes", reports.ChangeLogReportView),
]


def report_urls():
    patterns = []
    for slug, name, view in REPORTS:
        patterns += [
            path(f"{slug}/", view.as_view(), name=name),
            path(f"{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [
        path(
            "ledningssystem/rapporter/",
            include((patterns, "ledning_reports"), namespace="ledning_reports"),
        )
    ]


def _menu_item(label, name: str, icon: str, order: int) -> PermissionMenuItem:
    """The report's menu item, shown only to those who may open the report."""
    view = next(view for _slug, report, view in REPORTS if report == name)
    return PermissionMenuItem(
        label,
        reverse(f"ledning_reports:{name}"),
        name=f"ledning-{name}",
        icon_name=icon,
        order=order,
        permission=view.required_permission,
    )


def review_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: granskning"), "reviews", "time", 900)


def ownerless_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: utan ansvarig"), "ownerless", "user", 901)


def orphans_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: dokument utan sida"), "orphans", "doc-empty", 902)


def changes_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: ändringslogg"), "changes", "history", 903)
