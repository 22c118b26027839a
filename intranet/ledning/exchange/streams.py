"""StreamField content to and from ``ledningssystem/1``, by walking the declarations of
blocks/shapes.py: a block as the export writes it, the raw data the import stores for it, and
what it refers to (pages, documents, files), for the import's checks before anything is written.

The walk knows the kinds of fields, never a block kind: adding a block means declaring its
shape in blocks/shapes.py (and schema.json; a test compares them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.functional import Promise

from ..blocks.shapes import (
    AS_DEFAULT,
    DocumentKey,
    Field,
    FileRef,
    Kind,
    LinkTo,
    ListOf,
    RichText,
    Single,
    Struct,
    Value,
)
from .richtext import clean_html

# What a field's export may say instead of a value.
OMIT = object()  # leave the field out
GONE = object()  # a required document is gone: leave out the list item holding it


class ExportContext(Protocol):
    def page_link(self, page: Any) -> dict[str, str]:
        """{"page": path} for a page in the exported tree, else {"url": its address}."""

    def file_path(self, file_obj: Any) -> str:
        """The path a Wagtail document's or image's file is exported under."""

    def snippet_file_path(self, fieldfile: Any) -> str:
        """The path a model's own file (a process map's GraphML) is exported under."""


class ImportContext(Protocol):
    def page_id(self, path: str) -> int: ...

    def document_id(self, key: str) -> int: ...

    def file_id(self, kind: str, relpath: str, title: str) -> int:
        """The image or yEd document holding this file (kind "image" or "graphml")."""


@dataclass
class Reference:
    """Something a block in the file refers to, at its place in the entry."""

    parts: list[Any]
    kind: str  # "page", "document" or "file"
    value: str
    file_kind: str = ""  # for files: "image" or "graphml"
    document_type: str = ""  # for documents: the type the block asks for ("" any)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Promise) else value


def _empty(value: Any) -> bool:
    return value is None or value == ""


# --- export ----------------------------------------------------------------------------------


def export_block(kind: Kind, value: Any, context: ExportContext) -> dict[str, Any] | None:
    """One block of a stream as the format writes it ({"type": …, …}); None if it cannot be."""
    exported = export_shape(kind.shape, value, context)
    return None if exported is GONE else {"type": kind.name, **exported}


def export_shape(shape: Struct | Single, value: Any, context: ExportContext) -> Any:
    """A struct's or a single value's fields as an object, or GONE."""
    if isinstance(shape, Single):
        fields, struct = (shape.field,), {shape.field.name: value}
    else:
        fields, struct = shape.fields, value
    result: dict[str, Any] = {}
    for field in fields:
        exported = _export_field(field, struct.get(field.name), struct, context)
        if exported is GONE:
            return GONE
        if exported is not OMIT:
            result[field.name] = exported
    return result


def _export_field(field: Field, value: Any, struct: Any, context: ExportContext) -> Any:
    if isinstance(field, Value):
        if field.cast is not None:
            value = field.cast(value)
        if not _empty(value):
            return value
        if field.omit_empty:
            return OMIT
        return _plain(field.default if field.empty is AS_DEFAULT else field.empty)
    if isinstance(field, RichText):
        return getattr(value, "source", value) or ""
    if isinstance(field, LinkTo):
        return _export_link(value, context)
    if isinstance(field, DocumentKey):
        # The export carries live documents only: a list item naming a draft goes with it.
        if value is not None and value.live:
            return value.key
        return GONE if field.required else (OMIT if field.omit_empty else None)
    if isinstance(field, FileRef):
        if value:
            return context.file_path(value)
        chosen = struct.get(field.snippet) if field.snippet else None
        if chosen:
            return context.snippet_file_path(chosen.file)
        return OMIT if field.omit_empty else None
    items = [_export_item(field.item, item, context) for item in value or []]
    items = [item for item in items if item is not GONE]
    return OMIT if field.omit_empty and not items else items


def _export_item(item: Field | Struct | Single, value: Any, context: ExportContext) -> Any:
    if isinstance(item, Struct | Single):
        return export_shape(item, value, context)
    return _export_field(item, value, {}, context)


def _export_link(value: Any, context: ExportContext) -> dict[str, Any]:
    link: dict[str, Any] = {}
    if value.get("text"):
        link["text"] = value["text"]
    if value.get("page"):
        link.update(context.page_link(value["page"]))
    elif value.get("document"):
        link["document"] = value["document"].key
    else:
        link["url"] = value.get("url") or ""
    return link


# --- import ----------------------------------------------------------------------------------


def stream_child(block_type: str, value: Any) -> dict[str, Any]:
    """A StreamField child as Wagtail stores it, with a new block id."""
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def list_items(values: Iterable[Any]) -> list[dict[str, Any]]:
    """A ListBlock's items as Wagtail stores them."""
    return [stream_child("item", value) for value in values]


