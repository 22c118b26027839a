"""Läskvittens: writes with rules.

- A request is opened when an approved change of substance goes live and the approver asked
  for a läskvittens in the approval's form (stored with the approval). Any change of substance
  going live closes the open requests for the earlier versions (they are *ersatta*); an
  administrative change never opens, closes or resets anything.
- A confirmation records the person, the time and the exact revision of the request.
- Reminders: a few days before the due date those who have not confirmed get a reminder; the
  day after it, the managers of the workplaces concerned (else the LS-administrators) and the
  requester get the escalation. Each is written once per request with one delivery per
  recipient (an outbox, the same claiming and sending as the revision notices:
  governance/services/delivery.py and mail.py), and each person gets their due deliveries as
  ONE digest.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from .. import conf
from ..governance.models import ChangeLogEntry, ChangeLogKind, DeliveryStatus, Notice
from ..governance.selectors import administrators
from ..governance.services import guard
from ..governance.services.delivery import (
    claim_per_recipient,
    insert_from_select,
    transmit_claimed,
)
from ..governance.services.mail import Unit
from ..governed import as_governed, target_filter
from . import selectors
from .emails import reminder_digest_message
from .models import (
    ReadConfirmation,
    ReadReminder,
    ReadReminderDelivery,
    ReadReminderKind,
    ReadRequest,
    RequestStatus,
    forget_open_targets,
)

logger = logging.getLogger(__name__)

ANCHOR = "#laskvittens"


# --- opening and closing ------------------------------------------------------------------------


def open_request(
    obj: Any,
    revision: Revision,
    *,
    due_on: datetime.date,
    workplaces: list[int] = (),
    include_subworkplaces: bool = True,
    groups: list[int] = (),
    users: list[int] = (),
    requested_by: Any = None,
) -> ReadRequest:
    """Open a request for ``revision`` of obj (idempotent per revision); the notice of that
    revision then links straight to the button."""
    existing = ReadRequest.objects.filter(revision=revision, status=RequestStatus.OPEN).first()
    if existing is not None:
        return existing
    read_request = ReadRequest.objects.create(
        **ReadRequest.about(obj),
        revision=revision,
        due_on=due_on,
        include_subworkplaces=include_subworkplaces,
        requested_by=requested_by,
    )
    read_request.workplaces.set(workplaces)
    read_request.groups.set(groups)
    read_request.users.set(users)
    # The revision e-mail (and its news item) link straight to "Jag har läst och förstått".
    notices = Notice.objects.filter(change__revision=revision).exclude(url__endswith=ANCHOR)
    for notice in notices:
        notice.url = (notice.url + ANCHOR)[:500]
        notice.save(update_fields=["url"])
    logger.info("Read request %s opened for %s", read_request.pk, read_request.title)
    return read_request


def close_superseded(obj: Any, revision: Revision) -> int:
    """Close the open requests of obj's earlier versions (a change of substance went live)."""
    closed = (
        ReadRequest.objects.filter(target_filter(obj), status=RequestStatus.OPEN)
        .exclude(revision=revision)
        .update(status=RequestStatus.SUPERSEDED, closed_at=timezone.now())
    )
    if closed:
        forget_open_targets()
    return closed


def after_publication(obj: Any, revision: Revision | None) -> ReadRequest | None:
    """Called for every publication of governed content (after the change log is written): a
    change of substance closes the earlier requests and, when its approver asked for one,
    opens the new request. Administrative changes and imports change nothing."""
    obj = as_governed(obj)
    if obj is None or revision is None:
        return None
    entry = ChangeLogEntry.objects.filter(revision=revision).only("kind").first()
    if entry is None or entry.kind != ChangeLogKind.SUBSTANCE:
        return None
    close_superseded(obj, revision)
    publication = guard.publication_of(obj)
    approval = publication.approval if publication is not None else None
    choice = getattr(approval, "read_confirmation", None) or {}
    if not choice:
        return None
    return open_request(
        obj,
        revision,
        due_on=datetime.date.fromisoformat(choice["due_on"]),
        workplaces=choice.get("workplaces") or [],
        include_subworkplaces=bool(choice.get("subworkplaces")),
        groups=choice.get("groups") or [],
        users=choice.get("users") or [],
        requested_by=publication.approver,
    )


def close_request(read_request: ReadRequest) -> None:
    ReadRequest.objects.filter(pk=read_request.pk, status=RequestStatus.OPEN).update(
        status=RequestStatus.CLOSED, closed_at=timezone.now()
    )
    forget_open_targets()


# --- confirming -----------------------------------------------------------------------------------


def confirm(user: Any, read_request: ReadRequest) -> ReadConfirmation:
    """ "Jag har läst och förstått": the person, now, the request's exact revision. Only
    someone the open request asks may confirm; confirming twice keeps the first."""
    if read_request.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Den här läskvittensen är stängd: det finns en nyare version att läsa.")
        )
    if not selectors.is_asked(read_request, user):
        raise PermissionDenied(_("Du är inte ombedd att bekräfta den här sidan eller dokumentet."))
    confirmation, created = ReadConfirmation.objects.get_or_create(
        request=read_request,
        user=user,
        defaults={"revision_id": read_request.revision_id, "confirmed_at": timezone.now()},
    )
    if created:
        logger.info("Read request %s confirmed by %s", read_request.pk, user.pk)
    return confirmation


# --- reminders and the escalation ----------------------------------------------------------------


@dataclass
class ReminderReport:
    queued: int = 0  # reminders and escalations written in this run
    messages: int = 0  # digests sent (at most one per person and run)
    failed: int = 0


