"""The report "Sökstatistik": popular queries and queries without results."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors

# What staff search for is about them: only those given this permission see the report.
VIEW_SEARCH_STATISTICS = "search.view_search_statistics"


def statistics_permissions() -> QuerySet[Permission]:
    """register_permissions: the report's permission in Wagtail's group editor."""
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_search_statistics"
    )


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_SEARCH_STATISTICS)


class SearchStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/statistics.html"
    page_title = _("Sökstatistik")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_SEARCH_STATISTICS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = max(1, min(int(self.request.GET.get("dagar", "30")), 365))
        except ValueError:
            days = 30
        context.update(
            days=days,
            popular=selectors.popular_queries(days=days),
            zero=selectors.zero_result_queries(days=days),
        )
        return context
