"""``python manage.py check_links [--json FILE]``: one full check with a summary, and every
distinct URL in the documented JSON shape."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from intranet.ledning.models import Verdict


def test_check_links_writes_every_url_with_verdict_status_and_places(site_tree, web, tmp_path):
    process = site_tree.process
    process.intro = (
        f'<p><a href="{web.url("/ok")}">Bra</a> <a href="{web.url("/hang")}">Hänger</a> '
        f'<a href="{web.url("/saknas")}">Borta</a> <a href="{web.url("/big")}">Stor</a> '
        f'<a href="{web.url("/moved")}">Flyttad</a> <a href="http://[::1">Trasig</a></p>'
    )
    process.save()
    target = tmp_path / "links.json"
    out, err = io.StringIO(), io.StringIO()

    call_command("check_links", "--json", str(target), stdout=out, stderr=err)

    text = target.read_text(encoding="utf-8")
    rows = json.loads(text)
    by_url = {row["url"]: row for row in rows}
    assert len(by_url) == len(rows)  # one object per distinct URL
    assert len(text.splitlines()) == len(rows) + 2  # one per line, between [ and ]
    for row in rows:
        assert {"url", "verdict", "status", "places", "error"} <= row.keys()
        assert row["verdict"] in {verdict.value for verdict in Verdict}
    assert by_url[web.url("/ok")]["verdict"] == "ok"
    assert by_url[web.url("/ok")]["status"] == 200
    assert by_url[web.url("/hang")]["verdict"] == "timeout"
    assert by_url[web.url("/hang")]["status"] is None
    assert by_url[web.url("/saknas")]["verdict"] == "broken"
    assert by_url[web.url("/saknas")]["status"] == 404
    assert by_url[web.url("/big")]["verdict"] == "ok"
    moved = by_url[web.url("/moved")]
    assert (moved["verdict"], moved["redirect_to"]) == ("redirected", web.url("/ok"))
    assert by_url["http://[::1"]["verdict"] == "broken"
    [place] = by_url[web.url("/saknas")]["places"]
    assert place == {
        "page_id": process.pk,
        "document_id": None,
        "title": process.title,
        "field": "intro",
        "block_path": "",
        "text": "Borta",
        "owner": "Chef för område 2 och område 3",
        "owners": [],
    }
    document_place = by_url[f"governeddocument:{site_tree.process_map_document.pk}"]["places"]
    assert document_place[0]["block_path"] == "[5].document"
    summary = out.getvalue()
    assert "adresser på" in summary
    assert "Trasig: " in summary and "Svarar inte: 1" in summary


def test_check_links_json_to_stdout(site_tree):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_links", "--json", "-", stdout=out, stderr=err, verbosity=0)
    rows = json.loads(out.getvalue())
    assert rows and all(row["verdict"] for row in rows)
    assert "adresser på" in err.getvalue()
