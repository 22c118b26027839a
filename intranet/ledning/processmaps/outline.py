"""The text alternative of a map: its steps in flow order, grouped by lane (role).

Flow order follows the arrows from the start (BPMN start events first, then the steps nothing
points to), breaking ties by position: left to right, top to bottom, as a map is read. Cycles
(a step sent back for rework) do not stop the walk: the next step is then the unvisited one an
already visited step points to, else the first by position."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .graph import Graph, Node
from .render import Link


@dataclass
class NextStep:
    number: int
    text: str
    condition: str = ""


@dataclass
class Step:
    number: int
    id: str
    text: str
    kind: str  # start, end, decision, step
    lane: str = ""
    link: Link | None = None
    next: list[NextStep] = field(default_factory=list)
    description: str = ""
    # Further links of a step (a process flow's rutiner and documents).
    links: list[Link] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {
            "start": _("Start"),
            "end": _("Slut"),
            "decision": _("Beslut"),
        }.get(self.kind, "")


@dataclass
class LaneGroup:
    label: str
    steps: list[Step]


@dataclass
class Outline:
    steps: list[Step]
    groups: list[LaneGroup]


def step_kind(node: Node) -> str:
    if node.shape == "bpmn_event":
        return "end" if node.detail == "end" else "start" if node.detail == "start" else "step"
    if node.shape in {"bpmn_gateway", "diamond"}:
        return "decision"
    if node.shape in {"stadium", "ellipse"} and not node.text:
        return "start"
    return "step"


def step_text(node: Node) -> str:
    text = " ".join(line.strip() for line in node.text.split("\n") if line.strip())
    if text:
        return text
    return {
        "start": _("Start"),
        "end": _("Slut"),
        "decision": _("Beslut"),
    }.get(step_kind(node), _("Steg utan text"))


def flow_order(graph: Graph) -> list[Node]:
    steps = graph.steps
    by_id = {node.id: node for node in steps}
    successors: dict[str, list[str]] = {node.id: [] for node in steps}
    indegree: dict[str, int] = dict.fromkeys(by_id, 0)
    for edge in graph.edges:
        if edge.source in by_id and edge.target in by_id and edge.source != edge.target:
            successors[edge.source].append(edge.target)
            indegree[edge.target] += 1

    def priority(node_id: str) -> tuple:
        node = by_id[node_id]
        kind = step_kind(node)
        rank = {"start": 0, "end": 2}.get(kind, 1)
        return (rank, round(node.x), round(node.y), node_id)

    remaining = dict(indegree)
    ready = [priority(node_id) for node_id, count in remaining.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(by_id):
        if not ready:
            # A cycle: continue with a step a visited step leads to, else the first by position.
            reachable = [
                target for source in order for target in successors[source] if target not in done
            ]
            pool = reachable or [node_id for node_id in by_id if node_id not in done]
            heapq.heappush(ready, min(priority(node_id) for node_id in pool))
        node_id = heapq.heappop(ready)[-1]
        if node_id in done:
            continue
        done.add(node_id)
        order.append(node_id)
        for target in successors[node_id]:
            remaining[target] -= 1
            if remaining[target] == 0 and target not in done:
                heapq.heappush(ready, priority(target))
    return [by_id[node_id] for node_id in order]


def build_outline(graph: Graph, links: dict[str, Link] | None = None) -> Outline:
    links = links or {}
    ordered = flow_order(graph)
    number_of = {node.id: number for number, node in enumerate(ordered, start=1)}
    lanes = {lane.id: lane for lane in graph.lanes}
    containers = {node.id: node for node in graph.nodes if node.is_container}
    nodes = graph.node_map()
    outgoing: dict[str, list] = {}
    for edge in graph.edges:
        outgoing.setdefault(edge.source, []).append(edge)
    steps: list[Step] = []
    for node in ordered:
        lane_label = ""
        if node.lane and node.lane in lanes:
            lane_label = lanes[node.lane].label or _("Namnlöst spår")
        elif node.parent in containers and containers[node.parent].kind == "group":
            lane_label = containers[node.parent].text.replace("\n", " ")
        step = Step(
            number=number_of[node.id],
            id=node.id,
            text=step_text(node),
            kind=step_kind(node),
            lane=lane_label,
            link=links.get(node.id),
        )
        for edge in outgoing.get(node.id, []):
            if edge.target in number_of:
                step.next.append(
                    NextStep(
                        number=number_of[edge.target],
                        text=step_text(nodes[edge.target]),
                        condition=edge.text.replace("\n", " "),
                    )
                )
        step.next.sort(key=lambda item: item.number)
        steps.append(step)

    # Lanes in the order they are drawn; then groups and loose steps in flow order.
    order: list[str] = []
    for lane in graph.lanes:
        label = lane.label or _("Namnlöst spår")
        if label not in order:
            order.append(label)
    for step in steps:
        if step.lane not in order:
            order.append(step.lane)
    groups = []
    for label in order:
        members = [step for step in steps if step.lane == label]
        if members:
            groups.append(LaneGroup(label=label or _("Övriga steg"), steps=members))
    if len(groups) == 1 and not any(step.lane for step in steps):
        groups[0].label = ""
    return Outline(steps=steps, groups=groups)
