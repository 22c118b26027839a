"""Process maps as a page shows them: the steps' links (by hand, by title, from yEd), the map
drawn with them and its text alternative; the process flow block and a yEd file from the
document library drawn the same way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.models import Page

from ..models import GovernedDocument, ProcessMap
from .errors import ProcessMapError
from .graph import Graph, normalize_label
from .layout import layout_flow, node_id
from .outline import Outline, build_outline
from .parser import parse_graphml
from .render import Link, apply_links, render_svg
from .upload import prepare_upload

# --- links ---------------------------------------------------------------------------------


def _document_link(document: GovernedDocument) -> Link | None:
    if not document.live or not document.open_url:
        return None
    return Link(url=document.open_url, title=document.title, kind="document")


def _page_link(page: Page, request: HttpRequest | None) -> Link | None:
    if not page.live:
        return None
    url = page.get_url(request)
    return Link(url=url, title=page.title, kind="page") if url else None


def process_candidates(page: Page | None) -> tuple[list[GovernedDocument], list[Page]]:
    """The documents and pages "in the process": those the page's content lists or links to,
    and the process steps below the page."""
    documents: list[GovernedDocument] = []
    pages: list[Page] = []
    if page is None:
        return documents, pages

    def collect(value: Any, depth: int = 0) -> None:
        if depth > 12 or value is None:
            return
        if isinstance(value, GovernedDocument):
            documents.append(value)
        elif isinstance(value, Page):
            pages.append(value)
        elif isinstance(value, StructValue | dict):
            for item in value.values():
                collect(item, depth + 1)
        elif isinstance(value, StreamValue):
            for child in value:
                collect(child.value, depth + 1)
        elif isinstance(value, ListValue | list | tuple):
            for item in value:
                collect(item, depth + 1)

    body = getattr(page, "body", None)
    if body is not None:
        collect(body)
    pages.extend(Page.objects.descendant_of(page).live().order_by("path"))
    return documents, pages


def links_for(
    graph: Graph,
    *,
    process_map: ProcessMap | None = None,
    page: Page | None = None,
    request: HttpRequest | None = None,
) -> dict[str, Link]:
    """Each step's link: by hand in the map's admin first, then a document or page of the
    process with the step's text as its title, then the URL a step has in yEd."""
    by_label: dict[str, list[str]] = {}
    for node in graph.steps:
        if node.text:
            by_label.setdefault(normalize_label(node.text), []).append(node.id)
    links: dict[str, Link] = {}

    def assign(label: str, link: Link | None) -> None:
        if link is None:
            return
        for step_id in by_label.get(normalize_label(label), []):
            links.setdefault(step_id, link)

    if process_map is not None and process_map.pk:
        for item in process_map.node_links.select_related("page", "document__file"):
            if item.document is not None:
                assign(item.node_label, _document_link(item.document))
            elif item.page is not None:
                assign(item.node_label, _page_link(item.page, request))
    documents, pages = process_candidates(page)
    for document in documents:
        assign(document.title, _document_link(document))
    for candidate in pages:
        assign(candidate.title, _page_link(candidate, request))
    for node in graph.steps:
        if node.url and node.id not in links:
            links[node.id] = Link(url=node.url, title=node.url, kind="url")
    return links


@dataclass
class RenderedMap:
    svg: SafeString
    outline: Outline
    steps: int
    linked: int


def render_graph(graph: Graph, svg: str, links: dict[str, Link]) -> RenderedMap:
    linked_svg = apply_links(svg, graph, links)
    # Safe: every text and attribute in the SVG was escaped by the renderer.
    return RenderedMap(
        svg=mark_safe(linked_svg),
        outline=build_outline(graph, links),
        steps=len(graph.steps),
        linked=len(links),
    )


def render_map(
    process_map: ProcessMap, page: Page | None = None, request: HttpRequest | None = None
) -> RenderedMap | None:
    """The map's cached SVG with its steps linked for this page, and its text alternative."""
    graph = process_map.parsed_graph()
    if graph is None or not process_map.svg:
        return None
    links = links_for(graph, process_map=process_map, page=page, request=request)
    return render_graph(graph, process_map.svg, links)


# --- process flow blocks -------------------------------------------------------------------


def link_value_target(link_value, request: HttpRequest | None = None) -> Link | None:
    """A LinkBlock value as a Link, if its target is there to open."""
    page = link_value.get("page")
    document = link_value.get("document")
    text = link_value.get("text") or ""
    if page is not None:
        link = _page_link(page, request)
    elif document is not None:
        link = _document_link(document)
    elif link_value.get("url"):
        link = Link(url=link_value["url"], title=link_value["url"], kind="url")
    else:
        link = None
    if link is not None and text:
        link = link._replace(title=text)
    return link


def render_flow(value, block_id: str = "", request: HttpRequest | None = None) -> RenderedMap:
    """A process flow block drawn as a swimlane map, its first links on the activities."""
    activities = value.activities()
    graph = layout_flow(activities)
    items = list(value.get("activities") or [])
    all_links: dict[str, list[Link]] = {}
    for index, item in enumerate(items):
        found = [link_value_target(link, request) for link in item.get("links") or []]
        all_links[node_id(index)] = [link for link in found if link is not None]
    links = {key: found[0] for key, found in all_links.items() if found}
    prefix = "pf-" + (
        "".join(ch for ch in block_id if ch.isalnum())[:12]
        or hashlib.sha256(repr(activities).encode()).hexdigest()[:10]
    )
    rendered = render_graph(graph, render_svg(graph, prefix), links)
    for step in rendered.outline.steps:
        index = int(step.id[1:])
        step.description = activities[index].description
        step.links = all_links.get(step.id, [])
    return rendered


# --- yEd files chosen as Wagtail documents (the block's older "yEd-fil" source) -------------


def render_document_map(
    document, page: Page | None = None, request: HttpRequest | None = None
) -> RenderedMap | None:
    """A GraphML file from the document library drawn like a ProcessMap. It is parsed once per
    file content (Wagtail's file_hash) and kept in the cache; a file that cannot be drawn gives
    None, and the page offers it for download only."""
    key = f"ledning:processmap:document:{document.pk}:{document.file_hash or document.file.name}"
    cached = cache.get(key)
    if cached is None:
        try:
            with document.open_file() as fileobj:
                prepared = prepare_upload(fileobj)
        except (ProcessMapError, OSError):
            cache.set(key, False, 3600)
            return None
        cached = (prepared.graph.to_dict(), prepared.svg)
        cache.set(key, cached, None)
    if cached is False:
        return None
    graph = Graph.from_dict(cached[0])
    links = links_for(graph, page=page, request=request)
    return render_graph(graph, cached[1], links)


# --- a yEd file given elsewhere (the import) ---------------------------------------------------


def graphml_refusal(data: bytes) -> str:
    """Why a yEd file cannot be shown as a process map (for the editor, in Swedish), or ""."""
    try:
        parse_graphml(data)
    except ProcessMapError as error:
        return error.message
    return ""
