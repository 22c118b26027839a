"""What staff see on the management system's pages (seed 001's Ines pages)."""

from __future__ import annotations

import re

import pytest
import wagtail_factories
from django.urls import reverse

from ..conftest import (
    BLANKETTER,
    CHILD_OF_INSATSPARMEN,
    DRAFT_TITLE,
    PROCESS_MAP_TITLE,
    RIKTLINJER,
    RUTINER,
    soup,
    text_of,
)
from ..factories import (
    DocumentIndexPageFactory,
    ProcessPageFactory,
    publish_content,
    root_collection,
)

pytestmark = pytest.mark.django_db


def accessible_name(element) -> str:
    """A button's accessible name: aria-label, else its text without aria-hidden parts."""
    if element.get("aria-label"):
        return element["aria-label"]
    parts = [
        text
        for text in element.find_all(string=True)
        if not any(parent.get("aria-hidden") == "true" for parent in text.parents if parent.name)
    ]
    return " ".join("".join(parts).split())


def section_by_heading(page, heading: str):
    h2 = page.find(lambda tag: tag.name == "h2" and text_of(tag) == heading)
    assert h2 is not None, f"no section headed {heading!r}"
    return h2.find_parent("section")


def top_level_titles(section) -> list[str]:
    return [
        text_of(li.find("a", recursive=False)) for li in section.ul.find_all("li", recursive=False)
    ]


# --- the intranet home and the start page ---------------------------------------------------


def test_home_links_to_the_management_system(staff_client, site_tree):
    page = soup(staff_client.get("/"))
    link = page.find("a", href=site_tree.start.url)
    assert link is not None
    assert text_of(link) == "Socialförvaltningens ledningssystem"


def test_start_page_shows_its_sections_and_links(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.start.url))
    assert text_of(page.find("h1")) == "Socialförvaltningens ledningssystem"
    assert "systematiska kvalitetsarbetet" in text_of(page.find(class_="intro"))

    areas = section_by_heading(page, "Verksamhetsspecifika områden")
    assert [(text_of(a), a["href"]) for a in areas.find_all("a")] == [
        ("Vård och Omsorg", site_tree.area.url)
    ]
    documents = section_by_heading(page, "Länkar till samtliga dokument i ledningssystemet")
    assert [(text_of(a), a["href"]) for a in documents.find_all("a")] == [
        ("Riktlinjer Socialförvaltningen", site_tree.riktlinjer.url),
        ("Rutiner Socialförvaltningen", site_tree.rutiner.url),
    ]


def test_unpublished_pages_are_not_linked(staff_client, site_tree):
    site_tree.rutiner.unpublish()
    page = soup(staff_client.get(site_tree.start.url))
    documents = section_by_heading(page, "Länkar till samtliga dokument i ledningssystemet")
    assert [text_of(a) for a in documents.find_all("a")] == ["Riktlinjer Socialförvaltningen"]
    assert staff_client.get(site_tree.rutiner.url).status_code == 404


def test_area_page_shows_its_groups(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.area.url))
    assert text_of(page.find("h1")) == "Vård och Omsorg"
    assert "specifika delar" in text_of(page.find(class_="intro"))
    group = section_by_heading(page, "Att verkställa beslut")
    assert [(text_of(a), a["href"]) for a in group.find_all("a")] == [
        ("Verkställa beslut om hemtjänst", site_tree.process.url)
    ]
    support = section_by_heading(page, "Stödprocesser inom vård och omsorg (A-Ö)")
    assert [(text_of(a), a["href"]) for a in support.find_all("a")] == [
        ("Stödprocesser", site_tree.support.url)
    ]


@pytest.mark.parametrize("which", ["start", "area", "process", "riktlinjer"])
def test_every_content_page_has_a_bookmark_star_and_one_h1(staff_client, site_tree, which):
    page = soup(staff_client.get(getattr(site_tree, which).url))
    assert len(page.find_all("h1")) == 1
    header = page.find("h1").parent
    star = header.find("button")
    assert star is not None
    assert "bokmärke" in accessible_name(star).lower()


# --- the process page -----------------------------------------------------------------------


@pytest.fixture
def process_html(staff_client, site_tree):
    response = staff_client.get(site_tree.process.url)
    assert response.status_code == 200
    return soup(response)


