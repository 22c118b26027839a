"""Reads with rules: what the management system's pages list and link to."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, QuerySet
from wagtail.models import Page

from . import conf
from .collation import SWEDISH_LETTERS, group_by_initial, swedish_sort_key
from .models import (
    AreaPage,
    GovernedDocument,
    GovernedDocumentTag,
    ProcessPage,
    document_counts_stamp,
)
from .paging import Pager, paginate, paginate_params
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


def listing_pages_page(document: GovernedDocument, viewer: Viewer, base_url: str, params) -> Pager:
    """One page (``?sida=N``) of the process pages that use a document (*Används i
    processerna* on its own page): live, ones the person may view, in tree order."""
    return paginate_params(
        document.listing_pages(viewer),
        conf.get("LIST_PAGE_SIZE"),
        base_url,
        params,
        fragment="processer",
    )


# --- document index pages (dokumentsidor) ------------------------------------------------------


@dataclass(frozen=True)
class DocumentIndexQuery:
    """What a person asked a document index page for (all GET parameters, so everything works
    without JavaScript): a letter (``bokstav``), a text in the title (``q``), a tag (``tagg``)
    and a page of the list (``sida``)."""

    letter: str = ""
    text: str = ""
    tag: str = ""
    page: str = ""

    @classmethod
    def from_params(cls, params) -> DocumentIndexQuery:
        def value(name: str, limit: int) -> str:
            # PostgreSQL refuses a NUL character in a query, and no title or tag holds one.
            return params.get(name, "").replace("\x00", "").strip()[:limit]

        return cls(
            letter=value("bokstav", 8).upper(),
            text=value("q", 100),
            tag=value("tagg", 100),
            page=value("sida", 10),
        )

    def href(self, base_url: str, **changes: str) -> str:
        """The address of this view with some parameters changed; any change but the page
        number starts the list again at its first page."""
        values = {"bokstav": self.letter, "q": self.text, "tagg": self.tag, "sida": ""}
        values.update(changes)
        params = {name: value for name, value in values.items() if value}
        return f"{base_url}?{urlencode(params)}" if params else base_url


@dataclass(frozen=True)
class LetterLink:
    letter: str
    count: int
    href: str
    current: bool


@dataclass(kw_only=True)
class DocumentIndexListing(Pager):
    """One view of a document index page: the letters A–Ö with how many documents each has
    (for this person, tag and text), the tags, and one page of documents in Swedish order
    (the Pager's page)."""

    query: DocumentIndexQuery
    base_url: str
    letters: list[LetterLink]
    tags: list
    total: int
    groups: list[tuple[str, list[GovernedDocument]]]
    all_href: str

    @property
    def documents(self) -> list[GovernedDocument]:
        return self.objects


def cached_counts(key: tuple, compute: Callable[[], Any]) -> Any:
    """Counts over all of a type's documents (the letters', the tags'), which cost tens of
    milliseconds at tens of thousands of documents, cached under the documents' stamp: any
    change of a document, its tags or a file gives a new stamp (models.forget_document_counts).
    The key holds everything the counts depend on, the person's hidden collections included."""
    seconds = conf.get("DOCUMENT_COUNT_CACHE_SECONDS")
    if not seconds:
        return compute()
    digest = hashlib.sha256(repr((document_counts_stamp(), key)).encode()).hexdigest()[:32]
    cache_key = f"ledning:document-counts:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, seconds)
    return value


def document_index(
    document_types: list[str], query: DocumentIndexQuery, viewer: Viewer, base_url: str
) -> DocumentIndexListing:
    """What a document index page shows `viewer`: counted, ordered and paged by the database
    (a few queries whatever the number of documents), only documents the person may view
    (visibility.py), counts included."""
    documents = GovernedDocument.objects.filter(
        viewer.document_filter(), document_type__in=list(document_types)
    )
    if query.tag:
        tagged = GovernedDocumentTag.objects.filter(tag__name__iexact=query.tag)
        documents = documents.filter(pk__in=tagged.values("content_object_id"))
    if query.text:
        documents = documents.filter(title__icontains=query.text)
    shown_to = (tuple(document_types), tuple(sorted(viewer.hidden_collection_ids)))
    counts = cached_counts(
        ("letters", *shown_to, query.tag, query.text),
        lambda: dict(documents.order_by().values_list("title_initial").annotate(count=Count("pk"))),
    )
    others = sorted(set(counts) - set(SWEDISH_LETTERS), key=swedish_sort_key)
    letters = [
        LetterLink(
            letter,
            counts.get(letter, 0),
            query.href(base_url, bokstav=letter),
            letter == query.letter,
        )
        for letter in (*SWEDISH_LETTERS, *others)
    ]
    if query.letter:
        documents = documents.filter(title_initial=query.letter)
    # The letters' counts already tell the paginator how many there are: no COUNT query.
    pager = paginate(
        documents.in_swedish_order().select_related("file"),
        conf.get("DOCUMENT_INDEX_PAGE_SIZE"),
        query.page,
        lambda number: query.href(base_url, sida=str(number)),
        count=counts.get(query.letter, 0) if query.letter else sum(counts.values()),
    )
    tags = cached_counts(
        ("tags", *shown_to),
        lambda: GovernedDocumentTag.tags_for_document_types(document_types, viewer),
    )
    for tag in tags:
        tag.href = query.href(base_url, tagg=tag.name)
    return DocumentIndexListing(
        query=query,
        base_url=base_url,
        letters=letters,
        tags=tags,
        total=sum(counts.values()),
        page=pager.page,
        page_links=pager.page_links,
        previous_href=pager.previous_href,
        next_href=pager.next_href,
        groups=group_by_initial(pager.objects),
        all_href=query.href(base_url, bokstav=""),
    )
