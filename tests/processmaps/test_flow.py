"""The process flow block: activities with roles, links and decisions drawn as swimlanes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from intranet.ledning.blocks import ProcessFlowBlock

from ..conftest import error_messages, soup, text_of
from ..factories import block_value
from .conftest import by_class, element_text, svg_tree

pytestmark = pytest.mark.django_db


def activity(name, role, kind="activity", description="", links=(), branches=()):
    return {
        "name": name,
        "role": role,
        "kind": kind,
        "description": description,
        "links": list(links),
        "branches": [{"condition": c, "target": t} for c, t in branches],
    }


def flow_value(activities, title="Verkställa beslut om hemtjänst", large=False):
    return {"title": title, "large": large, "activities": activities}


def clean(value):
    """The flow as the import stores it, then the block's own rules (as the admin checks)."""
    block = ProcessFlowBlock()
    return block.clean(block.to_python(block_value("process_flow", value)))


def hemtjanst_flow(site_tree):
    genomforandeplan = site_tree.documents["Rutin Genomförandeplan"]
    nyckel = site_tree.documents["Rutin Nyckelhantering av hemtjänsten"]
    return flow_value(
        [
            activity("Beslut om hemtjänst", "Biståndshandläggare", "start"),
            activity(
                "Skicka uppdrag till utförare",
                "Biståndshandläggare",
                description="Uppdraget skickas i verksamhetssystemet.",
            ),
            activity(
                "Behövs nyckel?",
                "Enhetschef",
                "decision",
                branches=[("Ja", ""), ("Nej", "Upprätta genomförandeplan")],
            ),
            activity(
                "Kvittera ut nyckel",
                "Hemtjänstpersonal",
                links=[{"document": nyckel}],
            ),
            activity(
                "Upprätta genomförandeplan",
                "Hemtjänstpersonal",
                links=[
                    {"document": genomforandeplan},
                    {"text": "Mall", "url": "https://example.se/"},
                ],
            ),
            activity("Insatsen pågår", "Hemtjänstpersonal", "end"),
        ]
    )


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        (
            [activity("Beslut?", "Chef", "decision", branches=[("Ja", "")])],
            "Ett beslut behöver minst två utfall.",
        ),
        (
            [activity("Utreda", "Handläggare", branches=[("Ja", ""), ("Nej", "")])],
            "Bara beslut har utfall; välj typen Beslut eller ta bort utfallen.",
        ),
        (
            [
                activity("Beslut?", "Chef", "decision", branches=[("Ja", ""), ("Nej", "Avslag")]),
                activity("Bevilja", "Chef"),
            ],
            "Utfallet av ”Beslut?” leder till ”Avslag”, men det finns ingen aktivitet med det "
            "namnet.",
        ),
        (
            [activity("Utreda", "Handläggare"), activity("utreda", "Chef")],
            "Aktiviteten ”utreda” står flera gånger; ge varje aktivitet ett eget namn.",
        ),
    ],
)
def test_flow_rules_name_the_problem(activities, message):
    with pytest.raises(ValidationError) as error:
        clean(flow_value(activities))
    assert message in error_messages(error.value)


def test_flow_is_drawn_as_swimlanes_with_links(site_tree, staff_client):
    page = site_tree.process
    page.body.append(("process_flow", clean(hemtjanst_flow(site_tree)), "flode"))
    page.save_revision().publish()
    html = soup(staff_client.get(page.url))
    section = html.select_one("section.process-flow")
    assert text_of(section.h2) == "Verkställa beslut om hemtjänst"
    tree = svg_tree(str(section.find("svg")))
    titles = [element_text(title) for title in by_class(tree, "pm-lane-title")]
    assert titles == ["Biståndshandläggare", "Enhetschef", "Hemtjänstpersonal"]
    assert len(by_class(tree, "pm-node")) == 6
    edges = by_class(tree, "pm-edge")
    assert [(e.get("data-source"), e.get("data-target")) for e in edges] == [
        ("a0", "a1"),
        ("a1", "a2"),
        ("a2", "a3"),
        ("a2", "a4"),
        ("a3", "a4"),
        ("a4", "a5"),
    ]
    assert sorted(element_text(t) for t in by_class(tree, "pm-edge-label")) == ["Ja", "Nej"]
    # Each step's lane is its role's.
    lanes = {n.get("data-node"): n.get("data-lane") for n in by_class(tree, "pm-node")}
    assert lanes["a2"] == "lane1" and lanes["a4"] == "lane2"
    links = {a.get("data-node"): a.get("href") for a in tree.iter("{*}a")}
    assert links == {
        "a3": site_tree.documents["Rutin Nyckelhantering av hemtjänsten"].open_url,
        "a4": site_tree.documents["Rutin Genomförandeplan"].open_url,
    }

    outline = section.select_one("details.pm-text")
    assert [text_of(h) for h in outline.find_all("h3")] == [
        "Biståndshandläggare",
        "Enhetschef",
        "Hemtjänstpersonal",
    ]
    second = outline.find("li", value="2")
    assert "Uppdraget skickas i verksamhetssystemet." in text_of(second)
    fifth = outline.find("li", value="5")
    assert [a["href"] for a in fifth.select(".pm-text__links a")] == [
        site_tree.documents["Rutin Genomförandeplan"].open_url,
        "https://example.se/",
    ]
    decision = outline.find("li", value="3")
    assert "Ja → steg 4 (Kvittera ut nyckel); Nej → steg 5 (Upprätta genomförandeplan)" in (
        text_of(decision)
    )


def test_large_flow_has_a_page_of_its_own(site_tree, staff_client):
    page = site_tree.process
    value = hemtjanst_flow(site_tree)
    value["large"] = True
    page.body.append(("process_flow", clean(value), "stort-flode"))
    page.save_revision().publish()
    html = soup(staff_client.get(page.url))
    link = html.find("a", href=f"{page.url}processkarta/stort-flode/")
    assert link is not None
    full = soup(staff_client.get(link["href"]))
    assert full.select_one("figure.pm--interactive [data-pm-viewport] svg") is not None