def import_block(kind: Kind, entry: dict[str, Any], context: ImportContext) -> dict[str, Any]:
    """The stored StreamField child for one block of the file (checked before)."""
    return stream_child(kind.name, import_shape(kind.shape, entry, context, entry))


def import_shape(
    shape: Struct | Single, entry: dict[str, Any], context: ImportContext, block: dict[str, Any]
) -> Any:
    if isinstance(shape, Single):
        return _import_field(shape.field, entry.get(shape.field.name), context, block)
    return {
        field.name: _import_field(field, entry.get(field.name), context, block)
        for field in shape.fields
    }


def _import_field(field: Field, value: Any, context: ImportContext, block: dict) -> Any:
    if isinstance(field, Value):
        value = value or _plain(field.default)
        return field.cast(value) if field.cast is not None else value
    if isinstance(field, RichText):
        return clean_html(value)
    if isinstance(field, LinkTo):
        return {
            "text": value.get("text") or "",
            "page": context.page_id(value["page"]) if "page" in value else None,
            "document": context.document_id(value["document"]) if "document" in value else None,
            "url": value.get("url") or "",
        }
    if isinstance(field, DocumentKey):
        return context.document_id(value) if value else None
    if isinstance(field, FileRef):
        return context.file_id(field.kind, value, block["title"]) if value else None
    return list_items(_import_item(field.item, item, context, block) for item in value or [])


def _import_item(item: Field | Struct | Single, value: Any, context: ImportContext, block: dict):
    if isinstance(item, Struct | Single):
        return import_shape(item, value, context, block)
    return _import_field(item, value, context, block)


# --- what the file refers to -----------------------------------------------------------------


def references(
    shape: Struct | Single, entry: dict[str, Any], parts: list[Any], block: dict[str, Any]
) -> Iterator[Reference]:
    """Pages, documents and files a block (or a part of it) at ``parts`` refers to, in the
    order of its fields. ``block`` is the whole block (a document list's type)."""
    fields = (shape.field,) if isinstance(shape, Single) else shape.fields
    for field in fields:
        if field.name in entry:
            yield from _field_references(field, entry[field.name], [*parts, field.name], block)


def _field_references(
    field: Field, value: Any, parts: list[Any], block: dict[str, Any]
) -> Iterator[Reference]:
    if isinstance(field, LinkTo):
        if "page" in value:
            yield Reference([*parts, "page"], "page", value["page"])
        if "document" in value:
            yield Reference([*parts, "document"], "document", value["document"])
    elif isinstance(field, DocumentKey):
        wanted = (block.get(field.typed_by) or "") if field.typed_by else ""
        yield Reference(parts, "document", value, document_type=wanted)
    elif isinstance(field, FileRef):
        yield Reference(parts, "file", value, file_kind=field.kind)
    elif isinstance(field, ListOf):
        for index, item in enumerate(value or []):
            if isinstance(field.item, Struct | Single):
                yield from references(field.item, item, [*parts, index], block)
            else:
                yield from _field_references(field.item, item, [*parts, index], block)
