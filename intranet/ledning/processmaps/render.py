"""``Graph`` → SVG, keeping yEd's geometry, colours, shapes, lanes, arrows and labels.

All text is XML-escaped and every attribute value comes from checked data (the parser's colour
pattern and finite numbers), so markup in a label is shown as text and never runs.

Each step is drawn between two link slots (XML comments holding its index). The SVG is cached
without links; ``apply_links`` fills the slots with ``<a>`` elements for the page showing it,
so a change of links needs no new rendering."""

from __future__ import annotations

import itertools
import math
import re
from html import escape
from typing import NamedTuple

from .graph import Edge, Graph, Label, Lane, Node

PADDING = 12.0
FONT = "'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
LINE_FACTOR = 1.18


class Link(NamedTuple):
    url: str
    title: str
    kind: str  # page, document, url


def _f(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _attr(value: str) -> str:
    return escape(str(value), quote=True)


def open_slot(index: int) -> str:
    return f"<!--pm-open:{index}-->"


def close_slot(index: int) -> str:
    return f"<!--pm-close:{index}-->"


def render_svg(graph: Graph, prefix: str, title: str = "") -> str:
    """The whole map as one <svg> element. `prefix` keeps ids unique on a page."""
    prefix = "".join(ch for ch in prefix if ch.isalnum() or ch in "-_") or "pm"
    min_x, min_y, max_x, max_y = graph.bounds()
    min_x -= PADDING
    min_y -= PADDING
    width = max_x - min_x + PADDING
    height = max_y - min_y + PADDING
    defs = _Defs(prefix)
    body: list[str] = []

    containers = [node for node in graph.nodes if node.is_container]
    steps = [node for node in graph.nodes if not node.is_container]
    lanes_by_pool: dict[str, list[Lane]] = {}
    for lane in graph.lanes:
        lanes_by_pool.setdefault(lane.pool, []).append(lane)

    # Containers first (outermost first, as yEd stores them), then edges, then steps.
    for node in containers:
        body.append(_container(node, lanes_by_pool.get(node.id, []), defs))
    body.append('<g class="pm-edges">')
    for edge in graph.edges:
        body.append(_edge(edge, defs))
    body.append("</g>")
    body.append('<g class="pm-steps">')
    index_of = {node.id: index for index, node in enumerate(graph.nodes)}
    for node in steps:
        index = index_of[node.id]
        body.append(open_slot(index))
        body.append(_step(node, defs))
        body.append(close_slot(index))
    body.append("</g>")

    title_element = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pm-svg" id="{prefix}" '
        f'viewBox="{_f(min_x)} {_f(min_y)} {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" '
        f'font-family="{_attr(FONT)}" role="group" data-steps="{len(steps)}">'
        f"{title_element}<defs>{defs.render()}</defs>{''.join(body)}</svg>"
    )


SLOT = re.compile(r"<!--pm-(open|close):(\d+)-->")


def apply_links(svg: str, graph: Graph, links: dict[str, Link]) -> str:
    """Fill the link slots: a linked step becomes an <a> to its page or document."""
    nodes = graph.nodes

    def fill(match: re.Match) -> str:
        index = int(match.group(2))
        if index >= len(nodes):
            return ""
        node = nodes[index]
        link = links.get(node.id)
        if link is None:
            return ""
        if match.group(1) == "close":
            return "</a>"
        name = node.text.replace("\n", " ") or link.title
        return (
            f'<a class="pm-link pm-link--{_attr(link.kind)}" href="{_attr(link.url)}" '
            f'data-node="{_attr(node.id)}" aria-label="{_attr(name)}">'
            f"<title>{escape(name)} → {escape(link.title)}</title>"
        )

    return SLOT.sub(fill, svg)


# --- definitions (gradients, arrow markers) ---------------------------------------------