def test_process_page_intro_and_page_owner(process_html):
    assert text_of(process_html.find("h1")) == "Verkställa beslut om hemtjänst"
    assert "Hemtjänst ska underlätta boendet" in text_of(process_html.find(class_="intro"))
    owner = section_by_heading(process_html, "Sidansvarig")
    assert "Chef för område 2 och område 3 är ansvariga för den här sidan." in text_of(owner)


def test_process_page_lists_documents_in_order_with_nested_children(process_html, site_tree):
    riktlinjer = section_by_heading(process_html, "Riktlinjer")
    assert top_level_titles(riktlinjer) == RIKTLINJER

    rutiner = section_by_heading(process_html, "Rutiner")
    assert top_level_titles(rutiner) == RUTINER
    parent_item = rutiner.find("a", string="Rutin Insatspärmen och rapporthänvisning").parent
    nested = parent_item.find("ul")
    assert nested is not None
    assert [text_of(a) for a in nested.find_all("a")] == [CHILD_OF_INSATSPARMEN]

    blanketter = section_by_heading(process_html, "Blanketter, mallar och informationsmaterial")
    assert top_level_titles(blanketter) == BLANKETTER


def test_process_page_links_open_the_files(process_html, site_tree):
    document = site_tree.documents["Rutin Nyckelhantering av hemtjänsten"]
    link = process_html.find("a", string="Rutin Nyckelhantering av hemtjänsten")
    assert link["href"] == document.open_url == f"{document.get_absolute_url()}fil/"
    assert "(PDF)" in text_of(link.parent)


def test_draft_documents_are_not_listed(staff_client, process_html, site_tree):
    assert DRAFT_TITLE not in process_html.get_text()
    index = soup(staff_client.get(site_tree.rutiner.url))
    assert DRAFT_TITLE not in index.get_text()
    response = staff_client.get(reverse("ledning:document", kwargs={"key": site_tree.draft.key}))
    assert response.status_code == 404


def test_unpublishing_a_document_removes_it_from_the_page(staff_client, site_tree):
    site_tree.documents["Rutin Genomförandeplan"].unpublish()
    page = soup(staff_client.get(site_tree.process.url))
    assert "Rutin Genomförandeplan" not in top_level_titles(section_by_heading(page, "Rutiner"))


def test_process_page_related_material(process_html, site_tree):
    related = section_by_heading(process_html, "Relaterat material")
    assert [(text_of(a), a["href"]) for a in related.find_all("a")] == [
        ("Stödprocesser", site_tree.support.url),
        ("Lathundar verksamhetssystem", "https://lathundar.example.se/"),
    ]


def test_large_process_map_is_a_link_to_its_own_page(staff_client, process_html, site_tree):
    map_section = section_by_heading(process_html, PROCESS_MAP_TITLE)
    assert "för stor att visas direkt i fönstret" in text_of(map_section)
    link = map_section.find("a")
    assert text_of(link) == PROCESS_MAP_TITLE
    assert link["href"] == f"{site_tree.process.url}processkarta/karta-hemtjanst/"
    # The map's file is not on the process page itself.
    assert site_tree.process_map_document.open_url not in str(process_html)

    map_page = soup(staff_client.get(link["href"]))
    assert text_of(map_page.find("h1")) == PROCESS_MAP_TITLE
    map_link = map_page.find("a", href=site_tree.process_map_document.open_url)
    assert map_link is not None
    back = map_page.find("a", href=site_tree.process.url)
    assert text_of(back) == "Tillbaka till Verkställa beslut om hemtjänst"


def test_unknown_process_map_is_not_found(staff_client, site_tree):
    response = staff_client.get(f"{site_tree.process.url}processkarta/finns-inte/")
    assert response.status_code == 404


def test_small_process_map_is_shown_on_the_page(staff_client, site_tree):
    image = wagtail_factories.ImageFactory(title="Karta", collection=root_collection())
    page = ProcessPageFactory(
        parent=site_tree.area,
        title="Förebyggande hembesök",
        body=[{"type": "process_map", "title": "Processkarta hembesök", "image": image}],
    )
    html = soup(staff_client.get(page.url))
    section = section_by_heading(html, "Processkarta hembesök")
    img = section.find("img")
    assert img is not None
    assert img["alt"] == "Processkarta: Processkarta hembesök"
    assert "processkarta/" not in str(section)


