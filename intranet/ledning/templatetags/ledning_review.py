"""The review badge (*Granskad*, *Nästa granskning*, *Granskning försenad*) for any list or
page that shows process pages and governed documents: the approval footer, the document index
pages, search results.

    {% load ledning_review %}
    {% review_states documents as reviews %}       {# one query per kind, for a whole list #}
    {% for document in documents %}{% review_badge document reviews %}{% endfor %}

Without ``reviews`` the badge reads the one object's state itself (a few queries)."""

from __future__ import annotations

from typing import Any

from django import template

from ..governance import selectors

register = template.Library()


@register.simple_tag
def review_states(objs: Any) -> dict[Any, Any]:
    """{key: review state} of the live process pages and governed documents among objs."""
    return selectors.review_states(list(objs or []))


@register.inclusion_tag("ledning/includes/review_badge.html")
def review_badge(obj: Any, states: dict[Any, Any] | None = None) -> dict[str, Any]:
    """The calm review badge of one page or document; nothing for other content."""
    if states is None:
        review = selectors.review_state(obj)
    else:
        review = states.get(selectors.review_key(obj))
    return {"review": review}