class _Defs:
    def __init__(self, prefix: str):
        self.prefix = prefix
        self.items: dict[str, str] = {}
        self.gradients: dict[str, str] = {}

    def gradient(self, top: str, bottom: str, top_opacity: float, bottom_opacity: float) -> str:
        signature = f"g{top}{bottom}{top_opacity}{bottom_opacity}"
        if signature in self.gradients:
            return self.gradients[signature]
        key = f"{self.prefix}-g{len(self.gradients)}"
        self.gradients[signature] = key
        self.items[key] = (
            f'<linearGradient id="{key}" x1="0" y1="0" x2="0" y2="1">'
            f'<stop offset="0" stop-color="{top}" stop-opacity="{_f(top_opacity)}"/>'
            f'<stop offset="1" stop-color="{bottom}" stop-opacity="{_f(bottom_opacity)}"/>'
            f"</linearGradient>"
        )
        return key

    def marker(self, kind: str, color: str, start: bool) -> str:
        key = f"{self.prefix}-m-{kind}-{color.lstrip('#')}-{'s' if start else 'e'}"
        if key in self.items:
            return key
        hollow = kind.startswith("white_") or kind == "circle"
        fill = "#FFFFFF" if hollow else color
        if kind in {"diamond", "white_diamond"}:
            shape = '<path d="M0,5 L6,2 L12,5 L6,8 Z"/>'
            ref = 12
        elif kind == "circle":
            shape = '<circle cx="5" cy="5" r="3.5"/>'
            ref = 8.5
        else:
            shape = '<path d="M0,1 L10,5 L0,9 Z"/>'
            ref = 10
        self.items[key] = (
            f'<marker id="{key}" viewBox="0 0 12 10" refX="{ref}" refY="5" '
            f'markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" '
            f'orient="{"auto-start-reverse" if start else "auto"}">'
            f'<g fill="{fill}" stroke="{color}" stroke-width="1">{shape}</g></marker>'
        )
        return key

    def render(self) -> str:
        return "".join(self.items.values())


# --- shapes ------------------------------------------------------------------------------


def _paint(node: Node, defs: _Defs) -> str:
    if node.transparent:
        fill = 'fill="none"'
    elif node.fill2 and node.fill2 != node.fill:
        gradient = defs.gradient(node.fill, node.fill2, node.fill_opacity, node.fill2_opacity)
        fill = f'fill="url(#{gradient})"'
    else:
        fill = f'fill="{node.fill}"'
        if node.fill_opacity < 1:
            fill += f' fill-opacity="{_f(node.fill_opacity)}"'
    if node.border_style == "none" or node.border_width <= 0:
        return fill + ' stroke="none"'
    stroke = f' stroke="{node.border}" stroke-width="{_f(node.border_width)}"'
    if node.border_style == "dashed":
        stroke += ' stroke-dasharray="6 3"'
    elif node.border_style == "dotted":
        stroke += ' stroke-dasharray="1.5 2.5"'
    return fill + stroke


def _polygon(points: list[tuple[float, float]], paint: str) -> str:
    coordinates = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    return f'<polygon points="{coordinates}" {paint}/>'


