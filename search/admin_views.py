"""The report "Sökstatistik": popular queries and queries without results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors


class SearchStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/statistics.html"
    page_title = _("Sökstatistik")
    header_icon = "search"

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
