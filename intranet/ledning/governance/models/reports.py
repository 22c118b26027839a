"""Permissions of the management system's admin reports and actions (DESIGN.md: "Admin menus,
reports and actions each have a permission; a user without it does not see them"), the
governance reports' and the link report's alike (ledning/permissions.py names each one).

The reports read other models (pages, governed documents, the change log, links), so their
permissions hang on a model of their own. It has no table: it only carries the permissions,
which are granted to groups in Wagtail's group editor like any other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportPermission(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_review_report", _("Kan se rapporten Granskning")),
            ("view_ownerless_report", _("Kan se rapporten Utan ansvarig")),
            ("view_orphans_report", _("Kan se rapporten Dokument utan sida")),
            ("view_change_log_report", _("Kan se rapporten Ändringslogg")),
            ("view_broken_links_report", _("Kan se rapporten Trasiga länkar")),
            ("ignore_broken_links", _("Kan ignorera trasiga länkar")),
        ]
        verbose_name = _("rapport i ledningssystemet")
        verbose_name_plural = _("rapporter i ledningssystemet")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
