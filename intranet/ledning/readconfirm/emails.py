"""What läskvittens e-mails say: one person's digest of reminders (requests they have not
confirmed, due soon) and escalations (requests past their due date, with the figures and a
link to the follow-up). Built by the one e-mail builder (ledning/emails.py)."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives

from ..emails import absolute_url, build, reverse_absolute
from .models import ReadRequest


def _request_context(read_request: ReadRequest) -> dict[str, Any]:
    return {
        "request": read_request,
        "url": absolute_url((read_request.target_url or "/") + "#laskvittens"),
        "follow_up_url": reverse_absolute("ledning_readconfirm:detail", read_request.pk),
    }


def reminder_digest_message(
    email: str,
    reminders: list[ReadRequest],
    escalations: list[tuple[ReadRequest, Any]],
    first_pk: int,
) -> EmailMultiAlternatives:
    """One person's digest: what they still have to confirm, and (for the requester and the
    LS-administrators) the requests past their due date with their figures."""
    context = {
        "count": len(reminders) + len(escalations),
        "reminders": [_request_context(read_request) for read_request in reminders],
        "escalations": [
            {**_request_context(read_request), "figure": row.figure, "missing": len(row.missing)}
            for read_request, row in escalations
        ],
    }
    return build(
        "ledning/email/read_reminder", context, email, message_id=f"ledning-read-{first_pk}"
    )
