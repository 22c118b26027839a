"""Reads with rules: what the management system's pages list and link to."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import Page

from . import conf
from .models import AreaPage, GovernedDocument, ProcessPage
from .visibility import Viewer


@dataclass(frozen=True)
class ProcessNavigation:
    """The links at the foot of a process page (seed 001): back to the previous level of the
    management system, and to the area's support processes."""

    previous: Page | None
    support: Page | None


def page_ancestors(page: Page, min_depth: int = 2) -> list[Page]:
    """The page's ancestors from min_depth down to its parent, top first.

    A page that Wagtail routed to knows its parents (routing caches each parent on its child,
    see models/routing.py), so a page being served gets them without a query; any other page
    costs one query."""
    chain: list[Page] = []
    current = page
    while current.depth > min_depth:
        parent = current.__dict__.get("_cached_parent_obj")
        if parent is None:
            return list(
                Page.objects.ancestor_of(page).filter(depth__gte=min_depth).order_by("depth")
            )
        chain.append(parent)
        current = parent
    return chain[::-1]


def process_page_navigation(page: ProcessPage, viewer: Viewer | None = None) -> ProcessNavigation:
    ancestors = page_ancestors(page)
    previous = ancestors[-1] if ancestors else None
    area = next(
        (
            ancestor
            for ancestor in reversed(ancestors)
            if issubclass(ancestor.specific_class or Page, AreaPage)
        ),
        None,
    )
    support = support_processes_by_area().get(area.path) if area is not None else None
    if support is not None and support.pk == page.pk:
        support = None
    if support is not None and viewer is not None and not viewer.may_view_path(support.path):
        support = None
    return ProcessNavigation(previous=previous, support=support)


SUPPORT_PROCESSES_CACHE_KEY = "ledning:support-processes"
NAVIGATION_FIELDS = ("id", "title", "path", "depth", "url_path", "content_type_id")


def support_processes_by_area() -> dict[str, Page]:
    """{an area's tree path: its live support-process page (slug SUPPORT_PROCESSES_SLUG)}.

    The same for every user, so it is cached for the whole tree (every site) for
    NAVIGATION_CACHE_SECONDS; signal_handlers drop it whenever a page is saved (published,
    unpublished, renamed), moved or deleted. Built with one query."""
    seconds = conf.get("NAVIGATION_CACHE_SECONDS")
    mapping = cache.get(SUPPORT_PROCESSES_CACHE_KEY) if seconds > 0 else None
    if mapping is None:
        pages = (
            Page.objects.live()
            .filter(slug=conf.get("SUPPORT_PROCESSES_SLUG"), depth__gt=2)
            .only(*NAVIGATION_FIELDS)
            .order_by("path")
        )
        mapping = {}
        for support in pages:
            mapping.setdefault(support.path[: -Page.steplen], support)
        if seconds > 0:
            cache.set(SUPPORT_PROCESSES_CACHE_KEY, mapping, seconds)
    return mapping


def forget_navigation() -> None:
    """Drop the cached navigation now and again when the transaction commits."""
    cache.delete(SUPPORT_PROCESSES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SUPPORT_PROCESSES_CACHE_KEY))


def documents_missing_file(owner: AbstractBaseUser | None = None) -> QuerySet[GovernedDocument]:
    """Governed documents with neither a file nor an external address: listed on their
    processes, their file still to come (staff see "Dokumentet saknas än"). With ``owner``,
    only those the person is responsible for (``owner_users``). Live and draft alike, by
    title, their owners prefetched."""
    documents = GovernedDocument.objects.filter(file__isnull=True, url="")
    if owner is not None:
        documents = documents.filter(owner_users=owner)
    return documents.prefetch_related("owner_users").order_by("title", "pk")
