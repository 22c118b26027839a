"""Admin screens for governance records: the list of continuous updates (change proposals)
and the roles approvers approve as. ledning/viewsets.py puts them in the Ledningssystem menu."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..exports import FormulaSafeIndexView
from ..models import ApproverRole, ChangeKind
from .models import ChangeProposal, ProposalStatus


class ChangeProposalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Typ av ändring"), choices=ChangeKind.choices)
    assignee = django_filters.ModelChoiceFilter(
        label=_("Handläggare"),
        queryset=lambda request: (
            get_user_model().objects.filter(assigned_ledning_proposals__isnull=False).distinct()
        ),
    )

    class Meta:
        model = ChangeProposal
        fields = ["status", "kind", "assignee"]


class ChangeProposalViewSet(SnippetViewSet):
    """Lista för kontinuerliga uppdateringar (seed 000): every proposal with its status."""

    model = ChangeProposal
    index_view_class = FormulaSafeIndexView
    icon = "comment"
    menu_label = _("Ändringsförslag")
    menu_order = 300
    filterset_class = ChangeProposalFilterSet
    list_display = [
        "title",
        Column("kind", label=_("Typ av ändring"), accessor="get_kind_display"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda proposal: (
                proposal.status in {ProposalStatus.NEW, ProposalStatus.IN_PROGRESS}
            ),
        ),
        Column("assignee", label=_("Handläggare")),
        Column("proposer_name", label=_("Föreslagen av")),
        DateColumn("created_at", label=_("Inkommen")),
        Column("target_url", label=_("Sida")),
    ]
    list_export = [
        "created_at",
        "title",
        "get_kind_display",
        "get_status_display",
        "assignee",
        "proposer_name",
        "text",
        "response",
        "target_url",
    ]
    export_headings = {
        "created_at": _("Inkommen"),
        "title": _("Gäller"),
        "get_kind_display": _("Typ av ändring"),
        "get_status_display": _("Status"),
        "assignee": _("Handläggare"),
        "proposer_name": _("Föreslagen av"),
        "text": _("Förslag"),
        "response": _("Anteckning"),
        "target_url": _("Sida"),
    }
    export_filename = "andringsforslag"
    ordering = ["-created_at"]


class ApproverRoleViewSet(SnippetViewSet):
    """Roller vid fastställande: what "Fastställd av" says when a person (or anyone in a
    group) approves."""

    model = ApproverRole
    icon = "user"
    menu_label = _("Roller vid fastställande")
    menu_order = 400
    list_display = ["title", Column("user", label=_("Person")), "group"]
    ordering = ["title"]
