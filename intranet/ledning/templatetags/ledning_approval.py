"""Template tags of the approval step in the admin."""

from __future__ import annotations

from django import template

from ..models import ApproverRole

register = template.Library()


@register.simple_tag
def approver_roles(user) -> list[str]:
    """The roles ``user`` may approve (fastställa) as: their own, then their groups'."""
    return ApproverRole.objects.titles_for(user)
