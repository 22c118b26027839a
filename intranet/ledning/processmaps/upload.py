"""A yEd file read, checked, parsed and drawn once: what a ``ProcessMap`` caches of its file,
and what a yEd file chosen from the document library is drawn from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .graph import Graph
from .parser import parse_graphml, read_upload
from .render import render_svg


@dataclass
class PreparedMap:
    file_hash: str
    graph: Graph
    svg: str


def prepare_upload(fileobj) -> PreparedMap:
    """Read, check, parse and render an uploaded GraphML file; raises ProcessMapError."""
    data = read_upload(fileobj)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return prepare_bytes(data)


def prepare_bytes(data: bytes) -> PreparedMap:
    digest = hashlib.sha256(data).hexdigest()
    graph = parse_graphml(data)
    return PreparedMap(file_hash=digest, graph=graph, svg=render_svg(graph, f"pm-{digest[:10]}"))
