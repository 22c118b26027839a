"""Process maps in the ledningssystem/1 export: a snippet map travels as its GraphML file; a
process flow block is not in the format yet and is left out rather than breaking the export."""

from __future__ import annotations

import pytest

from intranet.ledning.exchange import export_ledningssystem
from intranet.ledning.exchange.schema import schema_errors

from .conftest import fixture_bytes
from .test_flow import clean, hemtjanst_flow
from .test_snippet_and_pages import add_to_page, map_block

pytestmark = pytest.mark.django_db


def test_export_with_process_maps_is_valid(site_tree, make_map, tmp_path):
    process_map = make_map()
    add_to_page(
        site_tree.process,
        map_block(process_map, block_id="yed"),
        ("process_flow", clean(hemtjanst_flow(site_tree)), "flode"),
    )
    exported = export_ledningssystem(files_dir=tmp_path)
    assert schema_errors(exported) == []
    page = next(p for p in exported["pages"] if p["title"] == "Verkställa beslut om hemtjänst")
    maps = [block for block in page["body"] if block["type"] == "process_map"]
    snippet_map = maps[-1]
    assert snippet_map["title"] == "Karta hemtjänst"
    assert (tmp_path / snippet_map["graphml"]).read_bytes() == fixture_bytes("hemtjanst.graphml")
    assert all(block["type"] != "process_flow" for block in page["body"])
