"""What the feedback e-mail to an LS-administrator says (built by ledning's one e-mail builder,
templates portal/email/accessibility_feedback*)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives

from intranet.ledning.emails import absolute_url, build

from .models import AccessibilityFeedbackDelivery


def feedback_message(delivery: AccessibilityFeedbackDelivery) -> EmailMultiAlternatives:
    feedback = delivery.feedback
    sender = feedback.sent_by
    about = feedback.about_url
    context = {
        "feedback": feedback,
        "sender_name": (sender.get_full_name() or sender.get_username()) if sender else "",
        "sender_email": sender.email if sender else "",
        "about_link": absolute_url(about) if about.startswith(("/", "http://", "https://")) else "",
    }
    reply_to = [sender.email] if sender is not None and sender.email else []
    # Written by a person: answers go to them, and no Auto-Submitted header.
    return build(
        "portal/email/accessibility_feedback",
        context,
        delivery.email,
        reply_to=reply_to,
        automatic=False,
        message_id=f"portal-a11y-{feedback.pk}-{delivery.pk}",
    )
