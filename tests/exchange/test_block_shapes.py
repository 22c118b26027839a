"""One source per block kind: blocks/shapes.py declares how each block travels in
`ledningssystem/1`, and the import, the export and schema.json follow it. A block kind or a
field added in one place only (the StreamField, the declaration or the JSON Schema) fails
here, and every kind goes through the import and the export unchanged."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from wagtail import blocks as wagtail_blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from intranet.ledning.blocks import (
    GovernedDocumentChooserBlock,
    LinkBlock,
    LinkSectionsBlock,
    ProcessBodyBlock,
)
from intranet.ledning.blocks.shapes import (
    BODY_KINDS,
    SECTION,
    DocumentKey,
    FileRef,
    LinkTo,
    ListOf,
    RichText,
    Single,
    Struct,
    Value,
)
from intranet.ledning.exchange import export_ledningssystem, import_ledningssystem
from intranet.ledning.exchange.schema import schema, schema_errors

from ..processmaps.conftest import fixture_bytes
from .test_exchange import MINIMAL_PDF, sample

# --- the declarations against the blocks ---------------------------------------------------

FIELD_BLOCKS = {
    RichText: (wagtail_blocks.RichTextBlock,),
    LinkTo: (LinkBlock,),
    DocumentKey: (GovernedDocumentChooserBlock,),
}
FILE_BLOCKS = {"image": ImageChooserBlock, "graphml": DocumentChooserBlock}


def shape_problems(shape: Struct | Single, block: Any, path: str) -> list[str]:
    if isinstance(shape, Single):
        return field_problems(shape.field, block, path)
    if not isinstance(block, wagtail_blocks.StructBlock):
        return [f"{path}: declared as a struct, the block is a {type(block).__name__}"]
    declared = {field.name for field in shape.fields}
    declared |= {f.snippet for f in shape.fields if isinstance(f, FileRef) and f.snippet}
    if declared != set(block.child_blocks):
        return [f"{path}: declared {sorted(declared)}, the block has {sorted(block.child_blocks)}"]
    problems = []
    for field in shape.fields:
        problems += field_problems(field, block.child_blocks[field.name], f"{path}.{field.name}")
    return problems


def field_problems(field: Any, block: Any, path: str) -> list[str]:
    if isinstance(field, ListOf):
        if not isinstance(block, wagtail_blocks.ListBlock):
            return [f"{path}: declared as a list, the block is a {type(block).__name__}"]
        if isinstance(field.item, Struct | Single):
            return shape_problems(field.item, block.child_block, f"{path}[]")
        return field_problems(field.item, block.child_block, f"{path}[]")
    if isinstance(field, FileRef):
        expected: tuple[type, ...] = (FILE_BLOCKS[field.kind],)
    elif isinstance(field, Value):
        plain = isinstance(block, wagtail_blocks.FieldBlock) and not isinstance(
            block, wagtail_blocks.RichTextBlock | wagtail_blocks.ChooserBlock
        )
        return [] if plain else [f"{path}: declared as a value, the block is {block!r}"]
    else:
        expected = FIELD_BLOCKS[type(field)]
    if not isinstance(block, expected):
        return [f"{path}: declared as {type(field).__name__}, the block is {type(block).__name__}"]
    return []


def test_every_block_a_stream_offers_is_declared():
    assert set(ProcessBodyBlock().child_blocks) == set(BODY_KINDS)
    assert set(LinkSectionsBlock().child_blocks) == {SECTION.name}


@pytest.mark.parametrize("name", list(BODY_KINDS))
def test_each_declaration_names_every_field_of_its_block(name):
    block = ProcessBodyBlock().child_blocks[name]
    assert shape_problems(BODY_KINDS[name].shape, block, name) == []


def test_the_link_group_declaration_names_every_field_of_its_block():
    block = LinkSectionsBlock().child_blocks[SECTION.name]
    assert shape_problems(SECTION.shape, block, SECTION.name) == []


# --- the declarations against schema.json ---------------------------------------------------


def resolve(node: dict) -> dict:
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def schema_problems(shape: Struct | Single, node: dict, path: str) -> list[str]:
    node = resolve(node)
    fields = (shape.field,) if isinstance(shape, Single) else shape.fields
    declared = {field.name for field in fields}
    in_schema = set(node.get("properties", {})) - {"type"}
    if declared != in_schema:
        return [f"{path}: declared {sorted(declared)}, schema.json has {sorted(in_schema)}"]
    problems = []
    for field in fields:
        problems += schema_field_problems(
            field, node["properties"][field.name], f"{path}.{field.name}"
        )
    return problems


def schema_field_problems(field: Any, node: dict, path: str) -> list[str]:
    node = resolve(node)
    if isinstance(field, ListOf):
        if node.get("type") != "array":
            return [f"{path}: declared as a list, schema.json has {node}"]
        if isinstance(field.item, Struct | Single):
            return schema_problems(field.item, node["items"], f"{path}[]")
        return schema_field_problems(field.item, node["items"], f"{path}[]")
    if isinstance(field, LinkTo):
        return [] if node is schema()["$defs"]["link"] else [f"{path}: not a link in schema.json"]
    if node.get("type") in ("object", "array"):
        return [f"{path}: declared as a single value, schema.json has {node.get('type')}"]
    return []


def test_schema_json_offers_exactly_the_declared_block_kinds():
    block = schema()["$defs"]["block"]
    assert set(block["properties"]["type"]["enum"]) == set(BODY_KINDS)
    branches = {
        rule["if"]["properties"]["type"]["const"]: rule["then"]["$ref"] for rule in block["allOf"]
    }
    assert branches == {name: f"#/$defs/block_{name}" for name in BODY_KINDS}


@pytest.mark.parametrize("name", list(BODY_KINDS))
def test_schema_json_has_the_declared_fields_of_each_block(name):
    node = schema()["$defs"][f"block_{name}"]
    assert schema_problems(BODY_KINDS[name].shape, node, name) == []


def test_schema_json_has_the_declared_fields_of_a_link_group():
    assert schema_problems(SECTION.shape, schema()["$defs"]["section"], SECTION.name) == []


# --- every kind through the import and the export -------------------------------------------

PROCESS = 2  # the process page in sample()


def every_kind() -> dict:
    """sample() with at least one block of every kind, process maps from all three sources,
    and links to a page, a document and an address."""
    data = copy.deepcopy(sample())
    data["pages"][PROCESS]["body"] += [
        {"type": "text", "html": "<p>Så här <b>verkställs</b> ett beslut.</p>"},
        {
            "type": "key_figures",
            "rows": [
                {
                    "goal": "Klagomål besvaras snabbt",
                    "figure": "Andel besvarade inom två veckor",
                    "target": "100 %",
                    "follow_up": "Varje kvartal",
                }
            ],
        },
        {
            "type": "responsibilities",
            "rows": [{"role": "Enhetschef", "duties": ["att klagomål besvaras", "att följa upp"]}],
        },
        {
            "type": "process_flow",
            "title": "Hantera klagomål",
            "large": True,
            "activities": [
                {"name": "Ta emot synpunkt", "role": "Handläggare", "kind": "start"},
                {
                    "name": "Lex Sarah?",
                    "role": "Handläggare",
                    "kind": "decision",
                    "description": "Bedöm om det är ett missförhållande.",
                    "links": [
                        {"document": "rutin-nyckelhantering"},
                        {"page": "vard-och-omsorg", "text": "Vård och omsorg"},
                        {"url": "https://example.se/lex-sarah"},
                    ],
                    "branches": [
                        {"condition": "Ja", "target": "Utreda"},
                        {"condition": "Nej", "target": ""},
                    ],
                },
                {"name": "Besvara", "role": "Handläggare", "kind": "activity"},
                {"name": "Utreda", "role": "Utredare", "kind": "end"},
            ],
        },
        {"type": "process_map", "title": "Karta som bild", "large": False, "image": "files/k.png"},
        {
            "type": "process_map",
            "title": "Karta från yEd",
            "large": False,
            "graphml": "files/hemtjanst.graphml",
        },
    ]
    return data


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF)
    (tmp_path / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.5"))
    image = io.BytesIO()
    PILImage.new("RGB", (8, 6), (40, 120, 90)).save(image, format="PNG")
    (tmp_path / "files" / "k.png").write_bytes(image.getvalue())
    (tmp_path / "files" / "hemtjanst.graphml").write_bytes(fixture_bytes("hemtjanst.graphml"))
    return tmp_path


def comes_back(given: Any, written: Any, path: str = "") -> list[str]:
    """Where the export differs from what the file said (a file's path only by its type: the
    storage may rename it)."""
    if isinstance(given, dict):
        if not isinstance(written, dict):
            return [f"{path}: {written!r}"]
        problems = []
        for key, value in given.items():
            if key in ("image", "graphml") and isinstance(value, str):
                ok = Path(str(written.get(key))).suffix == Path(value).suffix
                problems += [] if ok else [f"{path}.{key}: {written.get(key)!r}"]
            else:
                problems += comes_back(value, written.get(key), f"{path}.{key}")
        return problems
    if isinstance(given, list):
        if not isinstance(written, list) or len(written) != len(given):
            return [f"{path}: {written!r}"]
        return [
            p for n, item in enumerate(given) for p in comes_back(item, written[n], f"{path}[{n}]")
        ]
    return [] if given == written else [f"{path}: {written!r} instead of {given!r}"]


@pytest.mark.django_db
def test_every_block_kind_goes_through_the_import_and_the_export(files_dir, tmp_path):
    data = every_kind()
    body = data["pages"][PROCESS]["body"]
    assert {block["type"] for block in body} == set(BODY_KINDS), "the file uses every kind"

    import_ledningssystem(data, files_dir=files_dir)
    export_dir = tmp_path / "export"
    exported = export_ledningssystem(files_dir=export_dir)

    assert schema_errors(exported) == []
    page = next(
        entry for entry in exported["pages"] if entry["path"] == data["pages"][PROCESS]["path"]
    )
    assert comes_back(body, page["body"]) == []
    sections = {"sections": data["pages"][0]["sections"], "groups": data["pages"][1]["groups"]}
    assert comes_back(sections["sections"], exported["pages"][0]["sections"]) == []
    assert comes_back(sections["groups"], exported["pages"][1]["groups"]) == []
    # What the export wrote is what is stored: importing it again changes nothing.
    assert import_ledningssystem(exported, files_dir=export_dir).changed == 0
    assert export_ledningssystem() == exported
