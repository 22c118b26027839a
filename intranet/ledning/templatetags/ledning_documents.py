"""A document index page (dokumentsida): its listing for this request, and its rows rendered
once and kept in Django's cache.

    {% load ledning_documents %}
    {% document_index page as listing %}
    {% document_groups listing as groups %}  {# [(letter, rows' HTML)] of the page #}

A row shows nothing that depends on who reads it (the list holds only documents the person
may view), so one cached row serves everyone. Its key is a digest of everything it shows (the
document's pk, its published version, title, metadata, file, review state, language), so a
changed document, a replaced file or a review falling due gives it a new key."""

from __future__ import annotations

import hashlib
from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import conf, selectors, visibility
from ..governance.selectors import review_key, review_states

register = template.Library()

ROW_TEMPLATE = "ledning/includes/document_row.html"


@register.simple_tag(takes_context=True)
def document_index(context: template.Context, page: Any) -> selectors.DocumentIndexListing:
    request = context["request"]
    return selectors.document_index(
        page.document_types,
        selectors.DocumentIndexQuery.from_params(request.GET),
        visibility.viewer(request),
        page.get_url(request),
    )


def row_cache_key(document: Any, review: Any) -> str:
    file = document.file if document.file_id else None
    shown = (
        document.live_revision_id,
        document.last_published_at,
        document.title,
        document.key,
        document.document_type,
        document.reviewed_by,
        document.approved_by,
        document.approved_on,
        document.revised_on,
        document.url,
        document.file_id,
        file.file.name if file is not None else "",
        (review.state, review.due_on, review.base) if review is not None else None,
        get_language(),
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"ledning:document-row:{document.pk}:{digest}"


@register.simple_tag
def document_groups(listing: selectors.DocumentIndexListing) -> list[tuple[str, str]]:
    """[(letter, its rows' HTML)] of the listing's page: one look-up of review states and one
    of the cache for the whole page."""
    rows = iter(document_rows(listing.documents))  # each row escaped by its template
    return [
        (letter, mark_safe("".join(next(rows) for _document in documents)))
        for letter, documents in listing.groups
    ]


def document_rows(documents: list[Any]) -> list[str]:
    """The rows of a document list (li.document-card), from the cache when they are there."""
    reviews = review_states(documents)
    keys = [(row_cache_key(d, reviews.get(review_key(d))), d) for d in documents]
    seconds = conf.get("DOCUMENT_ROW_CACHE_SECONDS")
    cached = cache.get_many([key for key, _d in keys]) if seconds else {}
    row = get_template(ROW_TEMPLATE)
    missing = {}
    rows = []
    for key, document in keys:
        html = cached.get(key)
        if html is None:
            html = row.render({"document": document, "review": reviews.get(review_key(document))})
            missing[key] = html
        rows.append(html)
    if missing and seconds:
        cache.set_many(missing, seconds)
    return rows