def shape_markup(node: Node, paint: str) -> str:
    x, y, w, h = node.x, node.y, node.width, node.height
    cx, cy = node.center
    shape = node.shape
    rect = f'x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}"'
    if shape in {"ellipse"}:
        return f'<ellipse cx="{_f(cx)}" cy="{_f(cy)}" rx="{_f(w / 2)}" ry="{_f(h / 2)}" {paint}/>'
    if shape == "roundrectangle":
        return f'<rect {rect} rx="5" ry="5" {paint}/>'
    if shape == "bpmn_activity":
        r = min(10.0, h / 4, w / 4)
        return f'<rect {rect} rx="{_f(r)}" ry="{_f(r)}" {paint}/>'
    if shape == "stadium":
        r = min(w, h) / 2
        return f'<rect {rect} rx="{_f(r)}" ry="{_f(r)}" {paint}/>'
    if shape in {"diamond", "bpmn_gateway"}:
        markup = _polygon([(cx, y), (x + w, cy), (cx, y + h), (x, cy)], paint)
        return markup + _gateway_marker(node) if shape == "bpmn_gateway" else markup
    if shape == "bpmn_event":
        r = min(w, h) / 2
        circle = f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" {paint}'
        if node.detail == "end":
            return (
                circle.replace(f'stroke-width="{_f(node.border_width)}"', 'stroke-width="3"') + "/>"
            )
        if node.detail == "intermediate":
            return (
                circle + f'/><circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(max(1.0, r - 3))}" '
                f'fill="none" stroke="{node.border}"/>'
            )
        return circle + "/>"
    if shape in {"parallelogram", "parallelogram2"}:
        s = min(w * 0.2, h * 0.5)
        if shape == "parallelogram":
            return _polygon([(x + s, y), (x + w, y), (x + w - s, y + h), (x, y + h)], paint)
        return _polygon([(x, y), (x + w - s, y), (x + w, y + h), (x + s, y + h)], paint)
    if shape in {"trapezoid", "trapezoid2"}:
        s = min(w * 0.2, h * 0.5)
        if shape == "trapezoid":
            return _polygon([(x, y), (x + w, y), (x + w - s, y + h), (x + s, y + h)], paint)
        return _polygon([(x + s, y), (x + w - s, y), (x + w, y + h), (x, y + h)], paint)
    if shape in {"hexagon", "display"}:
        s = min(w * 0.25, h * 0.5)
        return _polygon(
            [(x + s, y), (x + w - s, y), (x + w, cy), (x + w - s, y + h), (x + s, y + h), (x, cy)],
            paint,
        )
    if shape in {"octagon", "loop_limit", "loop_limit_end"}:
        s = min(w, h) * 0.29
        if shape == "loop_limit":
            return _polygon(
                [
                    (x + s, y),
                    (x + w - s, y),
                    (x + w, y + s),
                    (x + w, y + h),
                    (x, y + h),
                    (x, y + s),
                ],
                paint,
            )
        if shape == "loop_limit_end":
            return _polygon(
                [
                    (x, y),
                    (x + w, y),
                    (x + w, y + h - s),
                    (x + w - s, y + h),
                    (x + s, y + h),
                    (x, y + h - s),
                ],
                paint,
            )
        return _polygon(
            [
                (x + s, y),
                (x + w - s, y),
                (x + w, y + s),
                (x + w, y + h - s),
                (x + w - s, y + h),
                (x + s, y + h),
                (x, y + h - s),
                (x, y + s),
            ],
            paint,
        )
    if shape == "triangle":
        return _polygon([(cx, y), (x + w, y + h), (x, y + h)], paint)
    if shape == "triangle2":
        return _polygon([(x, y), (x + w, y), (cx, y + h)], paint)
    if shape in {"document", "data_object", "card", "offpage", "pentagon", "pentagon_left"}:
        return _special_polygon(node, paint)
    if shape in {"database", "stored_data"}:
        ry = min(h * 0.15, 10.0)
        return (
            f'<path d="M{_f(x)},{_f(y + ry)} A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(x + w)},{_f(y + ry)} '
            f"L{_f(x + w)},{_f(y + h - ry)} A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(x)},{_f(y + h - ry)} Z"
            f'" {paint}/><path d="M{_f(x)},{_f(y + ry)} A{_f(w / 2)},{_f(ry)} 0 0 0 '
            f'{_f(x + w)},{_f(y + ry)}" fill="none" stroke="{node.border}"/>'
        )
    if shape == "predefined":
        s = min(10.0, w * 0.1)
        return (
            f'<rect {rect} {paint}/><path d="M{_f(x + s)},{_f(y)} V{_f(y + h)} '
            f'M{_f(x + w - s)},{_f(y)} V{_f(y + h)}" stroke="{node.border}" fill="none"/>'
        )
    if shape == "internal_storage":
        s = min(10.0, w * 0.1, h * 0.2)
        return (
            f'<rect {rect} {paint}/><path d="M{_f(x + s)},{_f(y)} V{_f(y + h)} '
            f'M{_f(x)},{_f(y + s)} H{_f(x + w)}" stroke="{node.border}" fill="none"/>'
        )
    if shape == "manual_input":
        return _polygon([(x, y + h * 0.25), (x + w, y), (x + w, y + h), (x, y + h)], paint)
    if shape == "delay":
        r = min(w / 2, h / 2)
        return (
            f'<path d="M{_f(x)},{_f(y)} H{_f(x + w - r)} A{_f(r)},{_f(h / 2)} 0 0 1 '
            f'{_f(x + w - r)},{_f(y + h)} H{_f(x)} Z" {paint}/>'
        )
    if shape == "annotation":
        return (
            f'<rect {rect} fill="{node.fill}" fill-opacity="0" stroke="none"/>'
            f'<path d="M{_f(x + 8)},{_f(y)} H{_f(x)} V{_f(y + h)} H{_f(x + 8)}" fill="none" '
            f'stroke="{node.border}" stroke-width="{_f(max(1.0, node.border_width))}"/>'
        )
    if shape == "rectangle3d":
        return f"<rect {rect} {paint}/>" + (
            f'<path d="M{_f(x + 1)},{_f(y + h - 1)} V{_f(y + 1)} H{_f(x + w - 1)}" '
            f'stroke="#FFFFFF" stroke-opacity="0.7" fill="none"/>'
        )
    if shape in {"star5", "star6", "star8"}:
        count = int(shape[-1])
        points = []
        for i in range(count * 2):
            angle = math.pi * i / count - math.pi / 2
            radius = 1.0 if i % 2 == 0 else 0.45
            points.append(
                (cx + math.cos(angle) * w / 2 * radius, cy + math.sin(angle) * h / 2 * radius)
            )
        return _polygon(points, paint)
    if shape in {"fatarrow", "fatarrow2"}:
        s = min(w * 0.3, h)
        if shape == "fatarrow":
            pts = [(x, y + h * 0.25), (x + w - s, y + h * 0.25), (x + w - s, y), (x + w, cy)]
            pts += [(x + w - s, y + h), (x + w - s, y + h * 0.75), (x, y + h * 0.75)]
        else:
            pts = [(x + w, y + h * 0.25), (x + s, y + h * 0.25), (x + s, y), (x, cy)]
            pts += [(x + s, y + h), (x + s, y + h * 0.75), (x + w, y + h * 0.75)]
        return _polygon(pts, paint)
    return f"<rect {rect} {paint}/>"


