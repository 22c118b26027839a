from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..governance import selectors
from ..governed import target_of

register = template.Library()


@register.inclusion_tag("ledning/governance/actions.html", takes_context=True)
def governance_actions(context, obj: Any) -> dict[str, Any]:
    """The review state (*Granskad*, *nästa granskning*, *Granskning försenad*), "Bevaka" and
    "Föreslå ändring / påpeka fel" for a page or governed document."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if target_of(obj)["page"] is not None:
        propose_url = reverse("ledning:propose_page", args=[obj.pk])
        field, value = "page", obj.pk
    else:
        propose_url = reverse("ledning:propose_document", args=[obj.key])
        field, value = "document", obj.key
    return {
        "request": request,
        "propose_url": propose_url,
        "follow_url": reverse("ledning:follow"),
        "field": field,
        "value": value,
        "following": selectors.followed(user, obj) if user else False,
        "next": request.get_full_path() if request else "",
        "is_authenticated": bool(user and user.is_authenticated),
        "review": selectors.review_state(obj),
    }
