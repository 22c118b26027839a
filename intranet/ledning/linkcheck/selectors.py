"""Reads for the reports: broken links at their places, grouped by page or by owner."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.panels import TabbedInterface, get_edit_handler
from wagtail.models import Page

from ..emails import absolute_url
from ..governance.selectors import QueryRows, user_name
from ..models import GovernedDocument
from .models import PROBLEM_VERDICTS, Link, LinkCheckRun, LinkPlace


def problem_places(verdicts: Any = PROBLEM_VERDICTS, ignored: bool = False) -> QuerySet:
    """Places of links with one of these verdicts (default: broken, timeout, error)."""
    return (
        LinkPlace.objects.filter(link__verdict__in=list(verdicts), link__ignored=ignored)
        .select_related("link", "page")
        .prefetch_related("owners")
        .order_by("title", "field", "block_path", "pk")
    )


def _contains(panel: Any, field_name: str) -> bool:
    if getattr(panel, "field_name", None) == field_name:
        return True
    return any(_contains(child, field_name) for child in getattr(panel, "children", ()))


@functools.cache
def field_anchor(model: type, field_name: str) -> str:
    """The id of the editor's panel holding a field: "panel-child-<tab>-<panel>-section" for
    pages (tabs), "panel-<panel>-section" for snippets."""
    try:
        page_type = issubclass(model, Page)
        handler = model.get_edit_handler() if page_type else get_edit_handler(model)
        if isinstance(handler, TabbedInterface):
            for tab, tab_id in zip(handler.children, handler.child_identifiers, strict=False):
                for child, child_id in zip(tab.children, tab.child_identifiers, strict=False):
                    if _contains(child, field_name):
                        return f"panel-child-{tab_id}-{child_id}-section"
        else:
            for child, child_id in zip(handler.children, handler.child_identifiers, strict=False):
                if _contains(child, field_name):
                    return f"panel-{child_id}-section"
    except Exception:  # an unusual edit handler: the edit view without an anchor
        return ""
    return ""


def edit_path(place: LinkPlace) -> str:
    """The admin's edit view of the page or document, scrolled to the link's field or block."""
    if place.page_id:
        url = reverse("wagtailadmin_pages:edit", args=[place.page_id])
        model = place.page.specific_class if place.page else None
    elif place.document_id:
        url = reverse("wagtailsnippets_ledning_governeddocument:edit", args=[place.document_id])
        model = GovernedDocument
    else:
        return ""
    if place.block_id:
        return f"{url}#block-{place.block_id}-section"
    anchor = field_anchor(model, place.field) if model is not None else ""
    return f"{url}#{anchor}" if anchor else url


def field_label(place: LinkPlace) -> str:
    model = GovernedDocument if place.document_id else None
    if place.page_id and place.page is not None:
        model = place.page.specific_class
    try:
        return str(model._meta.get_field(place.field).verbose_name)
    except Exception:  # a field that is gone, or no model: its name
        return place.field


@dataclass
class Row:
    """One broken link at one place, for people."""

    place: LinkPlace
    owner: str = ""

    @property
    def link(self) -> Link:
        return self.place.link

    @property
    def url(self) -> str:
        return self.place.link.url

    @property
    def title(self) -> str:
        return self.place.title

    @property
    def where(self) -> str:
        return self.place.where

    @property
    def where_label(self) -> str:
        """The field's name as editors know it ("inledning"), then the block path."""
        return field_label(self.place) + self.place.block_path

    @property
    def short_url(self) -> str:
        url = self.place.link.url
        return url if len(url) <= 48 else url[:45] + "…"

    @property
    def text(self) -> str:
        return self.place.text

    @property
    def verdict_label(self) -> str:
        return self.place.link.get_verdict_display()

    @property
    def status(self) -> int | None:
        return self.place.link.status

    @property
    def error(self) -> str:
        return self.place.link.error

    @property
    def first_broken_at(self):
        return self.place.link.first_broken_at

    @property
    def is_new(self) -> bool:
        return self.place.link.reported_at is None

    @property
    def edit_url(self) -> str:
        return edit_path(self.place)

    @property
    def absolute_edit_url(self) -> str:
        path = self.edit_url
        return absolute_url(path) if path else ""

    @property
    def link_id(self) -> int:
        return self.place.link_id


def owner_label(place: LinkPlace) -> str:
    names = sorted(user_name(user) for user in place.owners.all())
    return ", ".join(names) or place.owner_role or _("Utan ansvarig")


def rows(places: Any, by_owner: bool = False) -> list[Row]:
    """Rows ordered by page (title, place) or by owner (then page); a place with two owners
    stands once under each when grouped by owner."""
    result: list[Row] = []
    for place in places:
        owners = list(place.owners.all())
        if by_owner and owners:
            result.extend(Row(place, user_name(user)) for user in owners)
        else:
            result.append(Row(place, owner_label(place)))
    if by_owner:
        result.sort(key=lambda row: (row.owner.lower(), row.title.lower(), row.where))
    return result


def place_rows(places: QuerySet) -> QueryRows:
    """rows(places) (not grouped by owner) for the report: the database counts and pages the
    places in their order; each place shown is loaded with its link and owners."""

    def keys(start: int, stop: int) -> list[int]:
        return list(places.values_list("pk", flat=True)[start:stop])

    def load(keys_: list[int]) -> list[Row]:
        loaded = (
            LinkPlace.objects.filter(pk__in=keys_)
            .select_related("link", "page")
            .prefetch_related("owners")
        )
        by_id = {place.pk: place for place in loaded}
        return rows([by_id[pk] for pk in keys_ if pk in by_id])

    return QueryRows(places.count, keys, load)


