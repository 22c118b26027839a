"""The broken-link report in the Wagtail admin: grouped by page or by owner, filters, a link to
edit the page at the place of the link, "ignore this link", CSV/XLSX export. The Wagtail hooks
in wagtail_hooks.py register the URLs and the menu item and nothing else."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from ..exports import FormulaSafeExportMixin
from ..permissions import (
    IGNORE_BROKEN_LINKS,
    VIEW_BROKEN_LINKS_REPORT,
    PermissionMenuItem,
    PermissionRequiredMixin,
)
from . import selectors, services
from .models import PROBLEM_VERDICTS, Link, LinkPlace, Verdict

GROUPS = [("sida", gettext_lazy("Sida")), ("ansvarig", gettext_lazy("Ansvarig"))]
SHOW = [("", gettext_lazy("Att åtgärda")), ("ignorerade", gettext_lazy("Ignorerade"))]


def _owners():
    return (
        get_user_model()
        .objects.filter(pk__in=LinkPlace.owners.through.objects.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


class BrokenLinksFilterSet(WagtailFilterSet):
    verdict = django_filters.ChoiceFilter(
        label=gettext_lazy("Resultat"),
        field_name="link__verdict",
        choices=[(verdict.value, verdict.label) for verdict in Verdict if verdict != Verdict.OK],
    )
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Ansvarig"), field_name="owners", queryset=lambda request: _owners()
    )
    visa = django_filters.ChoiceFilter(
        label=gettext_lazy("Visa"), choices=SHOW, method="filter_show", empty_label=None
    )
    gruppera = django_filters.ChoiceFilter(
        label=gettext_lazy("Gruppera efter"),
        choices=GROUPS,
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = LinkPlace
        fields = ["verdict", "owner"]

    def filter_show(self, queryset, name, value):
        return queryset.filter(link__ignored=value == "ignorerade")

    def filter_nothing(self, queryset, name, value):
        return queryset  # grouping is applied to the rows (BrokenLinksReportView)


class IgnoreColumn(Column):
    """A small POST form: ignore the link, or stop ignoring it."""

    cell_template_name = "ledning/linkcheck/ignore_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update(
            {
                "action": reverse("ledning_linkcheck:ignore", args=[instance.link_id]),
                "csrf_token": get_token(request) if request is not None else "",
                "ignored": instance.link.ignored,
                "next": request.get_full_path() if request is not None else "",
            }
        )
        return context


class BrokenLinksReportView(PermissionRequiredMixin, FormulaSafeExportMixin, ReportView):
    required_permission = VIEW_BROKEN_LINKS_REPORT
    page_title = gettext_lazy("Trasiga länkar")
    header_icon = "link-external"
    paginate_by = 100
    model = LinkPlace
    filterset_class = BrokenLinksFilterSet
    index_url_name = "ledning_linkcheck:report"
    index_results_url_name = "ledning_linkcheck:report_results"
    export_filename = "trasiga-lankar"
    list_export = [
        "owner",
        "title",
        "where_label",
        "text",
        "url",
        "verdict_label",
        "status",
        "error",
        "first_broken_at",
        "absolute_edit_url",
    ]
    export_headings = {
        "owner": gettext_lazy("Ansvarig"),
        "title": gettext_lazy("Sida eller dokument"),
        "where_label": gettext_lazy("Plats"),
        "text": gettext_lazy("Länktext"),
        "url": gettext_lazy("Adress"),
        "verdict_label": gettext_lazy("Resultat"),
        "status": gettext_lazy("HTTP-status"),
        "error": gettext_lazy("Fel"),
        "first_broken_at": gettext_lazy("Trasig sedan"),
        "absolute_edit_url": gettext_lazy("Redigera"),
    }

    @property
    def by_owner(self) -> bool:
        return self.request.GET.get("gruppera") == "ansvarig"

    @property
    def columns(self):
        title = TitleColumn(
            "title", label=gettext_lazy("Sida eller dokument"), get_url=lambda row: row.edit_url
        )
        owner = Column("owner", label=gettext_lazy("Ansvarig"))
        first = [owner, title] if self.by_owner else [title, owner]
        columns = [
            *first,
            Column("where_label", label=gettext_lazy("Plats")),
            Column("text", label=gettext_lazy("Länktext")),
            Column("short_url", label=gettext_lazy("Adress")),
            Column("verdict_label", label=gettext_lazy("Resultat")),
            Column("error", label=gettext_lazy("Fel")),
            DateColumn("first_broken_at", label=gettext_lazy("Trasig sedan")),
        ]
        if self.request.user.has_perm(IGNORE_BROKEN_LINKS):
            columns.append(IgnoreColumn("ignore", label=gettext_lazy("Åtgärd")))
        return columns

    def get_queryset(self):
        return LinkPlace.objects.select_related("link", "page").prefetch_related("owners")

    def get_filtered_queryset(self):
        places = self.filter_queryset(self.get_queryset())
        if not self.request.GET.get("verdict"):
            places = places.filter(link__verdict__in=PROBLEM_VERDICTS)
        if self.request.GET.get("visa") != "ignorerade":
            places = places.filter(link__ignored=False)
        places = places.distinct().order_by("title", "field", "block_path", "pk")
        if self.by_owner:
            return selectors.owner_rows(places)
        return selectors.place_rows(places)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["last_run"] = selectors.last_run()
        return context


@require_POST
def ignore_link(request, link_id: int):
    if not request.user.has_perm(IGNORE_BROKEN_LINKS):
        raise PermissionDenied
    link = get_object_or_404(Link, pk=link_id)
    ignored = request.POST.get("ignore", "1") == "1"
    services.set_ignored(link.pk, request.user, ignored)
    if ignored:
        messages.success(request, _("Länken %(url)s ignoreras i rapporterna.") % {"url": link.url})
    else:
        messages.success(request, _("Länken %(url)s visas i rapporterna igen.") % {"url": link.url})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("ledning_linkcheck:report")
    return HttpResponseRedirect(target)


def admin_urls():
    patterns = [
        path("", BrokenLinksReportView.as_view(), name="report"),
        path("results/", BrokenLinksReportView.as_view(results_only=True), name="report_results"),
        path("<int:link_id>/ignorera/", ignore_link, name="ignore"),
    ]
    return [
        path(
            "ledningssystem/trasiga-lankar/",
            include((patterns, "ledning_linkcheck"), namespace="ledning_linkcheck"),
        )
    ]


def menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        gettext_lazy("Ledningssystem: trasiga länkar"),
        reverse("ledning_linkcheck:report"),
        name="ledning-broken-links",
        icon_name="link-external",
        order=904,
        permission=VIEW_BROKEN_LINKS_REPORT,
    )
