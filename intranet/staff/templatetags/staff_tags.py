"""The staff features in any page's template: the Genvägar menu, the star, and the start
page's news and shortcuts. Each reads through the request's RequestState, so a page costs the
same number of queries whatever a person keeps."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from intranet.ledning import visibility

from .. import selectors
from ..state import state_for

register = template.Library()


@register.inclusion_tag("staff/includes/shortcuts_menu.html", takes_context=True)
def shortcuts_menu(context: dict[str, Any]) -> dict[str, Any]:
    """GENVÄGAR in the top bar: the person's bookmarks, tools and own links."""
    request = context.get("request")
    state = state_for(request)
    return {
        "request": request,
        "authenticated": state.authenticated,
        "bookmarks": state.bookmarks,
        "shortcuts": state.shortcuts,
    }


@register.inclusion_tag("staff/includes/bookmark_star.html", takes_context=True)
def bookmark_star(context: dict[str, Any], page: Page | None = None) -> dict[str, Any]:
    """The star by a page's heading: a button in a POST form, so it works without
    JavaScript; staff/js/staff.js makes it toggle in place."""
    request = context.get("request")
    page = page or context.get("page")
    state = state_for(request)
    show = bool(state.authenticated and isinstance(page, Page) and page.pk and page.live)
    return {
        "show": show,
        "page": page,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "bookmarked": show and page.pk in state.bookmarked_ids,
    }


@register.inclusion_tag("staff/includes/home_news.html", takes_context=True)
def home_news(context: dict[str, Any]) -> dict[str, Any]:
    """ "Mina nyheter" and "Aktuellt i kommunen" on the start page."""
    request = context.get("request")
    state = state_for(request)
    index = selectors.news_index()
    viewer = visibility.viewer(request) if state.authenticated else None
    # No live news anywhere: neither list is worked out (news may be live under a news list
    # that is not: without a live list, one query asks).
    any_news = index.has_live_news if index is not None else selectors.any_live_news()
    mine = (
        selectors.latest_news(
            state.user,
            viewer=viewer,
            workplace_ids=state.workplace_ids,
            tree=state.tree_if_needed(),
        )
        if state.authenticated and any_news
        else []
    )
    return {
        "request": request,
        "index": index,
        "my_news": mine,
        "all_news": selectors.latest_news(viewer=viewer) if any_news else [],
        "has_workplaces": bool(state.workplace_ids),
        "workplace_names": state.tree.names(state.workplace_ids) if state.workplace_ids else [],
    }


@register.inclusion_tag("staff/includes/home_shortcuts.html", takes_context=True)
def home_shortcuts(context: dict[str, Any]) -> dict[str, Any]:
    """ "Genvägar" with "Redigera genvägar" on the start page."""
    request = context.get("request")
    state = state_for(request)
    return {"request": request, "shortcuts": state.shortcuts}
