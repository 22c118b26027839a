"""Template filters for the admin's tables (intranet/templates/wagtailadmin/tables/)."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def absolute_date(value) -> str:
    """A date as Swedes write it in running text ("28 maj 2015"), with the local time for a
    moment ("1 december 2026 14:05"); "–" for none."""
    if not value:
        return "–"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)
