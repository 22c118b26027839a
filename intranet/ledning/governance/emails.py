"""What governance's e-mails say: the notice of an approved change, the daily digest of
notices, a change proposal and a person's review digest. Each is built by the one e-mail
builder (ledning/emails.py) from its templates under templates/ledning/email/; the services
send them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import EmailMultiAlternatives

from .. import conf
from ..emails import absolute_url, build, message, render, reverse_absolute
from ..models import ChangeKind
from .models import ChangeProposal, Delivery, Notice
from .selectors import ReviewItem


def _footer_urls() -> dict[str, str]:
    settings_url = conf.get("NOTIFICATION_SETTINGS_URL")
    return {
        "settings_url": absolute_url(settings_url) if settings_url else "",
        "changes_url": reverse_absolute("ledning:changes") or absolute_url("/"),
    }


# --- notices ----------------------------------------------------------------------------------


def notice_context(notice: Notice) -> dict[str, Any]:
    entry = notice.change
    summary = entry.summary or {}
    documents = summary.get("documents") or {}
    return {
        "notice": notice,
        "entry": entry,
        "documents": documents,
        "fields": summary.get("fields") or [],
        "has_summary": any(documents.get(key) for key in ("added", "removed", "replaced"))
        or bool(summary.get("fields")),
        **_footer_urls(),
    }


class RenderedNotice:
    """A notice's subject and bodies, rendered once and shared by all its recipients."""

    def __init__(self, notice: Notice):
        self.notice = notice
        self.rendered = render("ledning/email/notice", notice_context(notice))

    def message(self, delivery: Delivery) -> EmailMultiAlternatives:
        return message(
            self.rendered, delivery.email, message_id=f"ledning-{self.notice.pk}-{delivery.pk}"
        )


def digest_message(
    deliveries: list[Delivery], notices: Iterable[RenderedNotice]
) -> EmailMultiAlternatives:
    """One person's daily digest of the notices in their digest deliveries."""
    context = {
        "items": [notice_context(rendered.notice) for rendered in notices],
        **_footer_urls(),
    }
    return build(
        "ledning/email/digest",
        context,
        deliveries[0].email,
        message_id=f"ledning-digest-{deliveries[0].pk}",
    )


# --- change proposals -------------------------------------------------------------------------


def proposal_message(
    proposal: ChangeProposal, recipient: Any, route: Any
) -> EmailMultiAlternatives:
    """The proposal to one recipient; ``route`` (services.proposals.ProposalRoute) says why
    they get it."""
    context = {
        "proposal": proposal,
        "substance": proposal.kind == ChangeKind.SUBSTANCE,
        "url": absolute_url(proposal.target_url or "/") if proposal.target is not None else "",
        "admin_url": reverse_absolute("wagtailsnippets_ledning_changeproposal:edit", proposal.pk),
        "route": route,
    }
    proposer = proposal.proposed_by
    reply_to = [proposer.email] if proposer is not None and proposer.email else []
    # Written by a person: no Auto-Submitted header, and answers go to the proposer.
    return build(
        "ledning/email/proposal", context, recipient.email, reply_to=reply_to, automatic=False
    )


# --- review reminders -------------------------------------------------------------------------


def review_digest_message(
    email: str, escalations: list[ReviewItem], reminders: list[ReviewItem], first_pk: int
) -> EmailMultiAlternatives:
    """One person's review digest: the overdue items first, then those soon due."""
    context = {
        "count": len(escalations) + len(reminders),
        "escalations": [_review_item_context(item) for item in escalations],
        "reminders": [_review_item_context(item) for item in reminders],
        "interval": escalations[0].interval if escalations else reminders[0].interval,
    }
    return build(
        "ledning/email/review_digest", context, email, message_id=f"ledning-review-{first_pk}"
    )


def _review_item_context(item: ReviewItem) -> dict[str, Any]:
    obj = item.obj
    return {
        "item": item,
        "url": absolute_url(obj.get_public_url() or "/"),
        "admin_url": absolute_url(obj.get_admin_edit_url()),
        # "" on a site without the management system's admin hooks.
        "reviewed_url": reverse_absolute("ledning_review:confirm", obj.governed_kind, obj.pk),
    }
