"""Change proposals ("Föreslå ändring / påpeka fel", seed 000).

An administrative proposal (a dead link, a typo) goes to the LS-administrators; one of
substance (a changed way of working, new duties for a role) to the page's or document's owners,
or to the LS-administrators when it has none (or none can be reached by e-mail). Both by
e-mail, queued after the commit by the view that takes the proposal. The route says why each
recipient gets it, so the e-mail and the member of staff's receipt say truthfully where the
proposal went."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ...governed import responsible_users
from ...models import ChangeKind
from ..emails import proposal_message
from ..models import ChangeProposal
from ..selectors import administrators, with_email
from .mail import Unit, mark_after, transmit

logger = logging.getLogger(__name__)


def create_proposal(user: Any, target: Any, text: str, kind: str) -> ChangeProposal:
    """Write the proposal; the caller queues its e-mail (tasks.queue_proposal) on commit."""
    return ChangeProposal.objects.create(
        **ChangeProposal.about(target), proposed_by=user, text=text.strip(), kind=kind
    )


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
    is_document = proposal.document_id is not None
    if proposal.kind != ChangeKind.SUBSTANCE or target is None:
        return ProposalRoute(Reason.ADMINISTRATIVE, with_email(administrators()), is_document)
    owners = responsible_users(target)
    reachable = with_email(owners)
    if reachable:
        own = not is_document or bool(target.get_owner_users())
        reason = Reason.OWNERS if own else Reason.LISTING_OWNERS
        return ProposalRoute(reason, reachable, is_document)
    reason = Reason.OWNERS_UNREACHABLE if owners else Reason.NO_OWNER
    return ProposalRoute(reason, with_email(administrators()), is_document)


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
