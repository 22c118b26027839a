"""The *Tidigare versioner* section of a governed document's page, with the date picker
"Vilken version gällde den …?" (answered from ``?datum=`` in the page's address)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import visibility
from ..governed import document_url
from ..versions import selectors

register = template.Library()


@register.inclusion_tag("ledning/versions/document_versions.html", takes_context=True)
def document_versions(context, document: Any) -> dict[str, Any]:
    request = context.get("request")
    viewer = visibility.viewer(request) if request is not None else visibility.Viewer()
    earlier = [
        version
        for version in selectors.earlier_versions(document)
        if selectors.may_view_version(viewer, version)
    ]
    asked = request.GET.get("datum", "") if request is not None else ""
    day = selectors.parse_day(asked) if asked else None
    applied = selectors.applied_on(document, day) if day is not None else None
    if (
        applied is not None
        and applied.version is not None
        and not selectors.may_view_version(viewer, applied.version)
    ):
        applied = None
    permanent_url = document_url(document.key, file=True)
    return {
        "document": document,
        "earlier": earlier,
        "asked": asked,
        "day": day,
        "bad_date": bool(asked) and day is None,
        "applied": applied,
        "permanent_url": permanent_url,
        "permanent_address": request.build_absolute_uri(permanent_url) if request else "",
        "api_url": document_url(document.key, api=True),
    }