def test_approval_footer_reads_like_the_seed(process_html):
    footer = process_html.find("footer", class_="page-footer")
    approval = footer.find("dl")
    lines = [text_of(row) for row in approval.find_all("div", recursive=False)]
    assert lines == [
        "Granskad av: Ledningsgrupp Vård och omsorg",
        "Fastställd av: Chef Vård och omsorg 2015-05-28",
        "Reviderad: 2017-11-30",
    ]


def test_footer_links_back_and_to_support_processes(process_html, site_tree):
    footer = process_html.find("footer", class_="page-footer")
    links = [(text_of(a), a["href"]) for a in footer.find_all("a")]
    assert ("Tillbaka till Vård och Omsorg", site_tree.area.url) in links
    assert ("Stödprocesser inom vård och omsorg", site_tree.support.url) in links


def test_support_page_does_not_link_to_itself(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.support.url))
    footer = page.find("footer", class_="page-footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert site_tree.area.url in hrefs
    assert site_tree.support.url not in hrefs


def test_breadcrumbs_start_with_hem(process_html, site_tree):
    crumbs = process_html.find("nav", class_="breadcrumbs")
    assert [text_of(li) for li in crumbs.find_all("li")] == [
        "Hem",
        "Socialförvaltningens ledningssystem",
        "Vård och Omsorg",
        "Verkställa beslut om hemtjänst",
    ]
    assert [a["href"] for a in crumbs.find_all("a")] == [
        "/",
        site_tree.start.url,
        site_tree.area.url,
    ]
    assert text_of(crumbs.find(attrs={"aria-current": "page"})) == "Verkställa beslut om hemtjänst"


def test_page_without_approval_metadata_has_no_empty_footer_list(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.support.url))
    assert page.find("dl", class_="approval") is None


# --- quality content (seed 004) --------------------------------------------------------------


@pytest.fixture
def complaints_html(staff_client, site_tree):
    return soup(staff_client.get(site_tree.complaints.url))


def test_process_kind_owner_and_lead(complaints_html):
    owner = section_by_heading(complaints_html, "Sidansvarig")
    facts = {text_of(div.dt): text_of(div.dd) for div in owner.find("dl").find_all("div")}
    assert facts == {
        "Processtyp": "Kärnprocess",
        "Processägare": "Socialchef",
        "Processledare": "Kvalitetsstrateg",
    }


def test_key_figures_table(complaints_html):
    section = section_by_heading(complaints_html, "Mål och nyckeltal")
    headers = [text_of(th) for th in section.find("thead").find_all("th")]
    assert headers == ["Mål", "Nyckeltal", "Målvärde", "Uppföljning"]
    row = [text_of(cell) for cell in section.find("tbody").find("tr").find_all(["th", "td"])]
    assert row == [
        "Klagomål besvaras snabbt",
        "Andel klagomål besvarade inom två veckor",
        "100 %",
        "Varje kvartal",
    ]


def test_risk_rows_show_the_computed_value(complaints_html):
    section = section_by_heading(complaints_html, "Riskanalys")
    rows = section.find("table", class_="risk-table").find("tbody").find_all("tr")
    cells = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in rows]
    assert cells[0][:4] == ["1", "Klagomål blir liggande obesvarade", "3", "2"]
    assert cells[0][4].startswith("6")
    assert "Måttlig risk" in cells[0][4]
    assert cells[0][5] == "Registrator bevakar svarstiden."
    assert cells[1][4].startswith("16")
    assert "Mycket hög risk" in cells[1][4]
    assert "risk--critical" in rows[1].find_all("td")[3]["class"]


