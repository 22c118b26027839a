"""The ProcessMap snippet: its cache, its links, and the map on process pages."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from intranet.ledning.models import ProcessMap, ProcessMapLink

from ..conftest import soup, text_of
from .conftest import fixture_bytes, svg_tree
from .yed import simple_map

pytestmark = pytest.mark.django_db


def map_block(process_map, large=False, block_id="karta-yed", title="Karta hemtjänst"):
    return (
        "process_map",
        {
            "title": title,
            "large": large,
            "process_map": process_map,
            "image": None,
            "document": None,
            "graphml": None,
        },
        block_id,
    )


def add_to_page(page, *blocks):
    for block_type, value, block_id in blocks:
        page.body.append((block_type, value, block_id))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_svg_is_cached_and_rebuilt_only_when_the_file_changes(make_map):
    process_map = make_map()
    first = (process_map.file_hash, process_map.rendered_at)
    assert process_map.svg.startswith("<svg") and process_map.rendered_at
    process_map.title = "Nytt namn"
    process_map.full_clean()
    process_map.save()
    assert (process_map.file_hash, process_map.rendered_at) == first
    # The same content uploaded again is not rendered again.
    process_map.file.save("igen.graphml", ContentFile(fixture_bytes("hemtjanst.graphml")))
    process_map.full_clean()
    process_map.save()
    assert (process_map.file_hash, process_map.rendered_at) == first
    # A changed file is.
    process_map.file.save("ny.graphml", ContentFile(simple_map(["Ett", "Två", "Tre"])))
    process_map.full_clean()
    process_map.save()
    process_map.refresh_from_db()
    assert process_map.file_hash != first[0]
    assert process_map.rendered_at > first[1]
    assert process_map.svg.count('class="pm-node ') == 3


def test_map_on_a_process_page_links_its_steps(make_map, site_tree, staff_client):
    process_map = make_map(owner="Chef för område 2", reviewed_by="Ledningsgruppen")
    ProcessMapLink.objects.create(
        process_map=process_map, node_label="Skicka uppdrag till utförare", page=site_tree.support
    )
    add_to_page(site_tree.process, map_block(process_map))
    page = soup(staff_client.get(site_tree.process.url))
    viewport = page.select_one("#pm-karta-yed-vy")
    assert viewport["aria-label"] == "Processkarta: Karta hemtjänst"
    tree = svg_tree(str(viewport.find("svg")))
    assert len(tree.xpath("//*[contains(@class, 'pm-node ')]")) == 9
    links = {a.get("data-node"): a.get("href") for a in tree.iter("{*}a")}
    documents = site_tree.documents
    assert links == {
        # automatically: the step's text is the title of a document listed on the page
        "n0::n2": documents["Rutin Genomförandeplan"].open_url,
        "n0::n4": documents["Rutin Nyckelhantering av hemtjänsten"].open_url,
        # by hand in the admin
        "n0::n1": site_tree.support.url,
        # the URL the step has in yEd
        "n1::n1": "https://example.se/handbok",
    }
    assert "4 av 9 steg har en länk" in text_of(page.select_one(".pm-legend"))
    assert "Ansvarig för kartan: Chef för område 2" in text_of(page.select_one(".pm-owner"))

    # The text alternative: steps in flow order, grouped by role, with the same links.
    outline = page.select_one("details.pm-text")
    assert [text_of(h) for h in outline.find_all("h3")] == [
        "Handläggare",
        "Hemtjänstpersonal",
        "Stöd: dokumentation",
    ]
    first_lane = outline.select("section")[0]
    assert [item["value"] for item in first_lane.select("ol > li")] == ["1", "2", "5"]
    step = first_lane.select("ol > li")[1]
    assert step.a["href"] == site_tree.support.url
    assert text_of(step.a) == "Skicka uppdrag till utförare"
    decision = outline.find("li", value="4")
    assert text_of(decision).startswith("Beslut: Behövs nyckel & larm?")
    assert "Ja → steg 5 (Rutin Nyckelhantering av hemtjänsten)" in text_of(decision)


def test_large_map_has_a_preview_and_a_zoomable_page_of_its_own(make_map, site_tree, staff_client):
    add_to_page(site_tree.process, map_block(make_map(), large=True, block_id="stor"))
    page = soup(staff_client.get(site_tree.process.url))
    preview = page.select_one(".pm-preview")
    assert preview.has_attr("inert") and preview.find("svg")
    link = page.find("a", href=f"{site_tree.process.url}processkarta/stor/")
    assert link is not None

    full = soup(staff_client.get(link["href"]))
    figure = full.select_one("figure.pm--interactive")
    assert figure.select_one("[data-pm-toolbar]").has_attr("hidden")  # shown by the script
    viewport = figure.select_one("[data-pm-viewport]")
    assert viewport["tabindex"] == "0"
    assert "piltangenterna" in text_of(full.find(id=viewport["aria-describedby"]))
    assert full.select_one("details.pm-text").has_attr("open")
    assert full.find("script", src=lambda s: s and "processmaps.js" in s)
    assert full.find("link", href=lambda s: s and "processmaps-print.css" in s)["media"] == "print"


def test_markup_in_a_map_reaches_the_page_as_text(make_map, site_tree, staff_client):
    label = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    add_to_page(site_tree.process, map_block(make_map(data=simple_map([label, "Nästa"]))))
    response = staff_client.get(site_tree.process.url)
    html = response.content.decode()
    page = soup(response)
    viewport = page.select_one(".pm-viewport")
    assert viewport.find("script") is None and viewport.find("img") is None
    assert label in text_of(viewport)
    assert '<script>alert("x")' not in html


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def map_client(map_editor) -> Client:
    client = Client()
    client.force_login(map_editor)
    return client


def edit_data(process_map, links):
    data = {
        "title": process_map.title,
        "owner": process_map.owner,
        "description": "",
        "reviewed_by": "",
        "approved_on": "",
        "node_links-TOTAL_FORMS": str(len(links)),
        "node_links-INITIAL_FORMS": "0",
        "node_links-MIN_NUM_FORMS": "0",
        "node_links-MAX_NUM_FORMS": "1000",
    }
    for number, (label, page, document) in enumerate(links):
        data.update(
            {
                f"node_links-{number}-node_label": label,
                f"node_links-{number}-page": page.pk if page else "",
                f"node_links-{number}-document": document.pk if document else "",
                f"node_links-{number}-ORDER": str(number + 1),
                f"node_links-{number}-id": "",
                f"node_links-{number}-DELETE": "",
            }
        )
    return data


def test_admin_links_a_step_chosen_from_the_map(make_map, site_tree, map_client):
    process_map = make_map()
    url = f"/admin/snippets/ledning/processmap/edit/{process_map.pk}/"
    form = soup(map_client.get(url))
    template = form.find(id="id_node_links-EMPTY_FORM_TEMPLATE")
    options = [o["value"] for o in soup_of(template.decode_contents()).select("select option")]
    assert "Skicka uppdrag till utförare" in options
    assert "Behövs nyckel & larm?" in options

    document = site_tree.documents["Ansvar och roller"]
    response = map_client.post(
        url, edit_data(process_map, [("Skicka uppdrag till utförare", None, document)])
    )
    assert response.status_code == 302
    assert process_map.node_links.get().document == document

    response = map_client.post(
        url, edit_data(process_map, [("Ett steg som inte finns", None, document)])
    )
    assert response.status_code == 200
    assert "Det finns inget steg med texten ”Ett steg som inte finns” i kartan." in text_of(
        soup(response)
    )
    response = map_client.post(
        url, edit_data(process_map, [("Skicka uppdrag till utförare", site_tree.support, document)])
    )
    assert "Välj antingen en sida eller ett styrande dokument" in text_of(soup(response))


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_maps_are_listed_in_the_admin(make_map, map_client):
    make_map(title="Hemtjänstens processkarta")
    make_map(title="Hantera klagomål")
    response = map_client.get("/admin/snippets/ledning/processmap/")
    assert "Hemtjänstens processkarta" in text_of(soup(response))
    found = text_of(soup(map_client.get("/admin/snippets/ledning/processmap/?q=klagom")))
    assert "Hantera klagomål" in found and "Hemtjänstens processkarta" not in found
    assert ProcessMap.objects.count() == 2


def test_a_yed_file_from_the_document_library_is_drawn_too(site_tree, staff_client):
    from django.core.files.base import ContentFile as File

    from ..factories import WagtailDocumentFactory

    good = WagtailDocumentFactory(
        title="Karta", file=File(fixture_bytes("hemtjanst.graphml"), name="karta.graphml")
    )
    broken = WagtailDocumentFactory(
        title="Trasig", file=File(b"<html>ingen karta</html>", name="trasig.graphml")
    )
    blocks = []
    for number, document in enumerate([good, broken]):
        value = {"title": f"Karta {number}", "large": False, "process_map": None}
        value.update({"image": None, "document": None, "graphml": document})
        blocks.append(("process_map", value, f"fil-{number}"))
    add_to_page(site_tree.process, *blocks)
    page = soup(staff_client.get(site_tree.process.url))
    drawn = page.select_one("#pm-fil-0-vy svg")
    assert drawn is not None and len(svg_tree(str(drawn)).xpath("//*[@data-lane]")) >= 9
    assert "Rutin Genomförandeplan" in text_of(page.select_one("details.pm-text"))
    assert page.select_one("#pm-fil-1-vy") is None
    assert page.find("a", href=broken.url) is not None  # still offered for download


def test_the_admin_previews_the_map(make_map, site_tree, map_editor, rf):
    process_map = make_map(owner="Processägaren")
    ProcessMapLink.objects.create(
        process_map=process_map, node_label="Skicka uppdrag till utförare", page=site_tree.support
    )
    request = rf.get("/admin/")
    request.user = map_editor
    response = process_map.serve_preview(request, process_map.default_preview_mode)
    page = soup_of(response.render().content.decode())
    assert text_of(page.h1) == "Verkställa beslut om hemtjänst"
    links = [a["href"] for a in page.select(".pm-viewport a.pm-link")]
    assert links == [site_tree.support.url, "https://example.se/handbok"]
    assert "Ansvarig för kartan: Processägaren" in text_of(page)


def test_editors_choose_a_map_for_the_block(make_map, map_client):
    make_map(title="Hemtjänstens processkarta")
    make_map(title="Hantera klagomål")
    response = map_client.get("/admin/snippets/choose/ledning/processmap/results/?q=klagom")
    assert response.status_code == 200
    found = text_of(soup(response))
    assert "Hantera klagomål" in found and "Hemtjänstens processkarta" not in found
