"""The search app's settings, each prefixed SEARCH_ and with a default."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Results per page of /sok/ and /api/sok/.
    "RESULTS_PER_PAGE": 20,
    # Suggestions returned by the autocomplete.
    "AUTOCOMPLETE_LIMIT": 8,
    # PostgreSQL: hits ranked by their title and lead first; only this many candidates are
    # ranked on their whole text (the rest cannot reach the first pages).
    "RANK_CANDIDATES": 200,
    # PostgreSQL: when the words match fewer hits than this, titles spelt alike are added
    # (pg_trgm word similarity at least FUZZY_SIMILARITY; at most FUZZY_LIMIT of them).
    "FUZZY_BELOW": 3,
    "FUZZY_SIMILARITY": 0.5,
    "FUZZY_LIMIT": 20,
    # Months between reviews: content whose last revision or approval is older ranks a
    # little lower.
    "REVIEW_INTERVAL_MONTHS": 12,
    # Text extraction from attached files (PDF, DOCX, ODT).
    "EXTRACT_MAX_BYTES": 20 * 1024 * 1024,
    "EXTRACT_MAX_UNCOMPRESSED_BYTES": 60 * 1024 * 1024,
    "EXTRACT_MAX_PAGES": 500,
    "EXTRACT_MAX_CHARS": 300_000,
    "EXTRACT_TIMEOUT_SECONDS": 30,
    # Words of the domain that compound words are made of, besides search/compounds.py.
    "COMPOUND_PARTS": [],
    # The kind of a page whose model does not name one (search_kind).
    "DEFAULT_PAGE_KIND": "sida",
    # Models besides pages that are searched: live objects with search_fields and a URL.
    "INDEXED_MODELS": ["ledning.GovernedDocument"],
}


def get(name: str) -> Any:
    return getattr(settings, f"SEARCH_{name}", DEFAULTS[name])
