"""The follow-up of läskvittens in the Wagtail admin: every request with its completion, and
per request the completion per workplace ("12 av 15 (80 %)"), the names of those who have not
confirmed (for those allowed to see them) and a CSV/XLSX export. Each view needs its
permission; the hooks in wagtail_hooks.py register the URLs and the menu item."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..exports import escape_formula
from ..permissions import PermissionMenuItem, PermissionRequiredMixin
from . import selectors
from .models import ReadRequest, RequestStatus


class FollowUpIndexView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """All requests, the open ones first, each with its completion."""

    required_permission = selectors.VIEW_REPORT
    template_name = "ledning/readconfirm/admin_index.html"
    page_title = gettext_lazy("Läskvittenser")
    header_icon = "tasks"
    paginate_by = 20

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_closed = self.request.GET.get("visa") == "alla"
        requests = selectors.all_requests().select_related("page", "document")
        if not show_closed:
            requests = requests.filter(status=RequestStatus.OPEN)
        # Wagtail's own paging (?p=N and its pagination nav): the completion is worked out
        # for the requests of this page only.
        page = WagtailPaginator(requests, self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            show_closed=show_closed,
            items=[(item, selectors.follow_up(item).total) for item in page.object_list],
            page_obj=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            today=timezone.localdate(),
        )
        return context


class FollowUpView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One request: completion per workplace, names of the missing, export."""

    required_permission = selectors.VIEW_REPORT
    template_name = "ledning/readconfirm/admin_detail.html"
    header_icon = "tasks"

    def get_page_title(self) -> str:
        return _("Läskvittens: %(title)s") % {"title": self.read_request.title}

    def get_breadcrumbs_items(self):
        """Hem › Läskvittenser › the request's page or document."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ledning_readconfirm:index"), "label": FollowUpIndexView.page_title},
            {"url": "", "label": self.read_request.title},
        ]

    def get(self, request, *args, **kwargs):
        self.read_request = get_object_or_404(ReadRequest, pk=kwargs["pk"])
        export = request.GET.get("export")
        if export in {"csv", "xlsx"}:
            return self.export(export)
        if export:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_up = selectors.follow_up(self.read_request)
        context.update(
            read_request=self.read_request,
            follow_up=follow_up,
            show_names=selectors.may_see_names(self.request.user),
            target_url=self.read_request.target_url,
            index_url=reverse("ledning_readconfirm:index"),
        )
        return context

    # --- export -----------------------------------------------------------------------------

    def rows(self) -> tuple[list[str], list[list[Any]]]:
        follow_up = selectors.follow_up(self.read_request)
        if selectors.may_see_names(self.request.user):
            heading = [_("Arbetsplats"), _("Namn"), _("Användarnamn"), _("Bekräftad")]
            rows = [
                [
                    row.name,
                    person.name,
                    person.username,
                    timezone.localtime(person.confirmed_at).strftime("%Y-%m-%d %H:%M")
                    if person.confirmed_at
                    else "",
                ]
                for row in follow_up.rows
                for person in row.people
            ]
        else:
            heading = [_("Arbetsplats"), _("Bekräftat"), _("Ombedda"), _("Andel (%)")]
            rows = [
                [row.name, row.confirmed, row.asked, row.share]
                for row in [*follow_up.rows, follow_up.total]
            ]
        return heading, rows

    def export(self, kind: str) -> HttpResponse:
        heading, rows = self.rows()
        filename = f"laskvittens-{self.read_request.pk}"
        if kind == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(heading)
            for row in rows:
                writer.writerow([escape_formula(value) for value in row])
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            from openpyxl import Workbook  # imported for an export, not at start-up

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(_("Läskvittens")[:31])
            sheet.append(heading)
            for row in rows:
                sheet.append(row)
            buffer = io.BytesIO()
            workbook.save(buffer)
            response = HttpResponse(
                buffer.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
        return response


def admin_urls():
    patterns = [
        path("", FollowUpIndexView.as_view(), name="index"),
        path("<int:pk>/", FollowUpView.as_view(), name="detail"),
    ]
    return [
        path(
            "ledningssystem/laskvittens/",
            include((patterns, "ledning_readconfirm"), namespace="ledning_readconfirm"),
        )
    ]


def permissions() -> QuerySet[Permission]:
    """register_permissions: the follow-up's permissions in Wagtail's group editor."""
    return Permission.objects.filter(
        content_type__app_label=ReadRequest._meta.app_label,
        content_type__model=ReadRequest._meta.model_name,
    )


def menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        gettext_lazy("Ledningssystem: läskvittenser"),
        reverse("ledning_readconfirm:index"),
        name="ledning-readconfirm",
        icon_name="tasks",
        order=904,
        permission=selectors.VIEW_REPORT,
    )
