"""Paging of the lists that grow with content (the document index, the list of changes, the
processes that use a document): plain GET links (``?sida=N``), so paging works without
JavaScript; the database counts and pages. ``ledning/includes/pager.html`` draws the links.
The admin's reports page with Wagtail's own paginator; ReportRows lets them load only the
rows of the page shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator

PAGE_PARAMETER = "sida"


@dataclass
class Pager:
    """One page of a list, with the links to the others: ``page_links`` holds (number, href)
    pairs of the elided range ("…" has no href); the first and last pages have no previous or
    next href."""

    page: DjangoPage
    page_links: list[tuple[int | str, str]] = field(default_factory=list)
    previous_href: str = ""
    next_href: str = ""

    @property
    def objects(self) -> list[Any]:
        return self.page.object_list

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1


def page_number(params: Mapping[str, str]) -> str:
    """The page asked for (``?sida=``), as the paginator takes it (anything odd: page 1 or
    the last)."""
    return params.get(PAGE_PARAMETER, "").replace("\x00", "").strip()[:10]


def query_href(base_url: str, params: Mapping[str, str]) -> str:
    """base_url with the non-empty params as its query string."""
    kept = {name: value for name, value in params.items() if value}
    return f"{base_url}?{urlencode(kept)}" if kept else base_url


def paginate(
    items: Sequence[Any],
    per_page: int,
    number: str,
    href: Callable[[int], str],
    count: int | None = None,
) -> Pager:
    """The page ``number`` of items (a queryset is sliced by the database), ``href(n)`` the
    address of page n. ``count``, when the caller knows it already, saves the COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    if paginator.num_pages <= 1:
        return Pager(page)
    return Pager(
        page,
        page_links=[
            (n, href(n) if isinstance(n, int) else "")
            for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
        previous_href=href(page.previous_page_number()) if page.has_previous() else "",
        next_href=href(page.next_page_number()) if page.has_next() else "",
    )


def paginate_params(
    items: Sequence[Any],
    per_page: int,
    base_url: str,
    params: Mapping[str, str],
    count: int | None = None,
    fragment: str = "",
    keep: Sequence[str] = (),
) -> Pager:
    """paginate() for the page ``?sida=`` of params asks for: each page's link keeps the
    parameters named in ``keep`` (the view's other choices), page 1 has no ``sida``;
    ``fragment`` (an element's id) ends each link, for a list further down its page."""
    others = {name: params.get(name, "")[:100] for name in keep}
    anchor = f"#{fragment}" if fragment else ""

    def href(number: int) -> str:
        page = str(number) if number > 1 else ""
        return query_href(base_url, {**others, PAGE_PARAMETER: page}) + anchor

    return paginate(items, per_page, page_number(params), href, count)


class ReportRows(Sequence):
    """A report's rows known by a light key each, the objects loaded a slice at a time: a
    Wagtail ReportView pages it (and its export reads it in slices of 500) without loading
    every page and document with its owners."""

    def __init__(self, keys: list[Any], load: Callable[[list[Any]], list[Any]]):
        self.keys = keys
        self.load = load

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.load(self.keys[index])
        return self.load([self.keys[index]])[0]

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self.keys), 500):
            yield from self.load(self.keys[start : start + 500])
