"""The news list's page of news: `{% news_listing page mine as listing %}` gives the news a
person may read under a news list (all of it, or "mina/": for their workplaces), one page of
NEWS_PER_PAGE at a time (?sida=)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page

from intranet.ledning import visibility

from .. import conf, selectors
from ..state import state_for

register = template.Library()


@dataclass(frozen=True)
class NewsListing:
    page: PaginatorPage
    items: list[Any]
    has_workplaces: bool | None  # "mina/" only: whether the person chose any workplace


@register.simple_tag(takes_context=True)
def news_listing(context: template.Context, index: Page, mine: bool = False) -> NewsListing:
    request = context["request"]
    state = state_for(request)
    viewer = visibility.viewer(request)
    if mine:
        news = selectors.news_queryset(
            request.user,
            viewer=viewer,
            index=index,
            workplace_ids=state.workplace_ids,
            tree=state.tree_if_needed(),
        )
    else:
        news = selectors.news_queryset(viewer=viewer, index=index)
    page = Paginator(news, conf.get("NEWS_PER_PAGE")).get_page(request.GET.get("sida"))
    return NewsListing(
        page=page,
        items=list(page.object_list),
        has_workplaces=bool(state.workplace_ids) if mine else None,
    )
