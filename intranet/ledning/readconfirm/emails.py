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
    follow_up: bool = True,
) -> EmailMultiAlternatives:
    """One person's digest: what they still have to confirm, and (for the requester, the
    workplaces' managers or the LS-administrators) the requests past their due date with their
    figures; with ``follow_up`` a link to the follow-up in the admin, for those who may open
    it (the others would meet a refusal there)."""
    escalated = []
    for read_request, row in escalations:
        entry = {**_request_context(read_request), "figure": row.figure}
        if not follow_up:
            entry["follow_up_url"] = ""
        escalated.append(entry)
    context = {
        "count": len(reminders) + len(escalations),
        "reminders": [_request_context(read_request) for read_request in reminders],
        "escalations": escalated,
    }
    return build(
        "ledning/email/read_reminder", context, email, message_id=f"ledning-read-{first_pk}"
    )
