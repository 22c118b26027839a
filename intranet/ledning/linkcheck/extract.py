"""Every link in every live page and governed document, read from the content models.

Rich text (links and embeds), StreamField blocks at any depth (URL, page, document, image and
snippet choosers, embeds, rich text inside structs and lists), URL fields and foreign keys to
documents and images, and the steps of a chosen process map (its hand-made links and the URLs
yEd stores on nodes). The StreamField walk reads the stored (raw) data against the block
definitions, so a chooser whose target was deleted still yields its id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.db import models
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from ..governed import responsible_users
from ..models import GovernedDocument, ProcessMap
from .addresses import Target, classify, host_port, internal


@dataclass
class Found:
    """One link at one place."""

    target: Target
    page_id: int | None
    document_id: int | None
    title: str
    field: str
    block_path: str = ""
    block_id: str = ""
    text: str = ""
    owner_role: str = ""
    owner_ids: list[int] = field(default_factory=list)


@dataclass
class RawLink:
    """A link as the content holds it, before classification: an address or a chosen object."""

    href: str = ""
    kind: str = ""  # for chosen objects: page, document, image, governeddocument
    pk: Any = None
    block_path: str = ""
    block_id: str = ""
    text: str = ""


class _RichTextLinks(HTMLParser):
    """<a href>, <a linktype="page|document" id>, <embed embedtype="image|media"> in Wagtail's
    stored rich text, with each link's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[RawLink] = []
        self._open: RawLink | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a":
            linktype = values.get("linktype")
            if linktype in ("page", "document"):
                link = RawLink(kind=linktype, pk=values.get("id"))
            elif "href" in values:
                link = RawLink(href=values["href"])
            else:
                return
            self.links.append(link)
            self._open = link
        elif tag == "embed":
            embedtype = values.get("embedtype")
            if embedtype == "image":
                self.links.append(RawLink(kind="image", pk=values.get("id")))
            elif embedtype == "media" and values.get("url"):
                self.links.append(RawLink(href=values["url"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None and len(self._open.text) < 255:
            self._open.text = (self._open.text + data)[:255]


def rich_text_links(html: str) -> list[RawLink]:
    parser = _RichTextLinks()
    parser.feed(html or "")
    parser.close()
    for link in parser.links:
        link.text = " ".join(link.text.split())
    return parser.links


def _model_kind(model: type | None) -> str:
    if model is None:
        return ""
    if issubclass(model, Page):
        return "page"
    if issubclass(model, get_document_model()):
        return "document"
    if issubclass(model, get_image_model()):
        return "image"
    if issubclass(model, GovernedDocument):
        return "governeddocument"
    return ""


def _chooser_model(block: blocks.Block) -> type | None:
    try:
        return block.model_class
    except Exception:  # a chooser whose model cannot be resolved: nothing to check
        return None


def stream_links(block: blocks.Block, raw: Any, path: str, block_id: str = "") -> Iterator[RawLink]:
    """Walk stored StreamField data against its block definition, yielding every link."""
    if raw is None or raw == "":
        return
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw or []):
            if not isinstance(child, dict):
                continue
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                continue
            yield from stream_links(
                child_block, child.get("value"), f"{path}[{index}]", block_id or child.get("id", "")
            )
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw or []):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from stream_links(block.child_block, item, f"{path}[{index}]", block_id)
    elif isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            # ImageBlock (a struct) stored by an ImageChooserBlock before: the image's id.
            if "image" in block.child_blocks and isinstance(raw, int):
                yield RawLink(kind="image", pk=raw, block_path=path, block_id=block_id)
            return
        for name, child_block in block.child_blocks.items():
            yield from stream_links(child_block, raw.get(name), f"{path}.{name}", block_id)
    elif isinstance(block, blocks.RichTextBlock):
        for link in rich_text_links(raw if isinstance(raw, str) else ""):
            link.block_path, link.block_id = path, block_id
            yield link
    elif isinstance(block, blocks.URLBlock | EmbedBlock):
        if isinstance(raw, str) and raw.strip():
            yield RawLink(href=raw, block_path=path, block_id=block_id)
    elif isinstance(block, blocks.ChooserBlock):
        model = _chooser_model(block)
        if model is not None and issubclass(model, ProcessMap):
            pk = raw.get("id") if isinstance(raw, dict) else raw
            yield from process_map_links(pk, path, block_id)
            return
        kind = _model_kind(model)
        if kind and raw not in (None, ""):
            pk = raw.get("id") if isinstance(raw, dict) else raw
            yield RawLink(kind=kind, pk=pk, block_path=path, block_id=block_id)


def process_map_links(pk: Any, path: str, block_id: str = "") -> Iterator[RawLink]:
    """The links of a process map chosen in a block: the steps linked by hand in the admin and
    the http(s) URLs yEd keeps on nodes, each placed at the block and named by its step."""
    try:
        process_map = ProcessMap.objects.prefetch_related("node_links").get(pk=int(pk))
    except (ProcessMap.DoesNotExist, TypeError, ValueError):
        return
    for link in process_map.node_links.all():
        step = f"{path}.steps[{link.node_label[:60]}]"
        if link.page_id is not None:
            kind, target = "page", link.page_id
        elif link.document_id is not None:
            kind, target = "governeddocument", link.document_id
        else:
            continue
        yield RawLink(
            kind=kind, pk=target, block_path=step, block_id=block_id, text=link.node_label
        )
    for node in (process_map.graph or {}).get("nodes", []):
        url = (node.get("url") or "").strip()
        if url:
            texts = [label.get("text") or "" for label in node.get("labels", [])]
            label = " ".join(" ".join(texts).split())
            yield RawLink(
                href=url,
                block_path=f"{path}.steps[{(label or node.get('id', ''))[:60]}]",
                block_id=block_id,
                text=label,
            )


def _content_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields holding links: those a page type adds to Page, or all of a document's."""
    fields = []
    for model_field in model._meta.concrete_fields:
        if issubclass(model, Page) and model_field.model is Page:
            continue
        holds_links = isinstance(model_field, RichTextField | StreamField | models.URLField)
        chooses = isinstance(model_field, models.ForeignKey) and _model_kind(
            model_field.related_model
        ) in ("document", "image", "governeddocument")
        if holds_links or chooses:
            fields.append(model_field)
    return fields


def object_links(obj: models.Model) -> Iterator[tuple[str, RawLink]]:
    """(field name, link) for every link in one page or document."""
    for model_field in _content_fields(type(obj)):
        name = model_field.name
        if isinstance(model_field, RichTextField):
            for link in rich_text_links(getattr(obj, model_field.attname) or ""):
                yield name, link
        elif isinstance(model_field, StreamField):
            value = getattr(obj, model_field.attname)
            raw = list(value.raw_data) if hasattr(value, "raw_data") else []
            for link in stream_links(model_field.stream_block, raw, ""):
                link.block_path = link.block_path.lstrip(".")
                yield name, link
        elif isinstance(model_field, models.URLField):
            value = getattr(obj, model_field.attname) or ""
            if value.strip():
                yield name, RawLink(href=value)
        else:
            pk = getattr(obj, model_field.attname)
            if pk is not None:
                yield name, RawLink(kind=_model_kind(model_field.related_model), pk=pk)


def own_hosts() -> frozenset[str]:
    """ "host:port" under which the site itself answers: links there are internal."""
    hosts = {f"{site.hostname.lower()}:{site.port}" for site in Site.objects.all()}
    for setting in ("WAGTAILADMIN_BASE_URL", "LEDNING_BASE_URL"):
        value = getattr(settings, setting, "") or ""
        if value.startswith(("http://", "https://")):
            hosts.add(host_port(value))
    return frozenset(hosts)


def _owner_role(obj: Any) -> str:
    for name in ("page_owner", "owner"):
        value = getattr(obj, name, "")
        if isinstance(value, str) and value:
            return value
    return ""


def _place(obj: Any, name: str, link: RawLink, hosts: frozenset[str], owners) -> Found:
    is_page = isinstance(obj, Page)
    source = f"page:{obj.pk}" if is_page else ""
    if link.kind:
        try:
            target = internal(link.kind, int(link.pk))
        except (TypeError, ValueError):
            target = classify(f"{link.kind}:{link.pk}")
    else:
        base_path = (obj.url_path or "") if is_page else ""
        target = classify(link.href, own_hosts=hosts, source=source, base_path=base_path)
    return Found(
        target=target,
        page_id=obj.pk if is_page else None,
        document_id=None if is_page else obj.pk,
        title=str(obj.title if is_page else obj)[:255],
        field=name,
        block_path=link.block_path[:500],
        block_id=link.block_id[:64],
        text=link.text[:255],
        owner_role=_owner_role(obj)[:255],
        owner_ids=owners,
    )


def content_objects() -> Iterable[Any]:
    """Every live page (specific) and live governed document."""
    yield from Page.objects.live().filter(depth__gt=1).specific().iterator(chunk_size=200)
    yield from GovernedDocument.objects.live().iterator(chunk_size=200)


def extract_each(objects: Iterable[Any] | None = None) -> Iterator[list[Found]]:
    """Every link at every place, one page or document at a time, in a stable order."""
    hosts = own_hosts()
    for obj in content_objects() if objects is None else objects:
        obj = getattr(obj, "specific", obj)  # a page as its own class; a document as it is
        links = list(object_links(obj))
        if not links:
            continue
        owners = [user.pk for user in responsible_users(obj)]
        yield [_place(obj, name, link, hosts, owners) for name, link in links]


def extract_all(objects: Iterable[Any] | None = None) -> list[Found]:
    """Every link at every place, in a stable order."""
    return [item for found in extract_each(objects) for item in found]
