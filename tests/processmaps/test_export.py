"""Process maps in the ledningssystem/1 format: a process flow block travels whole (activities,
roles, links, branches) and comes back the same; a ProcessMap snippet travels as its GraphML
file and comes back as a yEd file that is drawn the same way."""

from __future__ import annotations

import pytest

from intranet.ledning.exchange import export_ledningssystem, import_ledningssystem
from intranet.ledning.exchange.schema import schema_errors
from intranet.ledning.models import GovernedDocument, ProcessPage, StartPage, Workplace

from ..conftest import soup
from .conftest import fixture_bytes
from .test_flow import clean, hemtjanst_flow
from .test_snippet_and_pages import add_to_page, map_block

pytestmark = pytest.mark.django_db


def test_process_maps_survive_export_and_import(site_tree, make_map, tmp_path, staff_client):
    add_to_page(
        site_tree.process,
        map_block(make_map(), block_id="yed"),
        ("process_flow", clean(hemtjanst_flow(site_tree)), "flode"),
    )
    # (The export holds published documents only; the tree's draft one is listed on the page.)
    GovernedDocument.objects.filter(pk=site_tree.draft.pk).update(live=True)
    exported = export_ledningssystem(files_dir=tmp_path)
    assert schema_errors(exported) == []
    page = next(p for p in exported["pages"] if p["title"] == "Verkställa beslut om hemtjänst")
    snippet_map = [block for block in page["body"] if block["type"] == "process_map"][-1]
    assert snippet_map["title"] == "Karta hemtjänst"
    assert (tmp_path / snippet_map["graphml"]).read_bytes() == fixture_bytes("hemtjanst.graphml")
    flow = next(block for block in page["body"] if block["type"] == "process_flow")
    assert [a["role"] for a in flow["activities"]][:3] == [
        "Biståndshandläggare",
        "Biståndshandläggare",
        "Enhetschef",
    ]
    assert flow["activities"][2]["branches"] == [
        {"condition": "Ja", "target": ""},
        {"condition": "Nej", "target": "Upprätta genomförandeplan"},
    ]
    assert flow["activities"][4]["links"] == [
        {"document": site_tree.documents["Rutin Genomförandeplan"].key},
        {"text": "Mall", "url": "https://example.se/"},
    ]

    # Into an empty system and out again: the same.
    StartPage.objects.get().delete()
    GovernedDocument.objects.all().delete()
    Workplace.objects.all().delete()
    import_ledningssystem(exported, files_dir=tmp_path)
    again = export_ledningssystem()
    page_again = next(p for p in again["pages"] if p["title"] == page["title"])
    assert next(b for b in page_again["body"] if b["type"] == "process_flow") == flow

    process = ProcessPage.objects.get(title="Verkställa beslut om hemtjänst")
    html = soup(staff_client.get(process.url))
    assert html.select_one("section.process-flow svg") is not None
    # The imported yEd file is drawn (block ids are not part of the format).
    assert html.select_one("section.process-map:not(.process-flow) svg[data-steps='9']")
