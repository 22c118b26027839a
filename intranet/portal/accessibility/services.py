"""Writes: a piece of feedback with one outbox row per LS-administrator, and sending them
through governance's outbox (claimed under a lease, retried with backoff, each marked sent
once). Services never queue tasks: the view queues tasks.queue_feedback on commit."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from intranet.ledning.governance.selectors import administrators, with_email
from intranet.ledning.governance.services import SendReport, send_outbox

from .emails import feedback_message
from .models import AccessibilityFeedback, AccessibilityFeedbackDelivery

logger = logging.getLogger(__name__)


@transaction.atomic
def submit_feedback(user: Any, message: str, about_url: str = "") -> AccessibilityFeedback:
    """Write the feedback and its deliveries, to every LS-administrator with an e-mail address."""
    feedback = AccessibilityFeedback.objects.create(
        sent_by=user, message=message, about_url=about_url.strip()
    )
    recipients = with_email(administrators())
    if not recipients:
        logger.warning(
            "Accessibility feedback %s: no LS-administrator has an e-mail address", feedback.pk
        )
    AccessibilityFeedbackDelivery.objects.bulk_create(
        AccessibilityFeedbackDelivery(feedback=feedback, recipient=person, email=person.email)
        for person in recipients
    )
    return feedback


def send_feedback() -> SendReport:
    """Send every due copy of feedback (the ones a busy mail server deferred, too)."""
    return send_outbox(
        AccessibilityFeedbackDelivery,
        feedback_message,
        related=("feedback", "feedback__sent_by"),
    )
