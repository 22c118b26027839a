"""The governance dashboard: Wagtail report views with CSV/XLSX export.

- Granskning: overdue and soon-due reviews;
- Utan ansvarig: process pages and documents without an active owner (none, or all inactive);
- Dokument utan sida: live documents no page lists (orphans);
- PDF utan taggar: live documents whose file is an untagged PDF (not accessible);
- Ändringslogg: every published change, administrative or of substance.

The reports' URLs and menu items are at the end; ledning/wagtail_hooks.py registers them."""

from __future__ import annotations

import django_filters
from django.urls import include, path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from ...exports import FormulaSafeExportMixin
from ...governed import Governed
from ...models import GovernedDocument
from ...permissions import (
    VIEW_CHANGE_LOG_REPORT,
    VIEW_ORPHANS_REPORT,
    VIEW_OWNERLESS_REPORT,
    VIEW_REVIEW_REPORT,
    PermissionMenuItem,
    PermissionRequiredMixin,
)
from .. import selectors
from ..models import ChangeLogEntry, ChangeLogKind
from ..services import pdftags


def edit_url(obj: Governed | None) -> str:
    return obj.get_admin_edit_url() if obj is not None else ""


def entry_edit_url(entry: ChangeLogEntry) -> str:
    """The edit view of a change-log entry's page or document, from its key alone (no page
    loaded as its specific type for each row); "" when it was deleted."""
    if entry.page_id:
        return reverse("wagtailadmin_pages:edit", args=[entry.page_id])
    if entry.document_id:
        return reverse("wagtailsnippets_ledning_governeddocument:edit", args=[entry.document_id])
    return ""


