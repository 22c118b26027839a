"""Write GraphML the way yEd does (keys, ShapeNode/GenericNode, PolyLineEdge), for tests and
the benchmark: small maps with chosen labels, and large maps in a pool with lanes."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

HEADER = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" \
xmlns:yed="http://www.yworks.com/xml/yed/3" \
xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns \
http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">
  <!--Created by yEd 3.23.2-->
  <key attr.name="url" attr.type="string" for="node" id="d4"/>
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="graphml" id="d7" yfiles.type="resources"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
"""
FOOTER = """  </graph>
  <data key="d7"><y:Resources/></data>
</graphml>
"""


def shape_node(node_id: str, label: str, x: float, y: float, w=140.0, h=50.0, shape="rectangle"):
    return f"""    <node id={quoteattr(node_id)}>
      <data key="d6">
        <y:ShapeNode>
          <y:Geometry height="{h}" width="{w}" x="{x}" y="{y}"/>
          <y:Fill color="#FFCC00" transparent="false"/>
          <y:BorderStyle color="#000000" raised="false" type="line" width="1.0"/>
          <y:NodeLabel alignment="center" autoSizePolicy="content" fontFamily="Dialog" \
fontSize="12" fontStyle="plain" hasBackgroundColor="false" hasLineColor="false" height="18.1" \
modelName="custom" textColor="#000000" visible="true" width="{w - 10}" x="5.0" \
y="{(h - 18.1) / 2}">{escape(label)}</y:NodeLabel>
          <y:Shape type="{shape}"/>
        </y:ShapeNode>
      </data>
    </node>
"""


def edge(edge_id: str, source: str, target: str, label: str = "", bends=()):
    points = "".join(f'<y:Point x="{x}" y="{y}"/>' for x, y in bends)
    label_xml = (
        f'<y:EdgeLabel alignment="center" fontSize="12" height="18.1" modelName="custom" '
        f'textColor="#000000" visible="true" width="30.0" x="10.0" y="-20.0">'
        f"{escape(label)}</y:EdgeLabel>"
        if label
        else ""
    )
    ends = f"source={quoteattr(source)} target={quoteattr(target)}"
    return f"""    <edge id={quoteattr(edge_id)} {ends}>
      <data key="d10">
        <y:PolyLineEdge>
          <y:Path sx="0.0" sy="0.0" tx="0.0" ty="0.0">{points}</y:Path>
          <y:LineStyle color="#000000" type="line" width="1.0"/>
          <y:Arrows source="none" target="standard"/>
          {label_xml}
          <y:BendStyle smoothed="false"/>
        </y:PolyLineEdge>
      </data>
    </edge>
"""


def simple_map(labels: list[str], extra_edges: str = "") -> bytes:
    """A chain of shape nodes n0 → n1 → … with the given labels."""
    body = [shape_node(f"n{i}", label, 200.0 * i, 0.0) for i, label in enumerate(labels)]
    body += [edge(f"e{i}", f"n{i}", f"n{i + 1}") for i in range(len(labels) - 1)]
    return (HEADER + "".join(body) + extra_edges + FOOTER).encode("utf-8")


def large_map(count: int = 200, lanes: int = 4) -> bytes:
    """A pool with `lanes` lanes and `count` activities, each flowing to the next with a bend,
    and a decision every tenth step: the size of the benchmark's map."""
    per_lane = -(-count // lanes)
    width = 60 + per_lane * 180
    rows = "".join(
        f'<y:Row height="160.0" id="row_{i}" minimumHeight="50.0">'
        f'<y:Insets bottom="0.0" left="24.0" right="0.0" top="0.0"/></y:Row>'
        for i in range(lanes)
    )
    lane_labels = "".join(
        f'<y:NodeLabel alignment="center" fontSize="12" height="18.1" modelName="custom" '
        f'rotationAngle="270.0" textColor="#000000" visible="true" width="80.0" x="33.0" '
        f'y="40.0">Roll {i + 1}<y:ModelParameter><y:RowNodeLabelModelParameter '
        f'horizontalPosition="0.0" id="row_{i}" inside="true"/></y:ModelParameter></y:NodeLabel>'
        for i in range(lanes)
    )
    pool = f"""    <node id="p" yfiles.foldertype="group">
      <data key="d6">
        <y:TableNode configuration="YED_TABLE_NODE">
          <y:Geometry height="{lanes * 160.0}" width="{width}" x="0.0" y="0.0"/>
          <y:Fill color="#ECF5FF" color2="#0042F440" transparent="false"/>
          <y:BorderStyle color="#000000" type="line" width="1.0"/>
          <y:NodeLabel alignment="center" fontSize="15" height="21.4" modelName="internal" \
modelPosition="l" rotationAngle="270.0" textColor="#000000" visible="true" width="200.0" \
x="4.0" y="100.0">Stor process</y:NodeLabel>
          {lane_labels}
          <y:Table autoResizeTable="true">
            <y:Insets bottom="0.0" left="30.0" right="0.0" top="0.0"/>
            <y:Columns><y:Column id="column_0" width="{width - 54}">\
<y:Insets bottom="0.0" left="0.0" right="0.0" top="0.0"/></y:Column></y:Columns>
            <y:Rows>{rows}</y:Rows>
          </y:Table>
        </y:TableNode>
      </data>
      <graph edgedefault="directed" id="p:">
"""
    nodes = []
    for i in range(count):
        lane, column = i % lanes, i // lanes
        x = 80.0 + column * 180
        y = lane * 160.0 + 55
        shape = "diamond" if i % 10 == 9 else "roundrectangle"
        nodes.append(shape_node(f"p::n{i}", f"Aktivitet {i + 1}\nmed två rader", x, y, shape=shape))
    edges = []
    for i in range(count - 1):
        sx = 80.0 + (i // lanes) * 180 + 70
        ty = ((i + 1) % lanes) * 160.0 + 80
        edges.append(
            edge(f"e{i}", f"p::n{i}", f"p::n{i + 1}", "Ja" if i % 10 == 9 else "", [(sx, ty)])
        )
    return (
        HEADER + pool + "".join(nodes) + "      </graph>\n    </node>\n" + "".join(edges) + FOOTER
    ).encode("utf-8")
