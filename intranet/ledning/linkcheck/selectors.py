"""Reads for the reports: broken links at their places, grouped by page or by owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models.links import PROBLEM_VERDICTS, Link, LinkCheckRun, LinkPlace
from ..services.common import absolute_url, user_name


def problem_places(verdicts: Any = PROBLEM_VERDICTS, ignored: bool = False) -> QuerySet:
    """Places of links with one of these verdicts (default: broken, timeout, error)."""
    return (
        LinkPlace.objects.filter(link__verdict__in=list(verdicts), link__ignored=ignored)
        .select_related("link")
        .prefetch_related("owners")
        .order_by("title", "field", "block_path", "pk")
    )


def edit_path(place: LinkPlace) -> str:
    """The admin's edit view of the page or document, scrolled to the link's field or block."""
    if place.page_id:
        url = reverse("wagtailadmin_pages:edit", args=[place.page_id])
    elif place.document_id:
        url = reverse("wagtailsnippets_ledning_governeddocument:edit", args=[place.document_id])
    else:
        return ""
    if place.block_id:
        return f"{url}#block-{place.block_id}-section"
    return f"{url}#panel-child-content-child-{place.field}-section"


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


def grouped(rows_: list[Row], key: str) -> list[tuple[str, list[Row]]]:
    """[(group, rows)] keeping the order of rows; key is "owner" or "title"."""
    groups: dict[str, list[Row]] = {}
    for row in rows_:
        groups.setdefault(getattr(row, key), []).append(row)
    return list(groups.items())


def last_run() -> LinkCheckRun | None:
    return LinkCheckRun.objects.filter(finished_at__isnull=False).first()
