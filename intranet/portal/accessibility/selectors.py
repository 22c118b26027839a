"""Reads: the live statement page, and whether a person may send more feedback now."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from .models import AccessibilityFeedback, AccessibilityStatementPage

# A person may send this many pieces of feedback per hour (the form is not a mail relay).
FEEDBACK_PER_HOUR = 5


def statement_page() -> AccessibilityStatementPage | None:
    """The live statement (a site has at most one)."""
    return AccessibilityStatementPage.objects.live().order_by("path").first()


def may_send_feedback(user: Any, now: datetime.datetime | None = None) -> bool:
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    sent = AccessibilityFeedback.objects.filter(sent_by=user, created_at__gte=since).count()
    return sent < FEEDBACK_PER_HOUR