def _write(read_request: ReadRequest, kind: str, people: Any) -> bool:
    """Write the reminder of ``kind`` with one delivery per person (one query for all of
    them), once per request and kind."""
    try:
        with transaction.atomic():
            reminder = ReadReminder.objects.create(request=read_request, kind=kind)
            insert_from_select(
                ReadReminderDelivery,
                people.exclude(email=""),
                reminder=Value(reminder.pk),
                recipient=F("pk"),
                email=F("email"),
                status=Value(DeliveryStatus.PENDING.value),
                attempts=Value(0),
                next_attempt_at=Value(timezone.now(), output_field=DateTimeField()),
                error=Value(""),
            )
    except IntegrityError:
        return False  # a parallel run wrote it first
    return True


def escalation_recipients(read_request: ReadRequest) -> Any:
    """The managers of the workplaces where someone has not confirmed (selectors.managers)
    and the requester (the approving manager); the LS-administrators instead of the
    workplaces' managers when none is found."""
    managers = selectors.managers(read_request)
    condition = Q(pk__in=managers) if managers else Q(pk__in=administrators().values("pk"))
    if read_request.requested_by_id:
        condition |= Q(pk=read_request.requested_by_id)
    return get_user_model().objects.filter(condition, is_active=True)


def queue_read_reminders(today: datetime.date | None = None) -> int:
    """Write the reminders and escalations due on ``today``, each once per request."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # All at once: a sending run in parallel (the outbox's safety net) sees a person's
        # reminders and escalations of the day together, and sends them as one digest.
        return _queue_due(today)


def _queue_due(today: datetime.date) -> int:
    days = int(conf.get("READ_CONFIRMATION_REMINDER_DAYS"))
    written = 0
    reminded = ReadReminder.objects.filter(kind=ReadReminderKind.REMINDER).values("request_id")
    for read_request in (
        selectors.open_requests()
        .filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))
        .exclude(pk__in=reminded)
    ):
        written += _write(read_request, ReadReminderKind.REMINDER, selectors.missing(read_request))
    escalated = ReadReminder.objects.filter(kind=ReadReminderKind.ESCALATION).values("request_id")
    for read_request in (
        selectors.open_requests().filter(due_on__lt=today).exclude(pk__in=escalated)
    ):
        if not selectors.missing(read_request).exists():
            continue
        written += _write(
            read_request, ReadReminderKind.ESCALATION, escalation_recipients(read_request)
        )
    return written


def send_read_reminder_digests(batch_size: int | None = None) -> ReminderReport:
    """Claim every due reminder delivery and send one digest per person."""
    batch_size = batch_size or int(conf.get("NOTICE_BATCH_SIZE"))
    report = ReminderReport()
    now = timezone.now()
    figures: dict[int, selectors.Row] = {}
    for deliveries in claim_per_recipient(
        ReadReminderDelivery, batch_size, now, related=("reminder", "reminder__request")
    ):
        token = deliveries[0].claim_token
        units, stale = _digest_units(deliveries, figures)
        if stale:
            ReadReminderDelivery.objects.filter(pk__in=stale, claim_token=token).update(
                status=DeliveryStatus.FAILED,
                error=_("Inte längre aktuell: bekräftad, stängd eller borta."),
            )
        transmission = transmit_claimed(units, token, model=ReadReminderDelivery)
        report.messages += transmission.sent
        report.failed += transmission.deferred + transmission.failed
        if transmission.sent == 0 and transmission.deferred:
            break  # the mail server cannot be reached now: the next run tries again
    return report


def _digest_units(
    deliveries: list[ReadReminderDelivery], figures: dict[int, selectors.Row]
) -> tuple[list[Unit], list[int]]:
    by_recipient: dict[int, list[ReadReminderDelivery]] = defaultdict(list)
    for delivery in deliveries:
        by_recipient[delivery.recipient_id].append(delivery)
    confirmed = set(
        ReadConfirmation.objects.filter(
            user_id__in=list(by_recipient),
            request_id__in={d.reminder.request_id for d in deliveries},
        ).values_list("request_id", "user_id")
    )
    units: list[Unit] = []
    stale: list[int] = []
    # One instance per request in the batch, so its page or document is loaded once (each
    # row's select_related copy would load it again: two queries per person).
    requests: dict[int, ReadRequest] = {}
    for rows in by_recipient.values():
        reminders, escalations, ids = [], [], []
        for delivery in rows:
            read_request = requests.setdefault(
                delivery.reminder.request_id, delivery.reminder.request
            )
            kind = delivery.reminder.kind
            if read_request.status != RequestStatus.OPEN or read_request.target is None:
                stale.append(delivery.pk)
                continue
            if kind == ReadReminderKind.REMINDER:
                if (read_request.pk, delivery.recipient_id) in confirmed:
                    stale.append(delivery.pk)
                    continue
                reminders.append(read_request)
            else:
                if read_request.pk not in figures:
                    figures[read_request.pk] = selectors.follow_up(read_request).total
                escalations.append((read_request, figures[read_request.pk]))
            ids.append(delivery.pk)
        if ids:
            reminders.sort(key=lambda r: (r.due_on, r.title))
            escalations.sort(key=lambda pair: (pair[0].due_on, pair[0].title))
            message = reminder_digest_message(
                rows[0].email,
                reminders,
                escalations,
                ids[0],
                follow_up=bool(escalations) and selectors.may_follow_up(rows[0].recipient),
            )
            units.append(Unit(ids, message))
    return units, stale


def send_read_reminders(today: datetime.date | None = None) -> ReminderReport:
    """Write what is due today, then send every person's due reminders as one digest."""
    queued = queue_read_reminders(today)
    report = send_read_reminder_digests()
    report.queued = queued
    logger.info("Read confirmation reminders: %s", report)
    return report