def _special_polygon(node: Node, paint: str) -> str:
    x, y, w, h = node.x, node.y, node.width, node.height
    if node.shape == "document":
        wave = min(h * 0.12, 10.0)
        return (
            f'<path d="M{_f(x)},{_f(y)} H{_f(x + w)} V{_f(y + h - wave)} '
            f"C{_f(x + w * 0.75)},{_f(y + h - 3 * wave)} {_f(x + w * 0.25)},{_f(y + h + wave)} "
            f'{_f(x)},{_f(y + h - wave)} Z" {paint}/>'
        )
    if node.shape == "data_object":
        fold = min(w, h) * 0.25
        return _polygon(
            [(x, y), (x + w - fold, y), (x + w, y + fold), (x + w, y + h), (x, y + h)], paint
        ) + (
            f'<path d="M{_f(x + w - fold)},{_f(y)} V{_f(y + fold)} H{_f(x + w)}" fill="none" '
            f'stroke="{node.border}"/>'
        )
    if node.shape == "card":
        cut = min(w, h) * 0.25
        return _polygon([(x + cut, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y + cut)], paint)
    if node.shape == "offpage":
        return _polygon(
            [(x, y), (x + w, y), (x + w, y + h * 0.7), (x + w / 2, y + h), (x, y + h * 0.7)], paint
        )
    if node.shape == "pentagon_left":
        s = min(w * 0.25, h * 0.5)
        return _polygon(
            [(x + s, y), (x + w, y), (x + w, y + h), (x + s, y + h), (x, y + h / 2)], paint
        )
    s = min(w * 0.25, h * 0.5)
    return _polygon(
        [(x, y), (x + w - s, y), (x + w, y + h / 2), (x + w - s, y + h), (x, y + h)], paint
    )


def _gateway_marker(node: Node) -> str:
    cx, cy = node.center
    r = min(node.width, node.height) * 0.18
    stroke = f'stroke="{node.border}" stroke-width="{_f(max(2.0, r / 3))}" fill="none"'
    if node.detail == "parallel":
        return (
            f'<path d="M{_f(cx - r)},{_f(cy)} H{_f(cx + r)} '
            f'M{_f(cx)},{_f(cy - r)} V{_f(cy + r)}" {stroke}/>'
        )
    if node.detail == "exclusive":
        return (
            f'<path d="M{_f(cx - r)},{_f(cy - r)} L{_f(cx + r)},{_f(cy + r)} '
            f'M{_f(cx + r)},{_f(cy - r)} L{_f(cx - r)},{_f(cy + r)}" {stroke}/>'
        )
    if node.detail == "inclusive":
        return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" {stroke}/>'
    return ""


# --- text --------------------------------------------------------------------------------