def test_risk_matrix_is_coloured_and_places_the_risks(complaints_html):
    matrix = section_by_heading(complaints_html, "Riskanalys").find("figure", class_="risk-matrix")
    body_rows = matrix.find("tbody").find_all("tr")
    assert [text_of(row.th) for row in body_rows] == [
        f"Allvarlighetsgrad {severity}" for severity in (4, 3, 2, 1)
    ]
    cells = {}
    for row, severity in zip(body_rows, (4, 3, 2, 1), strict=True):
        for likelihood, cell in enumerate(row.find_all("td"), start=1):
            cells[severity, likelihood] = cell
    assert len(cells) == 16
    for (severity, likelihood), cell in cells.items():
        assert text_of(cell.find(class_="risk__value")) == str(severity * likelihood)
    assert "risk--low" in cells[1, 1]["class"]
    assert "risk--medium" in cells[3, 2]["class"]
    assert "risk--critical" in cells[4, 4]["class"]
    # Risk 1 (3 × 2) and risk 2 (4 × 4) stand in their cells.
    assert text_of(cells[3, 2].find(class_="risk__items")) == "1"
    assert text_of(cells[4, 4].find(class_="risk__items")) == "2"
    assert cells[1, 1].find(class_="risk__items") is None


def test_responsibilities(complaints_html):
    section = section_by_heading(complaints_html, "Ansvarsfördelning")
    roles = {
        text_of(block.h3): [text_of(li) for li in block.find_all("li")]
        for block in section.find_all(class_="responsibility")
    }
    assert roles == {
        "Enhetschef ansvarar för": [
            "att synpunkter och klagomål tas emot och slutförs inom 14 dagar",
            "att återkoppla till den som lämnat synpunkten",
        ],
        "Medarbetare ansvarar för": ["att ta emot synpunkter"],
    }


# --- the document pages (A–Ö) ---------------------------------------------------------------


@pytest.fixture
def alphabet_documents(make_document):
    titles = ["Överklagande", "Zonindelning", "Ärendehantering", "Avvikelser", "Éloge", "Åtgärder"]
    made = {}
    for title in titles:
        made[title] = make_document(title, "blankett", tags=["hemtjänst"])
    made["Åtgärder"].tags.add("synpunkter")
    made["Åtgärder"].save()
    made["Zonindelning"].tags.add("synpunkter")
    made["Zonindelning"].save()
    return made


@pytest.fixture
def blankett_index(site_tree):
    return DocumentIndexPageFactory(
        parent=site_tree.start,
        title="Blanketter, mallar och checklistor Socialförvaltningen",
        slug="blanketter",
        document_types=["blankett"],
    )


def card_titles(page) -> list[str]:
    return [text_of(card.h3) for card in page.find_all("li", class_="document-card")]


def test_index_sorts_a_to_o_in_swedish(staff_client, alphabet_documents, blankett_index):
    page = soup(staff_client.get(blankett_index.url))
    assert "sortering: A–Ö" in page.get_text()
    assert card_titles(page) == [
        "Avvikelser",
        "Éloge",
        "Zonindelning",
        "Åtgärder",
        "Ärendehantering",
        "Överklagande",
    ]


def test_index_groups_by_initial_letter(staff_client, alphabet_documents, blankett_index):
    page = soup(staff_client.get(blankett_index.url))
    groups = page.find_all("section", class_="letter-group")
    assert [text_of(group.h2) for group in groups] == ["A", "E", "Z", "Å", "Ä", "Ö"]
    assert card_titles(groups[3]) == ["Åtgärder"]
    # The letter bar: "Alla", then a link for each letter that has documents (its own page,
    # ?bokstav=), each leading to that letter's documents only.
    letters = page.find("nav", class_="letters")
    links = letters.find_all("a")
    assert [text_of(a) for a in links] == ["Alla", "A", "E", "Z", "Å", "Ä", "Ö"]
    letter_page = soup(staff_client.get(blankett_index.url + links[4]["href"].split("/")[-1]))
    assert card_titles(letter_page) == ["Åtgärder"]


def test_index_lists_only_its_document_types(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.riktlinjer.url))
    assert sorted(card_titles(page)) == sorted(RIKTLINJER)
    assert "Rutin Genomförandeplan" not in page.get_text()


def test_index_card_has_open_link_and_metadata(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.rutiner.url))
    card = next(
        card
        for card in page.find_all("li", class_="document-card")
        if text_of(card.h3) == "Rutin Genomförandeplan"
    )
    document = site_tree.documents["Rutin Genomförandeplan"]
    open_link = card.find("a", class_="button")
    assert text_of(open_link) == "Öppna dokument : Rutin Genomförandeplan"
    assert open_link["href"] == document.open_url
    assert card.h3.a["href"] == document.get_absolute_url()
    assert "Rutin" in text_of(card.find(class_="document-card__type"))
    metadata = text_of(card.find("dl", class_="approval"))
    assert metadata == (
        "Granskad av: Ledningsgrupp Vård och omsorg Fastställd av: Chef Vård och omsorg 2015-05-28"
    )


