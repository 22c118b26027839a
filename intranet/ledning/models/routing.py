from __future__ import annotations

from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _claims_path(page: Page, remaining: list[str]) -> bool:
    """Whether the page's own routing (a routable page's views) must handle the rest of the
    path instead of its child pages."""
    cls = page.specific_class or Page
    if getattr(cls, "route", Page.route) in (Page.route, SubtreeRoutingMixin.route):
        return False
    if issubclass(cls, RoutablePageMixin):
        if not page.live:
            return False  # a routable page that is not live routes to its children only
        path = "/" + "".join(f"{component}/" for component in remaining)
        try:
            cls.get_resolver().resolve(path)
        except Resolver404:
            return False
    return True


class SubtreeRoutingMixin:
    """Finds the pages on a URL path below this page in one query.

    Wagtail's default routing costs two queries per level (the child, then its specific
    instance); the management system is four or five levels deep. Each page found gets its
    parent cached, as Wagtail's own routing does, so breadcrumbs and the process page's footer
    read their ancestors without further queries. A page with routing of its own (a routable
    page whose views match the rest of the path) is handed the rest, as Wagtail would."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        steps = [
            Q(depth=self.depth + level, slug=slug)
            for level, slug in enumerate(path_components, start=1)
        ]
        candidates = list(
            Page.objects.filter(path__startswith=self.path).filter(reduce(or_, steps))
        )
        parent, remaining = self, list(path_components)
        while remaining:
            child = next(
                (
                    page
                    for page in candidates
                    if page.depth == parent.depth + 1
                    and page.slug == remaining[0]
                    and page.path.startswith(parent.path)
                ),
                None,
            )
            if child is None:
                break
            child._cached_parent_obj = parent
            remaining.pop(0)
            parent = child
            if _claims_path(child, remaining):
                break
        if parent is self:
            raise Http404
        return parent.specific.route(request, remaining)


def taken_address(parent: Page | None, slug: str) -> str:
    """The address a child of parent with this slug would have, when another route of the site
    answers it (e.g. ``/ledningssystem/andringar/`` or ``/ledningssystem/styrdokument/x/``, the
    app's own routes mounted before Wagtail's catch-all): such a page would never be shown.
    "" when the address is free (or the parent has none)."""
    base = parent.get_url() if parent is not None else None
    if not base or not slug:
        return ""
    address = f"{urlsplit(base).path}{slug}/"
    try:
        match = resolve(address)
    except Resolver404:
        return ""
    return "" if match.url_name == "wagtail_serve" else address


def taken_address_message(address: str) -> str:
    return _(
        "Adressen %(address)s är upptagen av en annan del av webbplatsen, så sidan skulle "
        "aldrig visas. Välj en annan kortadress (slug)."
    ) % {"address": address}


class FreeAddressMixin:
    """A page of the management system refuses a slug whose address another route takes (the
    admin's page forms say so beside the slug, PageAddressForm; this covers every other way a
    page is saved, e.g. the import)."""

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        address = taken_address(self.get_parent(), self.slug)  # type: ignore[attr-defined]
        if address:
            raise ValidationError({"slug": taken_address_message(address)})
