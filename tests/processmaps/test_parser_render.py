"""A yEd map parsed and drawn: shapes, pools and lanes, groups, bends, labels, links."""

from __future__ import annotations

import pytest

from intranet.ledning.processmaps.outline import build_outline
from intranet.ledning.processmaps.parser import parse_graphml
from intranet.ledning.processmaps.render import Link, apply_links, render_svg

from .conftest import SVG_NS, by_class, element_text, fixture_bytes, svg_tree


def test_yed_map_becomes_a_graph_with_lanes_groups_and_bends(hemtjanst_graphml):
    graph = parse_graphml(hemtjanst_graphml)
    nodes = graph.node_map()
    assert len(graph.steps) == 9
    assert nodes["n0"].kind == "table"
    assert nodes["n1"].kind == "group"
    assert [lane.label for lane in graph.lanes] == ["Handläggare", "Hemtjänstpersonal"]
    # BPMN and flowchart GenericNodes keep their kind of shape.
    assert (nodes["n0::n0"].shape, nodes["n0::n0"].detail) == ("bpmn_event", "start")
    assert (nodes["n0::n6"].shape, nodes["n0::n6"].detail) == ("bpmn_event", "end")
    assert (nodes["n0::n3"].shape, nodes["n0::n3"].detail) == ("bpmn_gateway", "exclusive")
    assert nodes["n0::n1"].shape == "bpmn_activity"
    assert nodes["n1::n1"].shape == "document"
    assert nodes["n1::n0"].shape == "roundrectangle"
    # Multi-line Swedish labels keep their lines; yEd's colours are kept.
    assert nodes["n0::n4"].text == "Rutin Nyckelhantering\nav hemtjänsten"
    assert nodes["n1::n0"].fill == "#FFCC00"
    # Steps are in the lane they stand in.
    assert nodes["n0::n1"].lane == "n0::row_0"
    assert nodes["n0::n5"].lane == "n0::row_1"
    # Bends are kept; the ends are clipped to the nodes' borders.
    edge = next(e for e in graph.edges if e.id == "n0::e5")
    assert edge.points[1:3] == [(575.0, 200.0), (630.0, 200.0)]
    assert edge.points[0] == (575.0, 127.5)  # bottom of "Rutin Nyckelhantering"
    assert edge.points[-1] == (630.0, 272.5)  # top of "Utföra insatser"
    assert {e.text for e in graph.edges if e.text} == {"Ja", "Nej"}


def test_svg_has_every_step_lane_header_and_edge(hemtjanst_graphml):
    graph = parse_graphml(hemtjanst_graphml)
    tree = svg_tree(render_svg(graph, "karta"))
    assert tree.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(by_class(tree, "pm-node")) == 9
    lane_titles = [element_text(t) for t in by_class(tree, "pm-lane-title")]
    assert lane_titles == ["Handläggare", "Hemtjänstpersonal"]
    # Lane headers are turned on their side, like yEd's.
    assert "rotate(-90" in by_class(tree, "pm-lane-title")[0].get("transform")
    pool = by_class(tree, "pm-table")[0]
    assert "Verkställa beslut om hemtjänst" in "".join(pool.itertext())
    group = by_class(tree, "pm-group")[0]
    assert "Stöd: dokumentation" in "".join(group.itertext())
    paths = tree.xpath("//svg:g[@class='pm-edge']/svg:path", namespaces=SVG_NS)
    assert len(paths) == 9
    bent = tree.xpath(
        "//svg:g[@class='pm-edge'][@data-source='n0::n4']/svg:path", namespaces=SVG_NS
    )[0]
    assert bent.get("d") == "M575,127.5 L575,200 L630,200 L630,272.5"
    assert bent.get("marker-end", "").startswith("url(#karta-m-standard")
    labels = [element_text(t) for t in by_class(tree, "pm-edge-label")]
    assert sorted(labels) == ["Ja", "Nej"]
    # A two-line label is two tspans.
    step = tree.xpath("//svg:g[@data-node='n0::n4']//svg:text", namespaces=SVG_NS)[0]
    assert [span.text for span in step] == ["Rutin Nyckelhantering", " av hemtjänsten"]
    # Markers referenced exist.
    ids = set(tree.xpath("//@id"))
    for path in paths:
        marker = path.get("marker-end")
        if marker:
            assert marker[5:-1] in ids


def test_links_wrap_the_linked_steps_only(hemtjanst_graphml):
    graph = parse_graphml(hemtjanst_graphml)
    svg = render_svg(graph, "karta")
    linked = apply_links(
        svg,
        graph,
        {
            "n0::n2": Link(
                url="/dokument/genomforandeplan.pdf", title="Genomförandeplan", kind="document"
            )
        },
    )
    tree = svg_tree(linked)
    anchors = tree.xpath("//svg:a", namespaces=SVG_NS)
    assert [a.get("href") for a in anchors] == ["/dokument/genomforandeplan.pdf"]
    assert anchors[0].get("data-node") == "n0::n2"
    assert anchors[0].get("aria-label") == "Rutin Genomförandeplan"
    assert anchors[0].xpath("svg:g[@data-node='n0::n2']", namespaces=SVG_NS)
    assert "<!--pm-" not in linked


def test_text_alternative_in_flow_order_grouped_by_lane(hemtjanst_graphml):
    graph = parse_graphml(hemtjanst_graphml)
    outline = build_outline(graph)
    order = [step.text for step in outline.steps]
    assert order[:5] == [
        "Beslut fattat",
        "Skicka uppdrag till utförare",
        "Rutin Genomförandeplan",
        "Behövs nyckel & larm?",
        "Rutin Nyckelhantering av hemtjänsten",
    ]
    assert order[-1] == "Klart"
    assert [group.label for group in outline.groups] == [
        "Handläggare",
        "Hemtjänstpersonal",
        "Stöd: dokumentation",
    ]
    decision = next(step for step in outline.steps if step.kind == "decision")
    assert [(n.condition, n.text) for n in decision.next] == [
        ("Ja", "Rutin Nyckelhantering av hemtjänsten"),
        ("Nej", "Utföra insatser hos brukaren"),
    ]


def test_a_vertical_pool_has_its_lanes_side_by_side():
    graph = parse_graphml(fixture_bytes("vertikal.graphml"))
    assert [(lane.label, lane.x, lane.vertical) for lane in graph.lanes] == [
        ("Invånare", 0.0, True),
        ("Handläggare", 200.0, True),
    ]
    nodes = graph.node_map()
    assert nodes["n0::n0"].lane == "n0::column_0"
    assert nodes["n0::n1"].lane == "n0::column_1"
    assert nodes["n0::n1"].shape == "diamond"
    # The arrow ends on the diamond's upper corner, not on its bounding box.
    assert graph.edges[0].points[-1] == pytest.approx((300.0, 200.0), abs=0.01)
    tree = svg_tree(render_svg(graph, "v"))
    titles = by_class(tree, "pm-lane-title")
    assert [element_text(t) for t in titles] == ["Invånare", "Handläggare"]
    assert all(t.get("transform") is None for t in titles)  # headers on top, not turned
    assert "Ansökan" in "".join(by_class(tree, "pm-table")[0].itertext())
