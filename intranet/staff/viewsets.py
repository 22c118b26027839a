"""Admin screens for the staff app's non-page models."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

# The staff app builds on the management system (workplaces) already; one CSV-safe export.
from intranet.ledning.exports import FormulaSafeIndexView

from .models import Tool


class ToolViewSet(SnippetViewSet):
    """The catalogue of tools staff pick their shortcuts from (Redigera genvägar)."""

    model = Tool
    index_view_class = FormulaSafeIndexView
    icon = "link"
    menu_label = _("Verktyg för genvägar")
    menu_name = "verktyg"
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("url", label=_("Adress")),
        BooleanColumn("default_for_everyone", label=_("Standard för alla")),
    ]
    list_export = ["name", "url", "description", "default_for_everyone"]
    export_filename = "verktyg"
