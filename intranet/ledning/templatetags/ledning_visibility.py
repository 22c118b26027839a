"""Template tags applying the one visibility rule (visibility.py) to what a block lists:
`{% may_view document as shown %}{% if shown %}` and
`{% viewable value.links as links %}{% for link in links %}`. They read the request from the
context; without one, nothing restricted is shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from .. import visibility

register = template.Library()


def _viewer(request: Any) -> visibility.Viewer:
    if request is None or request == "" or not hasattr(request, "META"):
        return visibility.viewer_for(None)
    return visibility.viewer(request)


def _target(item: Any) -> Any:
    """What a list entry shows: a page or document itself, or the page/document a link or a
    document-list item points to (None for an external address)."""
    getter = getattr(item, "get", None)
    if getter is not None and not hasattr(item, "pk"):
        return getter("page") or getter("document")
    return item


@register.simple_tag(takes_context=True)
def may_view(context: template.Context, obj: Any) -> bool:
    if obj is None or obj == "":
        return False
    return _viewer(context.get("request")).may_view(obj)


@register.simple_tag(takes_context=True)
def viewable(context: template.Context, items: Iterable[Any] | None) -> list[Any]:
    viewer = _viewer(context.get("request"))
    kept = []
    for item in items or ():
        target = _target(item)
        if target is None or viewer.may_view(target):
            kept.append(item)
    return kept