def text_markup(label: Label, box_x: float, box_y: float, box_w: float, box_h: float) -> str:
    """Multi-line text centred vertically in a box, aligned as yEd aligns it."""
    lines = label.text.split("\n")
    size = label.font_size
    line_height = size * LINE_FACTOR
    if label.align == "left":
        anchor, tx = "start", box_x + 2
    elif label.align == "right":
        anchor, tx = "end", box_x + box_w - 2
    else:
        anchor, tx = "middle", box_x + box_w / 2
    total = line_height * len(lines)
    first = box_y + (box_h - total) / 2 + size * 0.95
    style = ""
    if label.bold:
        style += ' font-weight="bold"'
    if label.italic:
        style += ' font-style="italic"'
    transform = ""
    if label.rotation in (90.0, 270.0):
        cx, cy = box_x + box_w / 2, box_y + box_h / 2
        angle = -90 if label.rotation == 270.0 else 90
        transform = f' transform="rotate({angle} {_f(cx)} {_f(cy)})"'
        # Rotated text is laid out in the box turned on its side.
        tx = cx
        anchor = "middle"
        first = cy - total / 2 + size * 0.95
    spans = []
    for number, line in enumerate(lines):
        y = first + number * line_height
        # Lines after the first start with a space, so that the text read out (and a link's
        # name from its content) has words apart: "Rutin Nyckelhantering av hemtjänsten".
        text = escape(line) if number == 0 else " " + escape(line)
        spans.append(f'<tspan x="{_f(tx)}" y="{_f(y)}">{text or " "}</tspan>')
    background = ""
    if label.background:
        background = (
            f'<rect x="{_f(box_x)}" y="{_f(box_y)}" width="{_f(box_w)}" height="{_f(box_h)}" '
            f'fill="{label.background}"/>'
        )
    return (
        f'{background}<text font-size="{_f(size)}" fill="{label.color}" '
        f'text-anchor="{anchor}"{style}{transform}>{"".join(spans)}</text>'
    )


def _node_labels(node: Node) -> str:
    parts = []
    for label in node.labels:
        if label.auto or (label.width <= 0 and label.height <= 0):
            parts.append(text_markup(label, node.x, node.y, node.width, node.height))
        else:
            parts.append(
                text_markup(label, node.x + label.x, node.y + label.y, label.width, label.height)
            )
    return "".join(parts)


# --- elements ----------------------------------------------------------------------------


def _step(node: Node, defs: _Defs) -> str:
    classes = f"pm-node pm-shape-{_attr(node.shape)}"
    lane = f' data-lane="{_attr(node.lane)}"' if node.lane else ""
    badge = (
        f'<g class="pm-badge" aria-hidden="true"><circle cx="{_f(node.x + node.width)}" '
        f'cy="{_f(node.y)}" r="7"/><path d="M{_f(node.x + node.width - 3)},{_f(node.y + 3)} '
        f"L{_f(node.x + node.width + 3)},{_f(node.y - 3)} M{_f(node.x + node.width - 1)},"
        f'{_f(node.y - 3)} H{_f(node.x + node.width + 3)} V{_f(node.y + 1)}"/></g>'
    )
    return (
        f'<g class="{classes}" data-node="{_attr(node.id)}"{lane}>'
        f'<g class="pm-shape">{shape_markup(node, _paint(node, defs))}</g>'
        f"{_node_labels(node)}{badge}</g>"
    )


def _container(node: Node, lanes: list[Lane], defs: _Defs) -> str:
    parts = [
        f'<g class="pm-{_attr(node.kind)}" data-node="{_attr(node.id)}">',
        shape_markup(node, _paint(node, defs)),
    ]
    if node.kind == "table":
        if node.header:
            hx, hy, hw, hh = node.header
            parts.append(
                f'<rect class="pm-pool-header" x="{_f(hx)}" y="{_f(hy)}" width="{_f(hw)}" '
                f'height="{_f(hh)}" fill="{node.fill2 or node.fill}" fill-opacity="0.6" '
                f'stroke="{node.border}" stroke-width="1"/>'
            )
            for label in node.labels:
                rotated = Label(**{**label.__dict__, "rotation": 270.0 if hh > hw else 0.0})
                parts.append(text_markup(rotated, hx, hy, hw, hh))
        else:
            parts.append(_node_labels(node))
        for number, lane in enumerate(lanes):
            parts.append(_lane(lane, number, node))
    else:
        parts.append(_node_labels(node))
    parts.append("</g>")
    return "".join(parts)