def test_index_tag_filter_with_counts(staff_client, alphabet_documents, blankett_index):
    page = soup(staff_client.get(blankett_index.url))
    tag_nav = page.find("nav", class_="tag-filter")
    tags = [text_of(a) for a in tag_nav.find_all("a")]
    assert tags == ["Alla", "hemtjänst (6)", "synpunkter (2)"]

    filtered = soup(staff_client.get(blankett_index.url, {"tagg": "synpunkter"}))
    assert card_titles(filtered) == ["Zonindelning", "Åtgärder"]
    current = filtered.find("nav", class_="tag-filter").find(attrs={"aria-current": "true"})
    assert text_of(current) == "synpunkter (2)"


def test_index_tag_filter_ignores_case_and_explains_no_match(
    staff_client, alphabet_documents, blankett_index
):
    filtered = soup(staff_client.get(blankett_index.url, {"tagg": "SYNPUNKTER"}))
    assert card_titles(filtered) == ["Zonindelning", "Åtgärder"]
    empty = soup(staff_client.get(blankett_index.url, {"tagg": "finns-inte"}))
    assert card_titles(empty) == []
    assert "Inga dokument har taggen ”finns-inte”." in text_of(empty.find("main"))


def test_index_counts_only_live_documents(staff_client, alphabet_documents, blankett_index):
    alphabet_documents["Zonindelning"].unpublish()
    page = soup(staff_client.get(blankett_index.url))
    tags = [text_of(a) for a in page.find("nav", class_="tag-filter").find_all("a")]
    assert tags == ["Alla", "hemtjänst (5)", "synpunkter (1)"]


# --- a governed document's own page ---------------------------------------------------------


def test_document_detail_shows_metadata_and_where_it_is_used(staff_client, site_tree):
    document = site_tree.documents["Rutin Genomförandeplan"]
    document.revised_on = "2017-11-30"
    document.author = "Anna Andersson"
    document.save()
    page = soup(staff_client.get(document.get_absolute_url()))
    assert text_of(page.find("h1")) == "Rutin Genomförandeplan"
    facts = text_of(page.find("dl", class_="facts"))
    assert "Dokumenttyp Rutin" in facts
    assert "Författare Anna Andersson" in facts
    approval = text_of(page.find("dl", class_="approval"))
    assert approval == (
        "Granskad av: Ledningsgrupp Vård och omsorg "
        "Fastställd av: Chef Vård och omsorg 2015-05-28 Reviderad: 2017-11-30"
    )
    assert re.search(r"Öppna dokument \(PDF\)", text_of(page.find("a", class_="button")))
    used = page.find(id="listad-pa").find_parent("section")
    assert [(text_of(a), a["href"]) for a in used.find_all("a")] == [
        ("Verkställa beslut om hemtjänst", site_tree.process.url)
    ]


def test_document_with_external_address(staff_client, make_document, site_tree):
    document = make_document("Socialstyrelsens föreskrifter", "riktlinje", file=None)
    document.url = "https://www.socialstyrelsen.se/"
    document.save()
    page = soup(staff_client.get(site_tree.riktlinjer.url))
    card = next(
        card
        for card in page.find_all("li", class_="document-card")
        if text_of(card.h3) == "Socialstyrelsens föreskrifter"
    )
    assert card.find("a", class_="button")["href"] == "https://www.socialstyrelsen.se/"


def test_link_to_unpublished_page_is_hidden(staff_client, site_tree):
    publish_content(
        site_tree.area,
        groups=[
            {
                "heading": "Att verkställa beslut",
                "links": [{"page": site_tree.process}, {"page": site_tree.support}],
            }
        ],
    )
    site_tree.process.unpublish()
    page = soup(staff_client.get(site_tree.area.url))
    group = section_by_heading(page, "Att verkställa beslut")
    assert [text_of(a) for a in group.find_all("a")] == ["Stödprocesser inom vård och omsorg"]
