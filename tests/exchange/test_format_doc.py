"""docs/format.md documents ledningssystem/1 inside the repository: every block kind and every
field that blocks/shapes.py declares (what the import accepts) is described there, and the
README points to it rather than to files outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from intranet.ledning.blocks.shapes import BODY_KINDS, ListOf, Single, Struct

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "format.md"


def field_names(shape) -> set[str]:
    fields = (shape.field,) if isinstance(shape, Single) else shape.fields
    names = set()
    for field in fields:
        if field.name:
            names.add(field.name)
        if isinstance(field, ListOf) and isinstance(field.item, Struct | Single):
            names |= field_names(field.item)
    return names


def block_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("### `BLOCK`") : text.index("## Errors")]


def test_every_block_kind_and_field_of_the_import_is_documented():
    section = block_section()
    for name, kind in BODY_KINDS.items():
        assert f'"type": "{name}"' in section, name
        for field in field_names(kind.shape):
            assert re.search(rf'"{field}"\s*:', section), f"{name}.{field}"


def test_the_readme_points_to_the_format_in_the_repository():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/format.md" in readme
    assert "../shared/FORMAT.md" not in readme and "`../shared/FORMAT.md`" not in readme