class PlainColumn(Column):
    """A column of plain text, its cell written as Wagtail's ``tables/cell.html`` writes it but
    without rendering a template: a report's 100 rows of several columns are most of its
    cost."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        classname = format_html(' class="{}"', self.classname) if self.classname else ""
        return format_html("<td{}>{}</td>", classname, "" if value is None else value)


class DaysLeftColumn(PlainColumn):
    """Days until a review falls due, in words: "12 dagar kvar", "försenad 3 295 dagar"."""

    def get_value(self, instance):
        days = super().get_value(instance)
        if days is None:
            return "–"
        if days < 0:
            return ngettext("försenad %(days)s dag", "försenad %(days)s dagar", -days) % {
                "days": number_format(-days, force_grouping=True)
            }
        return ngettext("%(days)s dag kvar", "%(days)s dagar kvar", days) % {
            "days": number_format(days, force_grouping=True)
        }


class GovernanceReportView(PermissionRequiredMixin, FormulaSafeExportMixin, ReportView):
    """A report with its own permission (required_permission), also for its results and
    export URLs, and CSV cells safe to open in a spreadsheet program."""

    header_icon = "doc-full-inverse"
    paginate_by = 100


class ReviewReportView(GovernanceReportView):
    """Reviews that are overdue or fall due within LEDNING_REVIEW_REMINDER_DAYS."""

    required_permission = VIEW_REVIEW_REPORT
    page_title = _("Granskning av ledningssystemet")
    header_icon = "time"
    index_url_name = "ledning_reports:reviews"
    index_results_url_name = "ledning_reports:reviews_results"
    export_filename = "granskning"
    columns = [
        TitleColumn("title", label=_("Titel"), get_url=lambda item: item.admin_url),
        PlainColumn("type_label", label=_("Typ")),
        StatusTagColumn(
            "state_label", label=_("Status"), primary=lambda item: item.state == "overdue"
        ),
        DateColumn("due_on", label=_("Ska granskas senast")),
        DaysLeftColumn("days_left", label=_("Dagar kvar")),
        DateColumn("base", label=_("Senast reviderad eller fastställd")),
        PlainColumn("owner_names", label=_("Ansvarig")),
    ]
    list_export = [
        "title",
        "type_label",
        "state_label",
        "due_on",
        "days_left",
        "base",
        "owner_names",
    ]
    export_headings = {
        "title": _("Titel"),
        "type_label": _("Typ"),
        "state_label": _("Status"),
        "due_on": _("Ska granskas senast"),
        "days_left": _("Dagar kvar"),
        "base": _("Senast reviderad eller fastställd"),
        "owner_names": _("Ansvarig"),
    }

    def get_queryset(self):
        return selectors.review_report_rows(states={"overdue", "due_soon"})

    def get_filtered_queryset(self):
        return self.get_queryset()


class OwnerlessReportView(GovernanceReportView):
    """Process pages and governed documents without an active owner: nobody named and no owner
    role, or owners (named people, the members of the owner role) who are all inactive or
    gone."""

    required_permission = VIEW_OWNERLESS_REPORT
    page_title = _("Sidor och dokument utan aktiv ansvarig")
    header_icon = "user"
    index_url_name = "ledning_reports:ownerless"
    index_results_url_name = "ledning_reports:ownerless_results"
    export_filename = "utan-ansvarig"
    columns = [
        TitleColumn("title", label=_("Titel"), get_url=lambda row: row.admin_url),
        PlainColumn("type_label", label=_("Typ")),
        StatusTagColumn("problem_label", label=_("Orsak"), primary=lambda row: True),
        PlainColumn("owner_names", label=_("Ansvariga")),
        PlainColumn("role", label=_("Ansvarig roll")),
    ]
    list_export = ["title", "type_label", "problem_label", "owner_names", "role"]
    export_headings = {
        "title": _("Titel"),
        "type_label": _("Typ"),
        "problem_label": _("Orsak"),
        "owner_names": _("Ansvariga"),
        "role": _("Ansvarig roll"),
    }

    def get_queryset(self):
        return selectors.owner_problem_rows()

    def get_filtered_queryset(self):
        return self.get_queryset()


class OrphanDocumentsReportView(GovernanceReportView):
    """Live governed documents that no page lists: they cannot be found by browsing."""

    required_permission = VIEW_ORPHANS_REPORT
    page_title = _("Dokument som inte finns på någon sida")
    header_icon = "doc-empty"
    model = GovernedDocument
    index_url_name = "ledning_reports:orphans"
    index_results_url_name = "ledning_reports:orphans_results"
    export_filename = "dokument-utan-sida"
    columns = [
        TitleColumn("title", label=_("Titel"), get_url=edit_url),
        PlainColumn("document_type", label=_("Dokumenttyp"), accessor="get_document_type_display"),
        PlainColumn("owner", label=_("Dokumentansvarig")),
        DateColumn("revised_on", label=_("Reviderad")),
    ]
    list_export = ["key", "title", "get_document_type_display", "owner", "revised_on"]
    export_headings = {
        "key": _("Nyckel"),
        "title": _("Titel"),
        "get_document_type_display": _("Dokumenttyp"),
        "owner": _("Dokumentansvarig"),
        "revised_on": _("Reviderad"),
    }

    def get_queryset(self):
        return selectors.orphan_documents()


class UntaggedPdfReportView(OrphanDocumentsReportView):
    """Live governed documents whose file is a PDF without tags: a screen reader cannot follow
    its headings, lists and reading order. Each row names the document's owner, who replaces
    the file with a tagged one. Seen by those who see the orphans (both are documents that
    need their owner's attention)."""

    page_title = _("PDF utan taggar")
    header_icon = "warning"
    index_url_name = "ledning_reports:untagged_pdfs"
    index_results_url_name = "ledning_reports:untagged_pdfs_results"
    export_filename = "pdf-utan-taggar"
    columns = [
        *OrphanDocumentsReportView.columns[:2],
        PlainColumn("owners", label=_("Ansvariga"), accessor=selectors.document_owner_names),
        StatusTagColumn("problem", label=_("Brist"), accessor=lambda row: _("PDF utan taggar")),
        OrphanDocumentsReportView.columns[3],
    ]

    def get_queryset(self):
        # Files stored before their answers were kept, or written past save(): read once.
        pdftags.check_unchecked()
        return selectors.untagged_pdf_documents()


class ChangeLogFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Typ av ändring"), choices=ChangeLogKind.choices)
    published_at = django_filters.DateFromToRangeFilter(
        label=_("Publicerad"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ChangeLogEntry
        fields = ["kind", "published_at"]


class ChangeLogReportView(GovernanceReportView):
    """Every published change: who, when, administrative or of substance, and the note."""

    required_permission = VIEW_CHANGE_LOG_REPORT
    page_title = _("Ändringslogg för ledningssystemet")
    header_icon = "history"
    model = ChangeLogEntry
    filterset_class = ChangeLogFilterSet
    index_url_name = "ledning_reports:changes"
    index_results_url_name = "ledning_reports:changes_results"
    export_filename = "andringslogg"
    columns = [
        DateColumn("published_at", label=_("Publicerad")),
        TitleColumn("title", label=_("Titel"), get_url=entry_edit_url),
        PlainColumn("type_label", label=_("Typ")),
        PlainColumn("kind", label=_("Typ av ändring"), accessor="get_kind_display"),
        PlainColumn("note", label=_("Vad har ändrats")),
        PlainColumn("editor_name", label=_("Ändrad av")),
        PlainColumn("approver_name", label=_("Fastställd av")),
        PlainColumn("approver_role", label=_("Fastställd som")),
        DateColumn("revised_on", label=_("Reviderad")),
    ]
    list_export = [
        "published_at",
        "title",
        "type_label",
        "get_kind_display",
        "note",
        "editor_name",
        "approver_name",
        "approver_role",
        "revised_on",
    ]
    export_headings = {
        "published_at": _("Publicerad"),
        "title": _("Titel"),
        "type_label": _("Typ"),
        "get_kind_display": _("Typ av ändring"),
        "note": _("Vad har ändrats"),
        "editor_name": _("Ändrad av"),
        "approver_name": _("Fastställd av"),
        "approver_role": _("Fastställd som"),
        "revised_on": _("Reviderad"),
    }

    def get_queryset(self):
        return ChangeLogEntry.objects.select_related("editor").order_by("-published_at", "-pk")


# --- the reports' URLs and menu items (registered by ledning/wagtail_hooks.py) ------------

REPORTS = [
    ("granskning", "reviews", ReviewReportView),
    ("utan-ansvarig", "ownerless", OwnerlessReportView),
    ("dokument-utan-sida", "orphans", OrphanDocumentsReportView),
    ("pdf-utan-taggar", "untagged_pdfs", UntaggedPdfReportView),
    ("andringslogg", "changes", ChangeLogReportView),
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


def untagged_pdfs_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: PDF utan taggar"), "untagged_pdfs", "warning", 904)


def changes_menu_item() -> PermissionMenuItem:
    return _menu_item(_("Ledningssystem: ändringslogg"), "changes", "history", 903)
