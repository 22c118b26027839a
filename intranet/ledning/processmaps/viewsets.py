"""The admin screen of process maps (a snippet viewset in the Ledningssystem menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..exports import FormulaSafeIndexView
from ..models import ProcessMap


class ProcessMapViewSet(SnippetViewSet):
    model = ProcessMap
    index_view_class = FormulaSafeIndexView
    icon = "site"
    menu_label = _("Processkartor")
    menu_order = 150
    list_display = [
        "title",
        "owner",
        Column("approved_on", label=_("Fastställd")),
        UpdatedAtColumn(),
    ]
    list_export = ["title", "owner", "reviewed_by", "approved_by", "approved_on", "revised_on"]
    export_filename = "processkartor"
    ordering = ["title"]