def _lane(lane: Lane, number: int, pool: Node) -> str:
    shade = "#000000" if number % 2 else "#FFFFFF"
    out = [
        f'<g class="pm-lane" data-lane="{_attr(lane.id)}">'
        f'<rect x="{_f(lane.x)}" y="{_f(lane.y)}" width="{_f(lane.width)}" '
        f'height="{_f(lane.height)}" fill="{lane.fill or shade}" '
        f'fill-opacity="{"1" if lane.fill else "0.04"}" stroke="{pool.border}" '
        f'stroke-width="1"/>'
    ]
    if lane.header_width > 0 and lane.header_height > 0:
        out.append(
            f'<rect class="pm-lane-header" x="{_f(lane.header_x)}" y="{_f(lane.header_y)}" '
            f'width="{_f(lane.header_width)}" height="{_f(lane.header_height)}" '
            f'fill="{pool.fill2 or "#DDE6F0"}" fill-opacity="0.5" stroke="{pool.border}" '
            f'stroke-width="1"/>'
        )
        if lane.label:
            along = lane.header_width if lane.vertical else lane.header_height
            across = lane.header_height if lane.vertical else lane.header_width
            lines = max(1, min(3, int((across - 4) // 14)))
            text = fit_lines(lane.label, int(along // 7.5), lines)
            longest = max(len(line) for line in text.split("\n"))
            label = Label(
                text=text,
                font_size=max(7.0, min(12.0, (along - 8) / (longest * 0.66 + 0.1))),
                bold=True,
                rotation=0.0 if lane.vertical else 270.0,
            )
            out.append(
                text_markup(
                    label, lane.header_x, lane.header_y, lane.header_width, lane.header_height
                ).replace("<text ", '<text class="pm-lane-title" ', 1)
            )
    out.append("</g>")
    return "".join(out)


def _edge(edge: Edge, defs: _Defs) -> str:
    if len(edge.points) < 2:
        return ""
    d = "M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in edge.points)
    attrs = f'fill="none" stroke="{edge.color}" stroke-width="{_f(edge.width)}"'
    if edge.style == "dashed":
        attrs += ' stroke-dasharray="6 3"'
    elif edge.style == "dotted":
        attrs += ' stroke-dasharray="1.5 2.5"'
    if edge.target_arrow != "none":
        attrs += f' marker-end="url(#{defs.marker(edge.target_arrow, edge.color, False)})"'
    if edge.source_arrow != "none":
        attrs += f' marker-start="url(#{defs.marker(edge.source_arrow, edge.color, True)})"'
    parts = [
        f'<g class="pm-edge" data-source="{_attr(edge.source)}" '
        f'data-target="{_attr(edge.target)}"><path d="{d}" {attrs}/>'
    ]
    for label in edge.labels:
        if label.auto or label.width <= 0:
            mx, my = midpoint(edge.points)
            lines = label.text.split("\n")
            w = max(len(line) for line in lines) * label.font_size * 0.6 + 6
            h = len(lines) * label.font_size * LINE_FACTOR + 4
            box = (mx - w / 2, my - h / 2, w, h)
            fill = label.background or "#FFFFFF"
        else:
            box = (label.x, label.y, label.width, label.height)
            fill = label.background
        if fill:
            parts.append(
                f'<rect x="{_f(box[0])}" y="{_f(box[1])}" width="{_f(box[2])}" '
                f'height="{_f(box[3])}" fill="{fill}"/>'
            )
        plain = Label(**{**label.__dict__, "background": ""})
        parts.append(text_markup(plain, *box).replace("<text ", '<text class="pm-edge-label" ', 1))
    parts.append("</g>")
    return "".join(parts)


def fit_lines(text: str, width: int, lines: int) -> str:
    """Wrap a header's text into at most `lines` lines of about `width` characters."""
    words = text.split()
    if not words or len(text) <= width or lines <= 1:
        return text
    out: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width and len(out) < lines - 1:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return "\n".join(out)


def midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    half = sum(lengths) / 2
    for (a, b), length in zip(itertools.pairwise(points), lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        half -= length
    return points[len(points) // 2]
