"""Reads with rules: what a user may find, synonyms, promotions, the statistics report."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from intranet.ledning import visibility
from intranet.ledning.visibility import Viewer

from .models import Synonym, ZeroResultQuery


def viewer(user: Any) -> Viewer:
    """What the user may not see: the management system's one visibility rule (page view
    restrictions and private collections, intranet/ledning/visibility.py)."""
    if isinstance(user, Viewer):
        return user
    return visibility.viewer(user)


def hidden_page_paths(user: Any) -> list[str]:
    """Tree paths of the subtrees whose view restrictions the user does not meet."""
    return list(viewer(user).hidden_page_paths)


def hidden_collection_ids(user: Any) -> list[int]:
    """Collections (with those under them) whose view restrictions shut the user out."""
    return sorted(viewer(user).hidden_collection_ids)


def visibility_filter(user: Any) -> Q:
    """A filter on SearchEntry keeping what the user (or Viewer) may view: SQL, no loop."""
    shown = viewer(user)
    condition = Q()
    for path in shown.hidden_page_paths:
        condition &= ~Q(page_path__startswith=path)
    if shown.hidden_collection_ids:
        condition &= ~Q(collection_id__in=sorted(shown.hidden_collection_ids))
    return condition


def synonym_groups() -> list[list[str]]:
    return [synonym.alternatives for synonym in Synonym.objects.filter(enabled=True)]


def zero_result_queries(days: int = 30, limit: int = 50) -> list[dict[str, Any]]:
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        ZeroResultQuery.objects.filter(date__gte=since)
        .values("query_string")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query_string")[:limit]
    )


def popular_queries(days: int = 30, limit: int = 50) -> list[dict[str, Any]]:
    since = timezone.localdate() - datetime.timedelta(days=days)
    return [
        {"query_string": query.query_string, "total": query._hits}
        for query in Query.get_most_popular(date_since=since)[:limit]
    ]
