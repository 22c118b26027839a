"""Change proposals ("Föreslå ändring / påpeka fel", seed 000).

An administrative proposal (a dead link, a typo) goes to the LS-administrators; one of
substance (a changed way of working, new duties for a role) to the page's or document's owners,
or to the LS-administrators when it has none (or none can be reached by e-mail). Both by
e-mail, queued after the commit. The route says why each recipient gets it, so the e-mail and
the member of staff's receipt say truthfully where the proposal went."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .. import emails
from ..models import ChangeKind, ChangeProposal, GovernedDocument
from .common import administrators, object_url, owners_of, target_fields, with_email
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


class Reason:
    """Why the recipients of a proposal get it."""

    OWNERS = "owners"  # of substance: the page's or document's owners
    LISTING_OWNERS = "listing_owners"  # of substance: owners of the pages listing the document
    NO_OWNER = "no_owner"  # of substance, but nobody is named owner: the LS-administrators
    OWNERS_UNREACHABLE = "owners_unreachable"  # owners named, none with an e-mail address
    ADMINISTRATIVE = "administrative"  # administrative: the LS-administrators


@dataclass
class ProposalRoute:
    reason: str
    recipients: list[Any] = field(default_factory=list)
    is_document: bool = False

    @property
    def to_owners(self) -> bool:
        return self.reason in {Reason.OWNERS, Reason.LISTING_OWNERS}


def proposal_route(proposal: ChangeProposal) -> ProposalRoute:
    """Administrative: the LS-administrators. Of substance: the owners (the object's own, or for
    a document without any, those of the pages listing it), else the LS-administrators."""
    target = proposal.target
    is_document = isinstance(target, GovernedDocument)
    if proposal.kind != ChangeKind.SUBSTANCE or target is None:
        return ProposalRoute(Reason.ADMINISTRATIVE, with_email(administrators()), is_document)
    owners = owners_of(target)
    reachable = with_email(owners)
    if reachable:
        own = not is_document or target.owner_users.exists()
        reason = Reason.OWNERS if own else Reason.LISTING_OWNERS
        return ProposalRoute(reason, reachable, is_document)
    reason = Reason.OWNERS_UNREACHABLE if owners else Reason.NO_OWNER
    return ProposalRoute(reason, with_email(administrators()), is_document)


def proposal_recipients(proposal: ChangeProposal) -> list[Any]:
    return proposal_route(proposal).recipients


def proposal_message(
    proposal: ChangeProposal, recipient: Any, route: ProposalRoute
) -> EmailMultiAlternatives:
    target = proposal.target
    context = {
        "proposal": proposal,
        "substance": proposal.kind == ChangeKind.SUBSTANCE,
        "url": object_url(target) if target is not None else "",
        "admin_url": emails.reverse_absolute(
            "wagtailsnippets_ledning_changeproposal:edit", proposal.pk
        ),
        "route": route,
    }
    reply_to = (
        [proposal.proposed_by.email] if proposal.proposed_by and proposal.proposed_by.email else []
    )
    # Written by a person: no Auto-Submitted header, and answers go to the proposer.
    return emails.build(
        "ledning/email/proposal", context, recipient.email, reply_to=reply_to, automatic=False
    )


def send_proposal_emails(proposal_id: int) -> int:
    """E-mail a proposal to its recipients once; return how many messages went out."""
    proposal = ChangeProposal.objects.select_related("proposed_by").filter(pk=proposal_id).first()
    if proposal is None or proposal.notified_at is not None:
        return 0
    route = proposal_route(proposal)
    units = [
        Unit([recipient.pk], proposal_message(proposal, recipient, route))
        for recipient in route.recipients
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
