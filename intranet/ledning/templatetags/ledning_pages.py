"""Template tags for the content pages: `{% process_navigation page as navigation %}` gives the
links at the foot of a process page (back one level, the area's support processes) that the
person may view (selectors.process_page_navigation)."""

from __future__ import annotations

from django import template

from .. import selectors, visibility
from ..models import ProcessPage

register = template.Library()


@register.simple_tag(takes_context=True)
def process_navigation(context: template.Context, page: ProcessPage) -> selectors.ProcessNavigation:
    request = context.get("request")
    viewer = visibility.viewer(request) if request else visibility.viewer_for(None)
    return selectors.process_page_navigation(page, viewer)
