from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page, Site

from intranet.ledning import visibility
from intranet.ledning.selectors import page_ancestors

from ..menus import main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context: dict[str, Any], page: Page) -> list[Page]:
    """The trail from the site's home page to this page ("HEM > ORGANISATION > …")."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None or not page.path.startswith(site.root_page.path):
        return []
    # A page being served knows its ancestors from routing; others cost one query.
    ancestors = [*page_ancestors(page, min_depth=site.root_page.depth), page]
    return ancestors if len(ancestors) > 1 else []


@register.simple_tag(takes_context=True)
def main_menu_pages(context: dict[str, Any]) -> dict[str, Any]:
    """The home page and its live children marked "show in menus", cached per site
    (intranet/portal/menus.py); which one is current is marked for this request."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"home": None, "items": []}
    menu = main_menu(site)
    # The cached menu is the same for everyone; each person sees the items they may view.
    viewer = visibility.viewer(request)
    items = [item for item in menu.items if viewer.may_view_path(item.path)]
    current = context.get("page")
    current_path = getattr(current, "path", "")
    for item in items:
        item.menu_state = (
            "page"
            if current_path == item.path
            else "true"
            if current_path.startswith(item.path)
            else ""
        )
    return {"home": menu.home, "items": items, "home_current": current_path == menu.home.path}
