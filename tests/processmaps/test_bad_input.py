"""Every bad upload gives the editor a clear Swedish error, stores nothing, and never runs or
fetches anything: not XML, not GraphML, external entities, entity bombs, too big, edges to
missing nodes; markup in labels is shown as text."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from intranet.ledning.models import ProcessMap
from intranet.ledning.processmaps.errors import ProcessMapError
from intranet.ledning.processmaps.parser import parse_graphml
from intranet.ledning.processmaps.render import render_svg

from ..conftest import soup, text_of
from .conftest import SVG_NS, fixture_bytes, svg_tree
from .yed import edge, simple_map

ADD_URL = "/admin/snippets/ledning/processmap/add/"


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        body = b'<!ENTITY secret "fetched">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


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


def xxe_file(base_url: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE graphml [
  <!ENTITY % remote SYSTEM "{base_url}/evil.dtd">
  %remote;
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY web SYSTEM "{base_url}/steg">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d6"><y:ShapeNode><y:Geometry x="0" y="0" width="80" height="30"/>
      <y:NodeLabel>&passwd;&web;</y:NodeLabel></y:ShapeNode></data></node>
  </graph>
</graphml>
""".encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G"><node id="n0">
<data key="d6">&lol9;</data></node></graph></graphml>
"""

BAD_INPUTS = {
    "not_xml": (b"Det h\xc3\xa4r \xc3\xa4r ingen karta, bara text.", "kunde inte läsas som XML"),
    "binary": (b"%PDF-1.4\n\x00\x01\x02\xff", "kunde inte läsas som XML"),
    "not_graphml": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        "är XML men inte GraphML",
    ),
    "billion_laughs": (BILLION_LAUGHS, "dokumenttypsdeklaration (DOCTYPE) eller entiteter"),
    "missing_node": (
        simple_map(["Ta emot ansökan", "Utreda"], extra_edges=edge("e9", "n1", "n99")),
        "Pilen ”e9” går till eller från steget ”n99”, som inte finns i kartan",
    ),
    "no_steps": (simple_map([]), "Kartan innehåller inga steg"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_parser_refuses_bad_input_in_swedish(name):
    data, message = BAD_INPUTS[name]
    with pytest.raises(ProcessMapError) as error:
        parse_graphml(data)
    assert message in error.value.message


def test_external_entities_are_refused_and_nothing_is_fetched(recording_server):
    base_url, requests = recording_server
    with pytest.raises(ProcessMapError) as error:
        parse_graphml(xxe_file(base_url))
    assert "DOCTYPE" in error.value.message
    assert requests == []


def test_a_doctype_hidden_in_utf16_is_refused_too(recording_server):
    base_url, requests = recording_server
    data = xxe_file(base_url).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(ProcessMapError) as error:
        parse_graphml(data.encode("utf-16"))
    assert error.value.code in {"entities", "not_xml"}
    assert requests == []


def test_too_big_is_refused_before_parsing(hemtjanst_graphml):
    with pytest.raises(ProcessMapError) as error:
        parse_graphml(hemtjanst_graphml, limit=10_000)
    assert "Filen är för stor" in error.value.message
    assert "(20 kB). En processkarta får vara högst 10 kB." in error.value.message


def test_markup_in_labels_is_shown_as_text():
    labels = [
        "<script>alert('hej')</script>",
        '<svg onload="alert(1)"><a href="javascript:alert(2)">klicka</a></svg>',
        'Åtgärd & uppföljning "nu"',
    ]
    graph = parse_graphml(simple_map(labels))
    svg = render_svg(graph, "xss")
    tree = svg_tree(svg)
    assert tree.xpath("//svg:script|//*[local-name()='script']", namespaces=SVG_NS) == []
    assert tree.xpath("//@onload") == []
    assert not [href for href in tree.xpath("//@href") if "javascript" in href]
    texts = ["".join(t.itertext()) for t in tree.xpath("//svg:text", namespaces=SVG_NS)]
    assert texts == labels
    assert "&lt;script&gt;" in svg


# --- in the admin ----------------------------------------------------------------------------


def post_map(client: Client, data: bytes, name: str = "karta.graphml", title: str = "Karta"):
    return client.post(
        ADD_URL,
        {
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type="application/xml"),
            "owner": "Processägare",
            "description": "",
            "reviewed_by": "",
            "approved_on": "",
            "node_links-TOTAL_FORMS": "0",
            "node_links-INITIAL_FORMS": "0",
            "node_links-MIN_NUM_FORMS": "0",
            "node_links-MAX_NUM_FORMS": "1000",
        },
    )


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "processkartor"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def map_client(map_editor) -> Client:
    client = Client()
    client.force_login(map_editor)
    return client


def file_error(response) -> str:
    page = soup(response)
    field = page.find(attrs={"data-field-wrapper": True, "data-contentpath": "file"}) or page
    return text_of(field)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_admin_shows_the_error_and_stores_nothing(map_client, name):
    before = stored_files()
    data, message = BAD_INPUTS[name]
    response = post_map(map_client, data)
    assert response.status_code == 200  # the form again, not a redirect
    assert message in file_error(response)
    assert not ProcessMap.objects.exists()
    assert stored_files() == before


def test_admin_refuses_external_entities_without_fetching(map_client, recording_server):
    base_url, requests = recording_server
    response = post_map(map_client, xxe_file(base_url))
    assert "DOCTYPE" in file_error(response)
    assert "root:" not in response.content.decode()
    assert requests == []
    assert not ProcessMap.objects.exists()


@override_settings(LEDNING_PROCESSMAP_MAX_BYTES=4096)
def test_admin_refuses_a_file_over_the_configured_limit(map_client):
    before = stored_files()
    response = post_map(map_client, fixture_bytes("hemtjanst.graphml"))
    assert "Filen är för stor" in file_error(response)
    assert "högst 4 kB" in file_error(response)
    assert not ProcessMap.objects.exists()
    assert stored_files() == before


def test_admin_refuses_another_file_type(map_client):
    response = post_map(map_client, fixture_bytes("hemtjanst.graphml"), name="karta.xml")
    assert "Välj en .graphml-fil." in file_error(response)
    assert not ProcessMap.objects.exists()


def test_admin_stores_a_good_map(map_client):
    before = stored_files()
    response = post_map(map_client, fixture_bytes("hemtjanst.graphml"), title="Hemtjänst")
    assert response.status_code == 302
    process_map = ProcessMap.objects.get()
    assert process_map.title == "Hemtjänst"
    assert process_map.svg.startswith("<svg")
    assert len(process_map.graph["nodes"]) == 11
    new = [path.name for path in stored_files() if path not in before]
    assert new == [Path(process_map.file.name).name]