def _owner_name() -> Any:
    """A person's name as user_name() gives it (full name, else username), in the database."""
    full = Trim(Concat("user__first_name", Value(" "), "user__last_name"))
    return Coalesce(NullIf(full, Value("")), f"user__{get_user_model().USERNAME_FIELD}")


def _no_owner_label() -> Any:
    """owner_label() of a place without owner users, in the database."""
    return Coalesce(NullIf("owner_role", Value("")), Value(_("Utan ansvarig")))


def owner_rows(places: QuerySet) -> QueryRows:
    """rows(places, by_owner=True) as the database counts, sorts and pages them: a place once
    under each of its owners (by name), a place without owner under its role or *Utan
    ansvarig*, then by page title and place; only the rows shown are loaded."""
    ids = places.order_by().values("pk")
    through = LinkPlace.owners.through.objects.filter(linkplace_id__in=ids)
    ownerless = LinkPlace.objects.filter(pk__in=ids, owners__isnull=True)

    def count() -> int:
        return through.count() + ownerless.count()

    def keys(start: int, stop: int) -> list[tuple[int, int | None]]:
        named = through.annotate(
            name=Lower(_owner_name()), sort_title=Lower("linkplace__title")
        ).values_list(
            "name", "sort_title", "linkplace__field", "linkplace__block_path", "linkplace_id",
            "user_id",
        )  # fmt: skip
        unnamed = ownerless.annotate(
            name=Lower(_no_owner_label()),
            sort_title=Lower("title"),
            user_id=Value(None, output_field=IntegerField()),
        ).values_list("name", "sort_title", "field", "block_path", "pk", "user_id")
        union = named.order_by().union(unnamed.order_by(), all=True)
        rows_ = union.order_by(
            "name", "sort_title", "linkplace__field", "linkplace__block_path", "linkplace_id",
            "user_id",
        )  # fmt: skip
        return [(place_id, user_id) for *_sort, place_id, user_id in rows_[start:stop]]

    def load(keys_: list[tuple[int, int | None]]) -> list[Row]:
        loaded = (
            LinkPlace.objects.filter(pk__in={place_id for place_id, _user in keys_})
            .select_related("link", "page")
            .prefetch_related("owners")
        )
        by_id = {place.pk: place for place in loaded}
        result = []
        for place_id, user_id in keys_:
            place = by_id.get(place_id)
            if place is None:
                continue
            owner = next((user for user in place.owners.all() if user.pk == user_id), None)
            result.append(Row(place, user_name(owner) if owner else owner_label(place)))
        return result

    return QueryRows(count, keys, load)


def owner_counts(places: QuerySet, limit: int = 5) -> list[tuple[str, int]]:
    """[(owner, places)] of the owners with the most places, most first (rows(places,
    by_owner=True) counted by owner), counted by the database."""
    ids = places.order_by().values("pk")
    named = (
        LinkPlace.owners.through.objects.filter(linkplace_id__in=ids)
        .annotate(name=_owner_name())
        .values("name")
        .annotate(places=Count("pk"))
        .values_list("name", "places")
    )
    unnamed = (
        LinkPlace.objects.filter(pk__in=ids, owners__isnull=True)
        .annotate(name=_no_owner_label())
        .values("name")
        .annotate(places=Count("pk"))
        .values_list("name", "places")
    )
    counts: dict[str, int] = {}
    for query in (named, unnamed):
        for name, number in query.order_by("-places", "name")[:limit]:
            counts[name] = counts.get(name, 0) + number
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]


def grouped(rows_: list[Row], key: str) -> list[tuple[str, list[Row]]]:
    """[(group, rows)] keeping the order of rows; key is "owner" or "title"."""
    groups: dict[str, list[Row]] = {}
    for row in rows_:
        groups.setdefault(getattr(row, key), []).append(row)
    return list(groups.items())


def last_run() -> LinkCheckRun | None:
    return LinkCheckRun.objects.filter(finished_at__isnull=False).first()


# --- results for programs (check_links --json) ------------------------------------------


def results_as_json() -> list[dict[str, Any]]:
    """Every distinct URL with its verdict and places (the shape of ``check_links --json``).
    Three queries of plain values, whatever the number of links."""
    owners: dict[int, list[str]] = defaultdict(list)
    through = LinkPlace.owners.through
    username = f"user__{get_user_model().USERNAME_FIELD}"
    for place_id, name in through.objects.order_by("pk").values_list("linkplace_id", username):
        owners[place_id].append(name)
    places: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for place in LinkPlace.objects.order_by("pk").values(
        "pk", "link_id", "page_id", "document_id", "title", "field", "block_path", "text",
        "owner_role",
    ):  # fmt: skip
        places[place["link_id"]].append(
            {
                "page_id": place["page_id"],
                "document_id": place["document_id"],
                "title": place["title"],
                "field": place["field"],
                "block_path": place["block_path"],
                "text": place["text"],
                "owner": place["owner_role"],
                "owners": owners.get(place["pk"], []),
            }
        )
    fields = ("pk", "url", "kind", "verdict", "status", "error", "redirect_to", "redirects")
    dates = ("first_broken_at", "last_checked_at")
    return [
        {
            "url": link["url"],
            "kind": link["kind"],
            "verdict": link["verdict"] or None,
            "status": link["status"],
            "error": link["error"],
            "redirect_to": link["redirect_to"] or None,
            "redirects": link["redirects"],
            "first_broken_at": _iso(link["first_broken_at"]),
            "last_checked_at": _iso(link["last_checked_at"]),
            "ignored": link["ignored"],
            "places": places.get(link["pk"], []),
        }
        for link in Link.objects.order_by("url").values(*fields, *dates, "ignored")
    ]


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None
