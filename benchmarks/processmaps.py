"""Process maps: how long a 200-step yEd map takes to parse and draw, and a page view's share.

Parsing and drawing happen once per uploaded file (the SVG is cached on the ProcessMap); a page
view only fills in the links and builds the text alternative. Needs no database.
Usage: python -m benchmarks.processmaps [--repeat N] [--nodes N]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

from benchmarks.timing import describe, print_table, timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.processmaps", description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--nodes", type=int, default=200)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.utils import translation

    from intranet.ledning.blocks.process_flow import FlowActivity
    from intranet.ledning.processmaps.layout import layout_flow
    from intranet.ledning.processmaps.outline import build_outline
    from intranet.ledning.processmaps.parser import parse_graphml
    from intranet.ledning.processmaps.render import Link, apply_links, render_svg
    from tests.processmaps.yed import large_map

    translation.activate("sv")
    data = large_map(args.nodes)
    graph = parse_graphml(data)
    svg = render_svg(graph, "bench")
    links = {
        node.id: Link(url=f"/dokument/{number}/", title=node.text, kind="document")
        for number, node in enumerate(graph.steps)
        if number % 3 == 0
    }
    activities = [
        FlowActivity(
            name=f"Aktivitet {number + 1}",
            role=f"Roll {number % 5 + 1}",
            kind="decision" if number % 10 == 9 else "activity",
            branches=[("Ja", ""), ("Nej", "Aktivitet 1")] if number % 10 == 9 else [],
        )
        for number in range(50)
    ]

    rows = [
        (
            f"parse + draw a {len(graph.steps)}-step yEd map ({len(data) // 1024} kB)",
            describe(timed(lambda: render_svg(parse_graphml(data), "bench"), args.repeat)),
        ),
        (
            "  of which parsing (hardened lxml)",
            describe(timed(lambda: parse_graphml(data), args.repeat)),
        ),
        (
            "  of which drawing the SVG",
            describe(timed(lambda: render_svg(graph, "b"), args.repeat)),
        ),
        (
            "page view: links + text alternative",
            describe(
                timed(
                    lambda: (apply_links(svg, graph, links), build_outline(graph, links)),
                    args.repeat,
                )
            ),
        ),
        (
            "process flow block, 50 activities, 5 roles",
            describe(timed(lambda: render_svg(layout_flow(activities), "f"), args.repeat)),
        ),
    ]
    print_table(
        f"Process maps — Python {platform.python_version()}, {args.repeat} runs each, "
        f"SVG {len(svg) // 1024} kB",
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
