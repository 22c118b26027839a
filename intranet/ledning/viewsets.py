"""Admin screens for the content's non-page models (Wagtail snippet viewsets); wagtail_hooks.py
groups them with the features' under the admin menu "Ledningssystem"."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .exports import FormulaSafeIndexView
from .models import DocumentType, GovernedDocument, Workplace


class GovernedDocumentFilterSet(WagtailFilterSet):
    document_type = django_filters.ChoiceFilter(
        label=_("Dokumenttyp"), choices=DocumentType.choices
    )
    tags = django_filters.CharFilter(
        label=_("Tagg"), field_name="tags__name", lookup_expr="iexact", distinct=True
    )

    class Meta:
        model = GovernedDocument
        fields = ["document_type", "tags", "live"]


class GovernedDocumentViewSet(SnippetViewSet):
    model = GovernedDocument
    index_view_class = FormulaSafeIndexView
    icon = "doc-full-inverse"
    menu_label = _("Styrande dokument")
    menu_order = 100
    add_to_admin_menu = False
    filterset_class = GovernedDocumentFilterSet
    list_display = [
        "title",
        Column("document_type", label=_("Dokumenttyp"), accessor="get_document_type_display"),
        "approved_on",
        "revised_on",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_export = [
        "key",
        "title",
        "document_type",
        "summary",
        "author",
        "owner",
        "reviewed_by",
        "approved_by",
        "approved_on",
        "revised_on",
        "url",
        "live",
    ]
    export_filename = "styrande-dokument"
    # The admin searches the model's autocomplete fields (title and key); naming other fields
    # here fails, as they are not autocomplete fields.
    ordering = ["title"]


class WorkplaceViewSet(SnippetViewSet):
    model = Workplace
    index_view_class = FormulaSafeIndexView
    icon = "group"
    menu_label = _("Arbetsplatser")
    menu_order = 200
    list_display = ["name", Column("parent", label=_("Ingår i")), "key"]
    list_export = ["key", "name", "parent"]
    export_filename = "arbetsplatser"
    ordering = ["name"]
