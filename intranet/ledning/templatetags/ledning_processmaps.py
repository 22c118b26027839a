"""Template tags for process maps: render a yEd map or a process flow for the current page."""

from __future__ import annotations

from django import template

from ..processmaps import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def process_map_rendered(context, process_map):
    """The snippet's cached SVG, its steps linked for this page, and its text alternative."""
    if process_map is None:
        return None
    return selectors.render_map(
        process_map, page=context.get("page"), request=context.get("request")
    )


@register.simple_tag(takes_context=True)
def process_flow_rendered(context, value, block_id=""):
    """A process flow block drawn as a swimlane map, with its text alternative."""
    return selectors.render_flow(value, block_id=block_id or "", request=context.get("request"))


@register.simple_tag(takes_context=True)
def document_map_rendered(context, document):
    """A yEd file from the document library, drawn like a process map (None if it cannot be)."""
    if document is None:
        return None
    return selectors.render_document_map(
        document, page=context.get("page"), request=context.get("request")
    )
