"""The dashboard in the Wagtail admin: a panel on the admin's start page and a page of its
own (Rapporter → Ledningssystem: översikt). Both show only the figures of the reports the user
may open; without any, the page answers as the admin does for anything one may not open."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors
from .chart import line_chart


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ledning/dashboard/index.html"
    page_title = gettext_lazy("Ledningssystemet: översikt")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not selectors.may_see_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        history = selectors.history(user)
        context.update(
            figures=selectors.figures(user),
            history=history,
            chart=line_chart([(row.day, row.percent) for row in history], selectors.GOAL_PERCENT)
            if history
            else None,
            goal=selectors.GOAL_PERCENT,
        )
        return context


class DashboardPanel(Component):
    """The figures on the admin's start page, with a link to the dashboard page."""

    name = "ledning_dashboard"
    template_name = "ledning/dashboard/panel.html"
    order = 90

    def __init__(self, user: Any):
        self.user = user

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        return {
            "figures": selectors.figures(self.user),
            "dashboard_url": reverse("ledning_dashboard:index"),
        }


def add_panel(request, panels: list) -> None:
    """construct_homepage_panels: the dashboard panel for those who may see it."""
    if selectors.may_see_dashboard(request.user):
        panels.append(DashboardPanel(request.user))


class DashboardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return selectors.may_see_dashboard(request.user)


def menu_item() -> MenuItem:
    return DashboardMenuItem(
        gettext_lazy("Ledningssystem: översikt"),
        reverse("ledning_dashboard:index"),
        name="ledning-dashboard",
        icon_name="doc-full-inverse",
        order=899,
    )


def admin_urls():
    return [
        path(
            "ledningssystem/oversikt/",
            include(
                ([path("", DashboardView.as_view(), name="index")], "ledning_dashboard"),
                namespace="ledning_dashboard",
            ),
        )
    ]
