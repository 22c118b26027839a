"""The import accepts only files the admin's upload would accept (issue 13 item 4, issue 16
item 3): an SVG (which may carry script that would run in the site's origin), a file whose
content is not the image its name says, a type the document upload refuses, a GraphML map with
a DOCTYPE, an external entity or an entity bomb. Each is refused with the entry and field
named, and nothing is written: no rows, no file in MEDIA_ROOT."""

from __future__ import annotations

import copy
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem
from intranet.ledning.models import ProcessPage

from ..exchange.test_exchange import MINIMAL_PDF, counts, media_files, sample
from ..processmaps.conftest import fixture_bytes
from ..processmaps.test_bad_input import BILLION_LAUGHS, RecordingHandler, xxe_file

PROCESS = "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst)"
MAP_BLOCK = 4  # the process map block in sample()'s process page

SVG_WITH_SCRIPT = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" onload="window.top.ran=1">
  <script>fetch('/min-sida/').then(r => r.text()).then(t => fetch('/api/sok/?q=' + t))</script>
  <rect width="200" height="100" fill="#3a7"/>
</svg>
"""


def png_bytes(size: tuple[int, int] = (8, 6), image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 120, 90)).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF)
    (tmp_path / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.5"))
    return tmp_path


def with_map(field: str, relpath: str) -> dict:
    data = copy.deepcopy(sample())
    data["pages"][2]["body"][MAP_BLOCK] = {
        "type": "process_map",
        "title": "Process Verkställa beslut hemtjänst",
        field: relpath,
    }
    return data


def state() -> tuple:
    return (*counts(), get_image_model().objects.count())


def refused(data: dict, files_dir: Path) -> list[str]:
    before, files_before = state(), media_files()
    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files_dir)
    assert state() == before, "the refused import wrote rows"
    assert media_files() == files_before, "the refused import left files in MEDIA_ROOT"
    return caught.value.messages


# --- images --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_svg_with_script_as_process_map_image_is_refused(files_dir):
    (files_dir / "files" / "karta.svg").write_bytes(SVG_WITH_SCRIPT)

    messages = refused(with_map("image", "files/karta.svg"), files_dir)

    assert messages == [
        f"{PROCESS}: body[{MAP_BLOCK}].image: filtypen .svg är inte tillåten för bilder "
        "(tillåtna: AVIF, GIF, JPEG, JPG, PNG, WEBP)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "karta.png",
            SVG_WITH_SCRIPT,
            "filen ”files/karta.png” har ändelsen .png men innehållet är av typen SVG",
        ),
        ("karta.png", b"<html><script>alert(1)</script></html>", "innehållet är av typen"),
        ("karta.png", b"ingen bild", "filen ”files/karta.png” är ingen bild som går att läsa"),
        (
            "karta.png",
            png_bytes(image_format="GIF"),
            "filen ”files/karta.png” har ändelsen .png men innehållet är av typen GIF",
        ),
        ("karta.html", b"<html><script>alert(1)</script></html>", "filtypen .html är inte"),
        ("karta", png_bytes(), "filtypen .– är inte tillåten för bilder"),
    ],
)
def test_an_image_the_admin_would_refuse_is_refused(files_dir, name, content, expected):
    (files_dir / "files" / name).write_bytes(content)

    messages = refused(with_map("image", f"files/{name}"), files_dir)

    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{PROCESS}: body[{MAP_BLOCK}].image: "), messages
    assert expected in messages[0], messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ({"WAGTAILIMAGES_MAX_UPLOAD_SIZE": 100}, "är större än 100"),
        ({"WAGTAILIMAGES_MAX_IMAGE_PIXELS": 1000}, "har fler än 1000 bildpunkter"),
    ],
)
def test_the_admins_size_limits_for_images_apply(files_dir, limits, expected):
    (files_dir / "files" / "karta.png").write_bytes(png_bytes((200, 200)))

    with override_settings(**limits):
        messages = refused(with_map("image", "files/karta.png"), files_dir)

    assert len(messages) == 1 and expected in messages[0], messages


@pytest.mark.django_db
def test_a_real_png_is_still_imported_and_shown(files_dir, client, django_user_model):
    (files_dir / "files" / "karta.png").write_bytes(png_bytes())

    import_ledningssystem(with_map("image", "files/karta.png"), files_dir=files_dir)

    process = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    image = process.body[MAP_BLOCK].value["image"]
    assert image.file.name.endswith(".png")
    client.force_login(django_user_model.objects.create_user("maja"))
    assert client.get(process.url).status_code == 200


# --- documents -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["rutin.svg", "rutin.html", "rutin.exe"])
def test_a_document_type_the_admin_refuses_is_refused(files_dir, name):
    (files_dir / "files" / name).write_bytes(SVG_WITH_SCRIPT)
    data = copy.deepcopy(sample())
    data["documents"][1]["file"] = f"files/{name}"
    extension = name.rsplit(".", 1)[1]

    messages = refused(data, files_dir)

    assert messages == [
        f"documents[1] (material-i-insatsparm): file: filtypen .{extension} är inte tillåten "
        "för dokument"
    ]


# --- GraphML process maps ------------------------------------------------------------------


DOCTYPE_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G"/></graphml>
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [DOCTYPE_ONLY, BILLION_LAUGHS], ids=["doctype", "billion-laughs"]
)
def test_a_graphml_map_with_a_doctype_or_entities_is_refused(files_dir, content):
    (files_dir / "files" / "karta.graphml").write_bytes(content)

    messages = refused(with_map("graphml", "files/karta.graphml"), files_dir)

    assert len(messages) == 1, messages
    assert messages[0].startswith(
        f"{PROCESS}: body[{MAP_BLOCK}].graphml: kartan ”files/karta.graphml” kan inte tas emot: "
        "Filen innehåller en dokumenttypsdeklaration (DOCTYPE) eller entiteter."
    ), messages


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback that records every request it gets."""
    handler = type("Handler", (RecordingHandler,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", handler.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_a_graphml_map_with_external_entities_is_refused_and_nothing_fetched(
    files_dir, recording_server
):
    base_url, requests = recording_server
    (files_dir / "files" / "karta.graphml").write_bytes(xxe_file(base_url))

    messages = refused(with_map("graphml", "files/karta.graphml"), files_dir)

    assert len(messages) == 1 and "DOCTYPE" in messages[0], messages
    assert messages[0].startswith(f"{PROCESS}: body[{MAP_BLOCK}].graphml: ")
    assert requests == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("karta.svg", SVG_WITH_SCRIPT, "ska vara en yEd-karta med ändelsen .graphml"),
        ("karta.graphml", SVG_WITH_SCRIPT, "är XML men inte GraphML"),
        ("karta.graphml", b"ingen karta", "kunde inte läsas som XML"),
    ],
)
def test_a_graphml_field_that_holds_something_else_is_refused(files_dir, name, content, expected):
    (files_dir / "files" / name).write_bytes(content)

    messages = refused(with_map("graphml", f"files/{name}"), files_dir)

    assert len(messages) == 1 and expected in messages[0], messages
    assert messages[0].startswith(f"{PROCESS}: body[{MAP_BLOCK}].graphml: ")


@pytest.mark.django_db
def test_a_yed_map_is_still_imported_and_drawn(files_dir, client, django_user_model):
    (files_dir / "files" / "karta.graphml").write_bytes(fixture_bytes("hemtjanst.graphml"))

    import_ledningssystem(with_map("graphml", "files/karta.graphml"), files_dir=files_dir)

    process = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    client.force_login(django_user_model.objects.create_user("maja"))
    html = client.get(process.url).content.decode()
    assert "data-steps=" in html


# --- as users run it -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_refuses_an_svg_and_leaves_nothing(files_dir, capsys):
    (files_dir / "files" / "karta.svg").write_bytes(SVG_WITH_SCRIPT)
    source = files_dir / "ledningssystem.json"
    source.write_text(json.dumps(with_map("image", "files/karta.svg")), encoding="utf-8")
    before, files_before = state(), media_files()

    with pytest.raises(CommandError, match="Inget har sparats"):
        call_command("import_ledningssystem", str(source), files=str(files_dir))

    assert f"{PROCESS}: body[{MAP_BLOCK}].image: filtypen .svg" in capsys.readouterr().err
    assert state() == before and media_files() == files_before
