"""Läskvittens in templates: "Att läsa och bekräfta" (HEM and Min sida include it with
``{% read_confirmation_list %}``) and the "Jag har läst och förstått" button of a page or
document (``{% read_confirmation_button obj %}``). Each costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..readconfirm import selectors

register = template.Library()


def _user(context) -> Any:
    request = context.get("request")
    return request, getattr(request, "user", None)


@register.inclusion_tag("ledning/readconfirm/to_read.html", takes_context=True)
def read_confirmation_list(context) -> dict[str, Any]:
    request, user = _user(context)
    items = selectors.to_read(user, request) if user is not None else []
    return {"request": request, "items": items}


@register.inclusion_tag("ledning/readconfirm/button.html", takes_context=True)
def read_confirmation_button(context, obj: Any) -> dict[str, Any]:
    request, user = _user(context)
    if user is None or not user.is_authenticated or obj is None:
        return {"state": None}
    state = selectors.button_state(user, obj, request)
    return {
        "request": request,
        "state": state,
        "confirm_url": reverse("ledning:read_confirm", args=[state.request.pk])
        if state.request is not None
        else "",
        "next": request.get_full_path() if request is not None else "",
    }
