"""The graph model shared by the GraphML parser, the process-flow layout and the renderer.

Coordinates are absolute, in yEd's units (pixels at 100 %); a label's box is relative to its
node, as yEd stores it. Everything is plain data, so a parsed map can be cached as JSON."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_PUNCTUATION = re.compile(r"[\s\"'”“’«».,:;!?()\[\]]+")


def normalize_label(text: str) -> str:
    """A step's text or a title compared loosely: case, line breaks and punctuation do not
    matter."""
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


@dataclass
class Label:
    text: str
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    font_size: float = 12.0
    bold: bool = False
    italic: bool = False
    color: str = "#000000"
    align: str = "center"  # left, center, right
    rotation: float = 0.0
    background: str = ""
    # The label is placed by the renderer (edge labels without geometry, lane headers).
    auto: bool = False


@dataclass
class Node:
    id: str
    x: float
    y: float
    width: float
    height: float
    shape: str = "rectangle"
    kind: str = "node"  # node, group, table
    fill: str = "#FFFFFF"
    fill2: str = ""
    fill2_opacity: float = 1.0
    fill_opacity: float = 1.0
    transparent: bool = False
    border: str = "#000000"
    border_width: float = 1.0
    border_style: str = "line"  # line, dashed, dotted, none
    labels: list[Label] = field(default_factory=list)
    parent: str = ""
    lane: str = ""
    # A BPMN/flowchart detail: event characteristic, gateway type, task type.
    detail: str = ""
    url: str = ""
    # A pool's header box (x, y, width, height), absolute; empty for other nodes.
    header: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(label.text for label in self.labels if label.text.strip()).strip()

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def is_container(self) -> bool:
        return self.kind in {"group", "table"}


@dataclass
class Edge:
    id: str
    source: str
    target: str
    points: list[tuple[float, float]] = field(default_factory=list)
    color: str = "#000000"
    width: float = 1.0
    style: str = "line"
    source_arrow: str = "none"
    target_arrow: str = "standard"
    labels: list[Label] = field(default_factory=list)
    # Port offsets from the node centres (yEd's sx, sy, tx, ty).
    sx: float = 0.0
    sy: float = 0.0
    tx: float = 0.0
    ty: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(label.text for label in self.labels if label.text.strip()).strip()


@dataclass
class Lane:
    """A swimlane (a table row or column) with its header box, in absolute coordinates."""

    id: str
    label: str
    x: float
    y: float
    width: float
    height: float
    header_x: float
    header_y: float
    header_width: float
    header_height: float
    pool: str = ""
    vertical: bool = False  # a column lane, its header on top
    fill: str = ""


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)

    def node_map(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    @property
    def steps(self) -> list[Node]:
        """The nodes a person reads as steps: everything but groups and pools."""
        return [node for node in self.nodes if not node.is_container]

    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of everything drawn."""
        xs: list[float] = []
        ys: list[float] = []
        for node in self.nodes:
            xs += [node.x, node.x + node.width]
            ys += [node.y, node.y + node.height]
            for label in node.labels:
                if not label.auto and label.text:
                    xs += [node.x + label.x, node.x + label.x + label.width]
                    ys += [node.y + label.y, node.y + label.y + label.height]
        for lane in self.lanes:
            xs += [lane.x, lane.x + lane.width, lane.header_x]
            ys += [lane.y, lane.y + lane.height, lane.header_y]
        for edge in self.edges:
            for x, y in edge.points:
                xs.append(x)
                ys.append(y)
        if not xs:
            return (0.0, 0.0, 100.0, 100.0)
        return (min(xs), min(ys), max(xs), max(ys))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        return cls(
            nodes=[
                Node(**{**n, "labels": [Label(**label) for label in n.get("labels", [])]})
                for n in data.get("nodes", [])
            ],
            edges=[
                Edge(
                    **{
                        **e,
                        "points": [tuple(p) for p in e.get("points", [])],
                        "labels": [Label(**label) for label in e.get("labels", [])],
                    }
                )
                for e in data.get("edges", [])
            ],
            lanes=[Lane(**lane) for lane in data.get("lanes", [])],
        )
