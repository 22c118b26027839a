"""A process flow built in the admin (ordered activities with roles) laid out as a swimlane map.

One lane per role, in the order the roles first appear; one column per activity, so the flow
reads left to right and every vertical connector runs in a column of its own. Arrows go from
each activity to the next, a decision's from its branches, and arrows back in the flow run
beneath the lanes."""

from __future__ import annotations

from ..blocks.process_flow import FlowActivity, find_activity
from .graph import Edge, Graph, Label, Lane, Node

HEADER = 40.0
COLUMN = 190.0
LANE = 130.0
GAP = COLUMN - 150.0
POOL_FILL = "#F4F7FB"
LANE_FILLS = ("#FFFFFF", "#EEF3F9")


def node_id(index: int) -> str:
    return f"a{index}"


def lane_roles(activities: list[FlowActivity]) -> list[str]:
    roles: list[str] = []
    seen: set[str] = set()
    for activity in activities:
        key = activity.role.strip().casefold()
        if key not in seen:
            seen.add(key)
            roles.append(activity.role.strip())
    return roles


def layout_flow(activities: list[FlowActivity]) -> Graph:
    graph = Graph()
    if not activities:
        return graph
    roles = lane_roles(activities)
    lane_of = {role.casefold(): number for number, role in enumerate(roles)}
    width = HEADER + len(activities) * COLUMN + GAP / 2
    height = len(roles) * LANE
    graph.nodes.append(
        Node(
            id="pool",
            x=0.0,
            y=0.0,
            width=width,
            height=height,
            kind="table",
            fill=POOL_FILL,
            border="#5B6B7F",
        )
    )
    for number, role in enumerate(roles):
        graph.lanes.append(
            Lane(
                id=f"lane{number}",
                label=role,
                x=0.0,
                y=number * LANE,
                width=width,
                height=LANE,
                header_x=0.0,
                header_y=number * LANE,
                header_width=HEADER,
                header_height=LANE,
                pool="pool",
                fill=LANE_FILLS[number % 2],
            )
        )

    for index, activity in enumerate(activities):
        lane = lane_of[activity.role.strip().casefold()]
        cx = HEADER + GAP / 2 + index * COLUMN + (COLUMN - GAP) / 2
        cy = lane * LANE + LANE / 2
        if activity.kind in {"start", "end"}:
            w = h = 40.0
            shape, detail = "bpmn_event", activity.kind
            fill, border = "#FFFFFF", "#27AE27" if activity.kind == "start" else "#B01D1D"
            label = Label(
                text=activity.name, x=-55.0, y=h + 4, width=w + 110, height=34.0, font_size=12
            )
        elif activity.kind == "decision":
            w, h = 96.0, 72.0
            shape, detail = "diamond", ""
            fill, border = "#FFF6DB", "#C28A00"
            label = Label(
                text=activity.name, x=-27.0, y=-36.0, width=w + 54, height=34.0, font_size=12
            )
        else:
            w, h = 150.0, 64.0
            shape, detail = "bpmn_activity", ""
            fill, border = "#FFFFFF", "#1D4F91"
            label = Label(text=activity.name, x=4.0, y=4.0, width=w - 8, height=h - 8)
        label.text = wrap(label.text, 22 if shape == "bpmn_activity" else 26)
        graph.nodes.append(
            Node(
                id=node_id(index),
                x=cx - w / 2,
                y=cy - h / 2,
                width=w,
                height=h,
                shape=shape,
                detail=detail,
                fill=fill,
                border=border,
                border_width=1.5,
                labels=[label],
                parent="pool",
                lane=f"lane{lane}",
            )
        )

    nodes = graph.node_map()
    bottom = height
    for index, activity in enumerate(activities):
        source = nodes[node_id(index)]
        if activity.kind == "end":
            continue
        targets: list[tuple[str, int]] = []
        if activity.kind == "decision" and activity.branches:
            for condition, target_name in activity.branches:
                target = find_activity(activities, target_name) if target_name else index + 1
                if target is not None and target < len(activities):
                    targets.append((condition, target))
        elif index + 1 < len(activities):
            targets.append(("", index + 1))
        for number, (condition, target_index) in enumerate(targets):
            target = nodes[node_id(target_index)]
            corner = activity.kind == "decision" and number > 0
            points = connect(source, target, bottom + 14 + 10 * number, graph.lanes, corner)
            edge = Edge(
                id=f"f{index}-{number}",
                source=source.id,
                target=target.id,
                points=points,
                color="#333333",
                width=1.4,
            )
            if condition:
                edge.labels.append(condition_label(condition, points))
            graph.edges.append(edge)
    return graph


def connect(
    source: Node, target: Node, below: float, lanes: list[Lane], corner: bool = False
) -> list[tuple[float, float]]:
    """Orthogonal route between two activities: to the next column directly; past other
    columns along the top margin of the target's lane, entering it from above; backwards
    beneath the lanes. A decision's second and later branches leave from a corner."""
    sx, sy = source.center
    tx, ty = target.center
    lane_top = next((lane.y for lane in lanes if lane.id == target.lane), target.y - 30)
    channel = lane_top + 12
    if target.x > source.x:
        adjacent = target.x - source.x < COLUMN * 1.5
        if corner:
            start = (sx, source.y + source.height) if ty > sy + 0.5 else (sx, source.y)
            if adjacent and abs(sy - ty) >= 0.5:
                return [start, (sx, ty), (target.x, ty)]
            return [start, (sx, channel), (tx, channel), (tx, target.y)]
        start = (source.x + source.width, sy)
        column_end = sx + COLUMN / 2
        if adjacent:
            if abs(sy - ty) < 0.5:
                return [start, (target.x, ty)]
            return [start, (column_end, sy), (column_end, ty), (target.x, ty)]
        return [start, (column_end, sy), (column_end, channel), (tx, channel), (tx, target.y)]
    return [
        (sx, source.y + source.height),
        (sx, below),
        (tx, below),
        (tx, target.y + target.height),
    ]


def condition_label(condition: str, points: list[tuple[float, float]]) -> Label:
    """A branch's condition just after the decision, on a white box over its arrow."""
    (x0, y0), (x1, y1) = points[0], points[1]
    length = max(1.0, abs(x1 - x0) + abs(y1 - y0))
    step = min(22.0, length / 2)
    x = x0 + (x1 - x0) / length * step
    y = y0 + (y1 - y0) / length * step
    width = len(condition) * 6.6 + 8
    return Label(
        text=condition,
        x=x - width / 2,
        y=y - 9,
        width=width,
        height=18,
        font_size=11,
        background="#FFFFFF",
    )


def wrap(text: str, width: int) -> str:
    """Break a long activity name into lines of about `width` characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return "\n".join(lines[:5])
