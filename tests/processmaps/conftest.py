"""Process map fixtures: GraphML files in the shape yEd writes them, and maps as snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from lxml import etree

from intranet.ledning.models import ProcessMap

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SVG_NS = {"svg": "http://www.w3.org/2000/svg"}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def svg_tree(svg: str) -> etree._Element:
    """The SVG as an element tree, parsed as strictly as a browser parses image/svg+xml."""
    return etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False))


def by_class(tree: etree._Element, name: str) -> list[etree._Element]:
    return tree.xpath(f"//*[contains(concat(' ', @class, ' '), ' {name} ')]")


def element_text(element: etree._Element) -> str:
    return "\n".join(
        "".join(span.itertext()).strip()
        for span in element.iter("{http://www.w3.org/2000/svg}tspan")
    )


@pytest.fixture
def hemtjanst_graphml() -> bytes:
    return fixture_bytes("hemtjanst.graphml")


@pytest.fixture
def make_map(db):
    def make(title: str = "Verkställa beslut om hemtjänst", data: bytes | None = None, **kw):
        process_map = ProcessMap(title=title, **kw)
        process_map.file.save(
            "hemtjanst.graphml", ContentFile(data or fixture_bytes("hemtjanst.graphml")), save=False
        )
        process_map.full_clean()
        process_map.save()
        return process_map

    return make


@pytest.fixture
def map_editor(editor_user):
    """An editor who may also add and change process maps."""
    editor_user.groups.first().permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ledning",
            codename__in=["add_processmap", "change_processmap", "delete_processmap"],
        )
    )
    return editor_user
