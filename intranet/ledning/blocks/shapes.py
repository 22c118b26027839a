"""How each block kind travels in the import format ``ledningssystem/1`` (FORMAT.md): one
declaration per kind, beside the blocks it describes.

The import, the export and the import's checks of what a block refers to (pages, documents,
files) all walk these declarations (exchange/streams.py); none of them names a block kind or
a field itself. tests/test_exchange_shapes.py checks the declarations against the blocks'
own child blocks and against schema.json, so a block kind or field added in one place only
fails there.

A declaration names the fields in the format's words, which are the block's child names:

- ``Value``: text, a number, yes/no or a choice, stored as the format holds it;
- ``RichText``: rich text (HTML in the format, cleaned as the editor would on import);
- ``LinkTo``: a ``LinkBlock`` (``{"page": path} | {"document": key} | {"url": …}`` + text);
- ``DocumentKey``: a governed document chosen in the block, by its key in the format;
- ``FileRef``: an image or a yEd file, by its path under ``--files`` in the format;
- ``ListOf``: a list block of one of these, or of ``Struct`` or ``Single`` items;
- ``Struct``: a struct block, its fields in the order of the format;
- ``Single``: a block holding one value that the format writes as an object with one key
  (a heading is ``{"text": …}``, a sub-document ``{"document": key}``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

#: Value.empty's default: an empty value is exported as the field's default.
AS_DEFAULT = object()


@dataclass(frozen=True)
class Value:
    name: str
    #: Stored when the format leaves the field out or empty.
    default: Any = ""
    #: Left out of the export when empty.
    omit_empty: bool = False
    #: Exported for an empty value (an optional choice is null); the default unless given.
    empty: Any = AS_DEFAULT
    cast: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class RichText:
    name: str


@dataclass(frozen=True)
class LinkTo:
    name: str = ""


@dataclass(frozen=True)
class DocumentKey:
    name: str
    #: In the export, a list item whose required document is gone is left out.
    required: bool = False
    #: The field of the block (e.g. "document_type") naming the type the document must have.
    typed_by: str = ""
    omit_empty: bool = False


@dataclass(frozen=True)
class FileRef:
    name: str
    kind: str  # "image" or "graphml"
    #: A chooser in the same block whose object travels as this file (a ProcessMap snippet
    #: is exported as its GraphML file, and comes back as a yEd file).
    snippet: str = ""
    omit_empty: bool = True


@dataclass(frozen=True)
class Struct:
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Single:
    field: Field


@dataclass(frozen=True)
class ListOf:
    name: str
    item: Field | Struct | Single
    omit_empty: bool = False


Field = Value | RichText | LinkTo | DocumentKey | FileRef | ListOf


@dataclass(frozen=True)
class Kind:
    """A block kind of a StreamField: its name (the ``type`` in the format) and its shape."""

    name: str
    shape: Struct | Single


LINKS = ListOf("links", LinkTo())

#: A link group of the start page's sections and an area's groups (LinkSectionsBlock).
SECTION = Kind("section", Struct((Value("heading"), LINKS)))

#: The blocks of a process page's body (ProcessBodyBlock), in the order of FORMAT.md.
BODY_KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("heading", Single(Value("text"))),
        Kind("text", Single(RichText("html"))),
        Kind(
            "documents",
            Struct(
                (
                    Value("heading"),
                    Value("document_type", empty=None),
                    ListOf(
                        "items",
                        Struct(
                            (
                                DocumentKey("document", required=True, typed_by="document_type"),
                                ListOf(
                                    "children",
                                    Single(
                                        DocumentKey(
                                            "document", required=True, typed_by="document_type"
                                        )
                                    ),
                                ),
                            )
                        ),
                    ),
                )
            ),
        ),
        Kind("related", Struct((Value("heading", default=_("Relaterat material")), LINKS))),
        Kind(
            "process_map",
            Struct(
                (
                    Value("title"),
                    Value("large", default=False, cast=bool),
                    DocumentKey("document", omit_empty=True),
                    FileRef("image", "image"),
                    FileRef("graphml", "graphml", snippet="process_map"),
                )
            ),
        ),
        Kind(
            "process_flow",
            Struct(
                (
                    Value("title"),
                    Value("large", default=False, cast=bool),
                    ListOf(
                        "activities",
                        Struct(
                            (
                                Value("name"),
                                Value("role"),
                                Value("kind", default="activity"),
                                Value("description", omit_empty=True),
                                ListOf("links", LinkTo(), omit_empty=True),
                                ListOf(
                                    "branches",
                                    Struct((Value("condition"), Value("target"))),
                                    omit_empty=True,
                                ),
                            )
                        ),
                    ),
                )
            ),
        ),
        Kind(
            "key_figures",
            Struct(
                (
                    ListOf(
                        "rows",
                        Struct(
                            (Value("goal"), Value("figure"), Value("target"), Value("follow_up"))
                        ),
                    ),
                )
            ),
        ),
        Kind(
            "risks",
            Struct(
                (
                    ListOf(
                        "rows",
                        Struct(
                            (
                                Value("risk"),
                                Value("severity", default=None),
                                Value("likelihood", default=None),
                                Value("action"),
                            )
                        ),
                    ),
                )
            ),
        ),
        Kind(
            "responsibilities",
            Struct((ListOf("rows", Struct((Value("role"), ListOf("duties", Value(""))))),)),
        ),
    )
}
