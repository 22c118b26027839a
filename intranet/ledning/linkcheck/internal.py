"""Internal links checked in the database, not over HTTP: a page that was deleted, unpublished
or made private; a document or image that was deleted or whose file is missing from storage; a
governed document that was deleted or withdrawn; an anchor that does not exist on its page."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from ..models import GovernedDocument
from .addresses import Target, internal, split_internal
from .models import LinkKind, Verdict
from .result import Result

logger = logging.getLogger(__name__)

ANCHOR = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
BLOCK_ID = re.compile(r'"id":\s*"([^"]+)"')


# --- paths on the site itself ----------------------------------------------------------------


def _page_for_path(path: str) -> Page | None:
    sites = Site.objects.select_related("root_page").order_by("-is_default_site")
    stripped = path.strip("/")
    for site in sites:
        url_path = site.root_page.url_path + (f"{stripped}/" if stripped else "")
        page = Page.objects.filter(url_path=url_path).first()
        if page is not None:
            return page
    # A routable page's sub-route (e.g. a process map page): the nearest page above it.
    parts = stripped.split("/")
    for end in range(len(parts) - 1, 0, -1):
        for site in sites:
            url_path = site.root_page.url_path + "/".join(parts[:end]) + "/"
            page = Page.objects.filter(url_path=url_path).first()
            if page is None:
                continue
            page = page.specific
            if hasattr(page, "resolve_subpage"):
                try:
                    page.resolve_subpage("/" + "/".join(parts[end:]) + "/")
                except Exception:
                    return None
                return page
    return None


# The addresses of a governed document by its key: its page, its file (*Öppna dokument*) and
# its earlier versions. A link to any of them stands for the document.
DOCUMENT_VIEWS = frozenset(
    {
        "ledning:document",
        "ledning:document_file",
        "ledning:document_version",
        "ledning:document_version_file",
    }
)


def resolve_path(target: Target) -> Target:
    """A link to a path on the site itself, as the internal target it names."""
    path, _sep, anchor = target.path.partition("#")
    path = path or "/"
    try:
        match = resolve(path)
    except Resolver404:
        try:
            match = resolve(path + "/") if not path.endswith("/") else None
        except Resolver404:
            match = None
    missing = Target(
        target.url, LinkKind.PAGE, problem=_("Sidan finns inte: %(path)s") % {"path": path}
    )
    if match is None:
        return missing
    if match.url_name == "wagtaildocs_serve":
        return internal("document", match.args[0] if match.args else match.kwargs.get("pk"))
    if match.view_name in DOCUMENT_VIEWS:
        documents = GovernedDocument.objects.filter(key=match.kwargs.get("key"))
        if "number" in match.kwargs:  # an earlier version: that version must exist too
            documents = documents.filter(versions__number=match.kwargs["number"])
        document = documents.first()
        if document is None:
            return Target(
                target.url,
                LinkKind.GOVERNED_DOCUMENT,
                problem=_("Dokumentet finns inte: %(path)s") % {"path": path},
            )
        return internal("governeddocument", document.pk)
    if match.url_name != "wagtail_serve":
        return Target(target.url, LinkKind.PAGE)  # another view of the site: it exists
    page = _page_for_path(path)
    if page is None:
        return missing
    return internal("page", page.pk, anchor)


# --- anchors -------------------------------------------------------------------------------


def _static_anchors(page: Page) -> set[str]:
    """Ids written in the page's own content, and its StreamField blocks' ids."""
    anchors: set[str] = set()
    for model_field in page._meta.concrete_fields:
        value = getattr(page, model_field.attname, None)
        if hasattr(value, "raw_data"):
            text = json.dumps(list(value.raw_data), default=str)
            anchors |= set(BLOCK_ID.findall(text))
            anchors |= set(ANCHOR.findall(text.replace('\\"', '"')))
        elif isinstance(value, str) and "=" in value:
            anchors |= set(ANCHOR.findall(value))
    return anchors


def page_anchors(page: Page) -> set[str]:
    """Anchors a reader can jump to on the page: ids in its rendered HTML (rendered as an
    anonymous request would be) and in its content."""
    page = page.specific
    anchors = _static_anchors(page)
    try:
        site = page.get_site()
        request = RequestFactory().get(
            page.get_url_parts()[2] if page.get_url_parts() else "/",
            SERVER_NAME=site.hostname if site else "localhost",
            SERVER_PORT=site.port if site else 80,
        )
        request.user = AnonymousUser()
        response = page.serve(request)
        if hasattr(response, "render"):
            response.render()
        anchors |= set(ANCHOR.findall(response.content.decode("utf-8", "replace")))
    except Exception:
        logger.debug("Could not render page %s for its anchors", page.pk, exc_info=True)
    return anchors


# --- the check -----------------------------------------------------------------------------


def _restricted_paths() -> list[str]:
    """Paths of pages with a view restriction beyond "logged in" (groups or a password)."""
    return list(
        PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
        .values_list("page__path", flat=True)
        .distinct()
    )


def _file_exists(obj: Any) -> bool:
    try:
        return bool(obj.file) and obj.file.storage.exists(obj.file.name)
    except Exception:
        return False


def check_internal(urls: list[str]) -> dict[str, Result]:
    """Verdicts for internal URLs ("page:12#x", "document:5", …)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    parsed = {}
    for url in urls:
        parts = split_internal(url)
        if parts is None:
            continue
        parsed[url] = parts
        wanted[parts[0]].add(parts[1])

    pages = Page.objects.in_bulk(wanted["page"]) if wanted["page"] else {}
    documents = get_document_model().objects.in_bulk(wanted["document"])
    images = get_image_model().objects.in_bulk(wanted["image"])
    governed = GovernedDocument.objects.in_bulk(wanted["governeddocument"])
    restricted = _restricted_paths() if pages else []
    anchor_cache: dict[int, set[str]] = {}

    results: dict[str, Result] = {}
    for url, (kind, pk, anchor) in parsed.items():
        if kind == "page":
            results[url] = _check_page(pages.get(pk), anchor, restricted, anchor_cache)
        elif kind in ("document", "image"):
            obj = (documents if kind == "document" else images).get(pk)
            if obj is None:
                error = (
                    _("Filen är borttagen.") if kind == "document" else _("Bilden är borttagen.")
                )
                results[url] = Result(Verdict.BROKEN, error=error)
            elif not _file_exists(obj):
                results[url] = Result(
                    Verdict.BROKEN,
                    error=_("Filen ”%(title)s” saknas i lagringen.") % {"title": obj.title},
                )
            else:
                results[url] = Result(Verdict.OK)
        else:
            document = governed.get(pk)
            if document is None:
                results[url] = Result(Verdict.BROKEN, error=_("Dokumentet är borttaget."))
            elif not document.live:
                results[url] = Result(
                    Verdict.BROKEN,
                    error=_("Dokumentet ”%(title)s” är inte publicerat.")
                    % {"title": document.title},
                )
            else:
                results[url] = Result(Verdict.OK)
    return results


def _check_page(page, anchor: str, restricted: list[str], cache: dict[int, set[str]]) -> Result:
    if page is None:
        return Result(Verdict.BROKEN, error=_("Sidan är borttagen."))
    if not page.live:
        return Result(
            Verdict.BROKEN, error=_("Sidan ”%(title)s” är avpublicerad.") % {"title": page.title}
        )
    if any(page.path.startswith(path) for path in restricted):
        return Result(
            Verdict.BROKEN,
            error=_("Sidan ”%(title)s” har begränsad åtkomst och syns inte för alla.")
            % {"title": page.title},
        )
    if anchor:
        if page.pk not in cache:
            cache[page.pk] = page_anchors(page)
        if anchor not in cache[page.pk]:
            return Result(
                Verdict.BROKEN,
                error=_("Ankaret #%(anchor)s finns inte på sidan ”%(title)s”.")
                % {"anchor": anchor, "title": page.title},
            )
    return Result(Verdict.OK)
