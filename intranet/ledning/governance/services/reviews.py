"""Review reminders (seed 004: every process and governing document is revised yearly).

Before a page or document falls due, its owners get a reminder; once it is overdue, the owners
and the LS-administrators get another (the escalation). Each is written once per due date, so a
change of substance or a review without change — which move the due date — starts the cycle
again.

The reminders are an outbox: a reminder is written with one delivery per recipient in one
transaction; then every person's due deliveries are claimed and sent as ONE digest per person
and run, each delivery marked sent in the transaction that completes the message (see
mail.py). A person who owns ten overdue pages and is an LS-administrator gets one e-mail
listing them, not ten."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import conf
from ...governed import as_governed, due_date
from ...models import GovernedDocument, ProcessPage
from ..emails import review_digest_message
from ..models import (
    ChangeLogEntry,
    ChangeLogKind,
    DeliveryStatus,
    ReminderDelivery,
    ReminderKind,
    ReviewReminder,
)
from ..selectors import (
    ReviewItem,
    administrators,
    last_reviews,
    may_confirm_review,
    review_item,
    review_report_rows,
    with_email,
)
from .delivery import claim_per_recipient, transmit_claimed
from .mail import Unit

logger = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    reminders: int = 0  # reminders (before the due date) sent in this run
    escalations: int = 0  # escalations (overdue) sent in this run
    messages: int = 0  # digests sent: at most one per person
    failed: int = 0  # digests that could not be sent now (tried again in a later run)
    queued: int = 0  # reminders written to the outbox in this run


def reminder_recipients(item: ReviewItem, kind: str) -> list[Any]:
    owners = with_email(item.owners)
    if kind == ReminderKind.ESCALATION or not owners:
        users = {user.pk: user for user in owners}
        for user in with_email(administrators()):
            users.setdefault(user.pk, user)
        return list(users.values())
    return owners


def _kind(item: ReviewItem) -> str:
    return ReminderKind.ESCALATION if item.state == "overdue" else ReminderKind.REMINDER


def queue_review_reminders(today: datetime.date | None = None) -> int:
    """Write the reminders and escalations due on ``today`` with one delivery per recipient,
    each once per due date; return how many were written. The database picks the pages and
    documents due by their stored due date (review_report_rows); only those are loaded, 500
    at a time."""
    today = today or timezone.localdate()
    queued = 0
    for item in review_report_rows(today, states={"due_soon", "overdue"}):
        if item.state not in ("due_soon", "overdue"):
            continue  # a stored date not yet brought up to date
        kind = _kind(item)
        target = ReviewReminder.about(item.obj)
        reminder = ReviewReminder.objects.filter(
            page=target["page"], document=target["document"], kind=kind, due_on=item.due_on
        ).first()
        if reminder is not None and (reminder.sent_at or reminder.deliveries.exists()):
            continue  # written (and perhaps sent) by an earlier run
        recipients = reminder_recipients(item, kind)
        if not recipients:
            continue  # nobody to tell: tried again in the next run
        try:
            with transaction.atomic():
                if reminder is None:
                    reminder = ReviewReminder.objects.create(
                        **target, kind=kind, due_on=item.due_on
                    )
                reminder.recipients = ", ".join(user.email for user in recipients)
                reminder.save(update_fields=["recipients"])
                ReminderDelivery.objects.bulk_create(
                    [
                        ReminderDelivery(reminder=reminder, recipient=user, email=user.email)
                        for user in recipients
                    ]
                )
        except IntegrityError:
            continue  # a parallel run wrote it first
        queued += 1
    return queued


def _current(reminder: ReviewReminder, today: datetime.date) -> ReviewItem | None:
    """The review state of the reminder's page or document, or None when the reminder no longer
    applies (the object is gone, unpublished, or was reviewed since: a new due date)."""
    target = reminder.target
    if target is None or not getattr(target, "live", False):
        return None
    item = review_item(target, today)
    if item.due_on != reminder.due_on:
        return None
    return item


def send_reminder_digests(
    today: datetime.date | None = None, batch_size: int | None = None
) -> ReminderReport:
    """Claim every due reminder delivery and send one digest per person."""
    today = today or timezone.localdate()
    batch_size = batch_size or int(conf.get("NOTICE_BATCH_SIZE"))
    report = ReminderReport()
    now = timezone.now()
    for deliveries in claim_per_recipient(ReminderDelivery, batch_size, now, ("reminder",)):
        token = deliveries[0].claim_token
        units, stale = _digest_units(deliveries, today)
        if stale:
            ReminderDelivery.objects.filter(pk__in=stale, claim_token=token).update(
                status=DeliveryStatus.FAILED, error=_("Inte längre aktuell: granskad eller borta.")
            )
        transmission = transmit_claimed(units, token, model=ReminderDelivery)
        report.messages += transmission.sent
        report.failed += transmission.deferred + transmission.failed
        if transmission.sent == 0 and transmission.deferred:
            break  # the mail server cannot be reached now: the next run tries again
    _count_sent(report, now)
    return report


def _digest_units(deliveries: list[Any], today: datetime.date) -> tuple[list[Unit], list[int]]:
    by_recipient: dict[int, list[Any]] = defaultdict(list)
    for delivery in deliveries:
        by_recipient[delivery.recipient_id].append(delivery)
    units: list[Unit] = []
    stale: list[int] = []
    items: dict[int, ReviewItem | None] = {}
    for rows in by_recipient.values():
        escalations: list[ReviewItem] = []
        reminders: list[ReviewItem] = []
        ids: list[int] = []
        for delivery in rows:
            reminder = delivery.reminder
            if reminder.pk not in items:
                items[reminder.pk] = _current(reminder, today)
            item = items[reminder.pk]
            if item is None:
                stale.append(delivery.pk)
                continue
            ids.append(delivery.pk)
            (escalations if reminder.kind == ReminderKind.ESCALATION else reminders).append(item)
        if ids:
            order = {"key": lambda item: (item.due_on or datetime.date.max, item.title)}
            escalations.sort(**order)
            reminders.sort(**order)
            message = review_digest_message(rows[0].email, escalations, reminders, ids[0])
            units.append(Unit(ids, message))
    return units, stale


def _count_sent(report: ReminderReport, since: datetime.datetime) -> None:
    """Count the reminders whose deliveries went out in this run, and stamp a reminder sent
    once none of its deliveries waits any more."""
    sent = ReviewReminder.objects.filter(
        deliveries__status=DeliveryStatus.SENT, deliveries__sent_at__gte=since
    ).distinct()
    for reminder in sent:
        if reminder.kind == ReminderKind.ESCALATION:
            report.escalations += 1
        else:
            report.reminders += 1
    waiting = ReminderDelivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).values("reminder_id")
    ReviewReminder.objects.filter(pk__in=sent.values("pk"), sent_at__isnull=True).exclude(
        pk__in=waiting
    ).update(sent_at=timezone.now())


def send_review_reminders(today: datetime.date | None = None) -> ReminderReport:
    """Write the reminders and escalations due on ``today`` (default: the local date), then send
    every person's due ones as one digest. The stored due dates are brought up to date first
    (a change of LEDNING_REVIEW_INTERVALS shows in the reports by the next run)."""
    today = today or timezone.localdate()
    update_review_dates()
    queued = queue_review_reminders(today)
    report = send_reminder_digests(today)
    report.queued = queued
    logger.info("Review reminders: %s", report)
    return report


# --- the stored due dates --------------------------------------------------------------------

#: What a due date is worked out from, read without loading the objects.
_DATE_FIELDS = ("review_interval_months", "revised_on", "approved_on", "first_published_at")


def update_review_dates(objects: dict[Any, Any] | None = None) -> int:
    """Work out the stored due date (``review_due_on``) of process pages and governed documents
    again, from their dates, intervals and the change log, and write the ones that changed;
    return how many. ``objects`` = {model: [pk, …]} limits it to those (what an import wrote);
    without it, every page and document (after a change of LEDNING_REVIEW_INTERVALS or
    LEDNING_REVIEW_INTERVAL_MONTHS, and in every run of the reminders). A few queries per
    thousand objects, none of them loaded."""
    changed = 0
    for model in (ProcessPage, GovernedDocument):
        if objects is None:
            batches: list[list[Any] | None] = [None]
        else:
            pks = sorted(
                {pk for written, ids in objects.items() if issubclass(written, model) for pk in ids}
            )
            batches = [pks[start : start + 500] for start in range(0, len(pks), 500)]
        for batch in batches:
            changed += _update_review_dates(model, batch)
    return changed


def _update_review_dates(model: Any, pks: list[Any] | None) -> int:
    rows = model.objects.all() if pks is None else model.objects.filter(pk__in=pks)
    key = "document_type" if model is GovernedDocument else "pk"
    values = list(rows.values_list("pk", "review_due_on", key, *_DATE_FIELDS))
    reviewed = last_reviews(model.target_kind, pks)
    stale = []
    for pk, stored, type_key, interval, revised, approved, published in values:
        interval_key = type_key if model is GovernedDocument else "process"
        due = due_date(interval, interval_key, revised, approved, reviewed.get(pk), published)
        if due != stored:
            stale.append(model(pk=pk, review_due_on=due))
    model.objects.bulk_update(stale, ["review_due_on"], batch_size=500)
    return len(stale)


def record_reviewed_on(obj: Any) -> None:
    """A review without change restarted obj's clock: its stored due date moves."""
    update_review_dates({type(obj): [obj.pk]})


# --- reviewed without change ----------------------------------------------------------------


def record_review_without_change(obj: Any, user: Any, note: str = "") -> ChangeLogEntry:
    """*Granskad utan ändring*: the owner (or an LS-administrator) confirms that the live
    content was reviewed and still holds. The change log records it, which restarts the review
    clock; nothing is revised: no revision is saved or published, "Reviderad" stays, nobody is
    notified."""
    obj = as_governed(obj)
    if obj is None or not may_confirm_review(user, obj):
        raise PermissionDenied(
            _(
                "Bara de ansvariga för sidan eller dokumentet och administratörerna av "
                "ledningssystemet kan markera den som granskad utan ändring."
            )
        )
    entry = ChangeLogEntry.objects.create(
        **ChangeLogEntry.about(obj),
        kind=ChangeLogKind.REVIEWED,
        note=note.strip(),
        type_label=obj.get_kind_label(),
        editor=user,
        published_at=timezone.now(),
        summary={},
    )
    record_reviewed_on(obj)
    logger.info("Reviewed without change: %s by %s", entry.title, user.pk)
    return entry
