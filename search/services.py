"""Searching, autocomplete, promotions and query statistics; views stay thin and call these."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from . import conf, selectors
from .engines import EngineResult, database_engine
from .models import Kind, SearchEntry, ZeroResultQuery
from .query import ParsedQuery, parse
from .text import STOP_WORDS, snippet, words
from .wagtail_engine import WagtailEngine

MAX_QUERY_LENGTH = 255


@dataclass
class Result:
    title: str
    url: str
    kind: str
    kind_label: str
    snippet: str
    metadata: dict[str, str]
    tags: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "kind": self.kind, "snippet": self.snippet}


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    query: str
    total: int = 0
    results: list[Result] = field(default_factory=list)
    kinds: list[Facet] = field(default_factory=list)
    tags: list[Facet] = field(default_factory=list)
    promotions: list[dict[str, str]] = field(default_factory=list)
    kind: str = ""
    tag: str = ""
    page: int = 1
    pages: int = 0

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "results": [result.as_json() for result in self.results],
            "page": self.page,
            "pages": self.pages,
            "facets": {
                "kind": {facet.value: facet.count for facet in self.kinds},
                "tag": {facet.value: facet.count for facet in self.tags},
            },
        }


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def uses_wagtail_backend() -> bool:
    """True when Elasticsearch or OpenSearch is configured (settings.SEARCH_ENGINE)."""
    return getattr(settings, "SEARCH_ENGINE", "database") == "wagtail"


def engine():
    if uses_wagtail_backend():
        return WagtailEngine()
    return database_engine()


def parsed_query(query: str) -> ParsedQuery:
    return parse(query, selectors.synonym_groups())


def search(user: Any, query: str, kind: str = "", tag: str = "", page: int = 1) -> SearchPage:
    """One page of what `user` may view matching `query`, optionally of one kind and tag."""
    query = normalise(query)
    kind = kind if kind in Kind.values else ""
    tag = (tag or "")[:100]
    per_page = conf.get("RESULTS_PER_PAGE")
    outcome = SearchPage(query=query, kind=kind, tag=tag)
    if not query:
        return outcome
    parsed = parsed_query(query)
    page = max(1, page)
    viewer = selectors.viewer(user)
    found: EngineResult = engine().search(
        parsed, selectors.visibility_filter(viewer), kind, tag, (page - 1) * per_page, per_page
    )
    outcome.total = found.total
    outcome.page = page
    outcome.pages = math.ceil(found.total / per_page) if found.total else 0
    entries = SearchEntry.objects.in_bulk(found.ids)
    stems = parsed.highlight_stems()
    labels = dict(Kind.choices)
    for entry_id in found.ids:
        entry = entries.get(entry_id)
        if entry is None:
            continue
        outcome.results.append(
            Result(
                title=entry.title,
                url=entry.url,
                kind=entry.kind,
                kind_label=str(labels.get(entry.kind, entry.kind)),
                snippet=snippet([entry.lead, entry.body, entry.file_text], stems),
                metadata=entry.metadata,
                tags=sorted(entry.tag_names),
            )
        )
    outcome.kinds = [
        Facet(value, str(label), found.kind_counts[value], value == kind)
        for value, label in Kind.choices
        if found.kind_counts.get(value)
    ]
    outcome.tags = [Facet(name, name, count, name == tag) for name, count in found.tag_counts]
    if tag and not any(facet.selected for facet in outcome.tags):
        outcome.tags.append(Facet(tag, tag, 0, True))
    outcome.promotions = promotions(viewer, query)
    return outcome


def autocomplete(user: Any, query: str) -> list[dict[str, str]]:
    query = normalise(query)
    if len(query) < 2:
        return []
    typed = [word for word in words(query) if word not in STOP_WORDS][:6]
    ids = engine().autocomplete(
        typed, selectors.visibility_filter(user), conf.get("AUTOCOMPLETE_LIMIT")
    )
    entries = SearchEntry.objects.in_bulk(ids)
    labels = dict(Kind.choices)
    return [
        {
            "title": entries[i].title,
            "url": entries[i].url,
            "kind": entries[i].kind,
            "kind_label": str(labels.get(entries[i].kind, "")),
        }
        for i in ids
        if i in entries
    ]


def promotions(user: Any, query: str) -> list[dict[str, str]]:
    """Editors' recommended results for this query ("Rekommenderat") that the user (or a
    Viewer) may view."""
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    viewer = selectors.viewer(user)
    found = []
    for pick in picks:
        if pick.page_id:
            page = pick.page
            if not viewer.may_view_page(page):
                continue
            found.append(
                {
                    "title": page.title,
                    "url": page.get_url() or page.url_path,
                    "description": pick.description or "",
                }
            )
        elif pick.external_link_url:
            found.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description or "",
                }
            )
    return found


def record_query(query: str, total: int) -> None:
    """Count the search for the reports: popular queries (Wagtail's Query and daily hits) and
    queries without results."""
    query = normalise_query_string(normalise(query))
    if not query:
        return
    Query.get(query).add_hit()
    if total:
        return
    today = timezone.localdate()
    updated = ZeroResultQuery.objects.filter(query_string=query, date=today).update(
        hits=F("hits") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ZeroResultQuery.objects.create(query_string=query, date=today, hits=1)
        except IntegrityError:
            ZeroResultQuery.objects.filter(query_string=query, date=today).update(
                hits=F("hits") + 1
            )
