"""The slots the host app fills (contract.py): the page actions in the header of the
management system's pages (the staff app's bookmark star)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import contract

register = template.Library()


@register.simple_tag(takes_context=True)
def ledning_page_actions(context: dict[str, Any], page: Any = None) -> SafeString:
    """What the ``ledning_page_actions`` hooks render for the page (nothing without one)."""
    return contract.page_actions(context.get("request"), page or context.get("page"))
