"""Reads with rules: what the management system's pages list and link to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from taggit.models import Tag
from wagtail.models import Page

from . import conf
from .collation import swedish_initial, swedish_sort_key
from .visibility import Viewer

if TYPE_CHECKING:
    from .models import GovernedDocument, ProcessPage


def documents_for_index(
    document_types: Sequence[str], tag: str | None = None, viewer: Viewer | None = None
) -> list[GovernedDocument]:
    """Live governed documents of the given types in Swedish A–Ö order, optionally by tag;
    with a viewer, only those the person may view (visibility.py)."""
    from .models import GovernedDocument

    queryset = GovernedDocument.objects.for_listing().filter(
        (viewer or Viewer()).document_filter(), document_type__in=list(document_types)
    )
    if tag:
        queryset = queryset.filter(tags__name__iexact=tag)
    return sorted(queryset.distinct(), key=lambda document: swedish_sort_key(document.title))


def group_by_initial(documents: Iterable[GovernedDocument]) -> list[tuple[str, list]]:
    """[(letter, documents)] in the order of the (already sorted) documents."""
    groups: list[tuple[str, list]] = []
    for document in documents:
        letter = swedish_initial(document.title)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(document)
    return groups


def tags_for_document_types(
    document_types: Sequence[str], viewer: Viewer | None = None
) -> list[Any]:
    """Tags used by live documents of these types, with counts, in Swedish order; with a
    viewer, only tags and counts of the documents the person may view (visibility.py)."""
    prefix = "ledning_governeddocumenttag_items__content_object__"
    shown = (viewer or Viewer()).document_filter(prefix) & Q(
        **{f"{prefix}document_type__in": list(document_types)}
    )
    tags = (
        Tag.objects.filter(shown)
        .annotate(
            document_count=Count("ledning_governeddocumenttag_items", filter=shown, distinct=True)
        )
        .order_by()
    )
    return sorted(tags, key=lambda tag: swedish_sort_key(tag.name))


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
    from .models import AreaPage

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


def find_process_map(page: ProcessPage, block_id: str) -> Any | None:
    for block in page.body:
        if block.block_type in {"process_map", "process_flow"} and block.id == block_id:
            return block
    return None


def pages_listing_document(
    document: GovernedDocument, viewer: Viewer | None = None
) -> list[ProcessPage]:
    """Live process pages that list or link to this document, in tree order; with a viewer,
    only those the person may view (visibility.py).

    Uses Wagtail's reference index, which records every chooser reference in StreamFields."""
    from wagtail.models import ReferenceIndex

    from .models import ProcessPage

    page_ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    }
    pages = ProcessPage.objects.filter((viewer or Viewer()).page_filter(), pk__in=page_ids)
    return list(pages.order_by("path"))
