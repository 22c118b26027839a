"""Reads with rules: what a user may find, synonyms, promotions, the statistics report."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .models import Synonym, ZeroResultQuery


def _passes(user: Any, restriction: Any) -> bool:
    kind = restriction.restriction_type
    if kind == PageViewRestriction.LOGIN:
        return bool(user and user.is_authenticated)
    if kind == PageViewRestriction.GROUPS:
        if user.is_superuser:
            return True
        user_groups = {group.pk for group in user.groups.all()}
        return bool(user_groups & {group.pk for group in restriction.groups.all()})
    # A password (or anything unknown): nobody is assumed to know it, so search never shows it.
    return False


def hidden_page_paths(user: Any) -> list[str]:
    """Tree paths of the subtrees whose view restrictions the user does not meet."""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return sorted({r.page.path for r in restrictions if not _passes(user, r)})


def hidden_collection_ids(user: Any) -> list[int]:
    """Collections (with those under them) whose view restrictions shut the user out."""
    restrictions = CollectionViewRestriction.objects.select_related("collection")
    paths = {
        r.collection.path for r in restrictions.prefetch_related("groups") if not _passes(user, r)
    }
    if not paths:
        return []
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return list(Collection.objects.filter(condition).values_list("pk", flat=True))


def visibility_filter(user: Any) -> Q:
    """A filter on SearchEntry keeping what the user may view."""
    condition = Q()
    for path in hidden_page_paths(user):
        condition &= ~Q(page_path__startswith=path)
    hidden = hidden_collection_ids(user)
    if hidden:
        condition &= ~Q(collection_id__in=hidden)
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
    from wagtail.contrib.search_promotions.models import Query

    since = timezone.localdate() - datetime.timedelta(days=days)
    return [
        {"query_string": query.query_string, "total": query._hits}
        for query in Query.get_most_popular(date_since=since)[:limit]
    ]
