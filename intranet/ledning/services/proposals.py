"""Change proposals ("Föreslå ändring / påpeka fel", seed 000).

An administrative proposal (a dead link, a typo) goes to the LS-administrators; one of
substance (a changed way of working, new duties for a role) to the page's or document's owners,
or to the LS-administrators when it has none. Both by e-mail, queued after the commit."""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from ..models import ChangeKind, ChangeProposal
from .common import absolute_url, administrators, object_url, owners_of, target_fields, with_email
from .delivery import from_email
from .mail import Unit, mark_after, transmit

logger = logging.getLogger(__name__)


def create_proposal(user: Any, target: Any, text: str, kind: str) -> ChangeProposal:
    proposal = ChangeProposal.objects.create(
        **target_fields(target), proposed_by=user, text=text.strip(), kind=kind
    )
    proposal_id = proposal.pk
    transaction.on_commit(lambda: queue_proposal(proposal_id))
    return proposal


def queue_proposal(proposal_id: int) -> None:
    from ..tasks import send_proposal_emails

    try:
        send_proposal_emails.delay(proposal_id)
    except (KombuOperationalError, OSError):
        logger.warning("Could not queue proposal %s", proposal_id, exc_info=True)


def proposal_recipients(proposal: ChangeProposal) -> list[Any]:
    """Administrative: the LS-administrators. Of substance: the owners, else the
    administrators."""
    target = proposal.target
    if proposal.kind == ChangeKind.SUBSTANCE and target is not None:
        owners = with_email(owners_of(target))
        if owners:
            return owners
    return with_email(administrators())


def proposal_message(proposal: ChangeProposal, recipient: Any) -> EmailMultiAlternatives:
    target = proposal.target
    context = {
        "proposal": proposal,
        "url": object_url(target) if target is not None else "",
        "admin_url": absolute_url(
            reverse("wagtailsnippets_ledning_changeproposal:edit", args=[proposal.pk])
        ),
        "to_owner": proposal.kind == ChangeKind.SUBSTANCE,
    }
    if proposal.kind == ChangeKind.SUBSTANCE:
        subject = _("Förslag om ändring av vikt: %(title)s") % {"title": proposal.title}
    else:
        subject = _("Förslag om administrativ ändring: %(title)s") % {"title": proposal.title}
    reply_to = (
        [proposal.proposed_by.email] if proposal.proposed_by and proposal.proposed_by.email else []
    )
    message = EmailMultiAlternatives(
        subject,
        render_to_string("ledning/email/proposal.txt", context),
        from_email(),
        [recipient.email],
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string("ledning/email/proposal.html", context), "text/html"
    )
    return message


def send_proposal_emails(proposal_id: int) -> int:
    """E-mail a proposal to its recipients once; return how many messages went out."""
    proposal = ChangeProposal.objects.select_related("proposed_by").filter(pk=proposal_id).first()
    if proposal is None or proposal.notified_at is not None:
        return 0
    units = [
        Unit([recipient.pk], proposal_message(proposal, recipient))
        for recipient in proposal_recipients(proposal)
    ]
    sent = []
    transmit(
        units,
        mark_sent=mark_after(sent.append),
        mark_failed=lambda unit, error: logger.warning("Proposal mail failed: %s", error),
        defer=lambda unit, error: logger.warning("Proposal mail deferred: %s", error),
    )
    if units and not sent:
        # Nothing went out (the mail server cannot be reached): the task retries later.
        raise ConnectionError(f"Proposal {proposal_id}: no message could be sent")
    ChangeProposal.objects.filter(pk=proposal_id).update(notified_at=timezone.now())
    return len(sent)
