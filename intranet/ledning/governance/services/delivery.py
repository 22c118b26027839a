"""Delivering notices: claim due deliveries, send them in batches, mark each one.

A delivery is claimed by setting its status to "sending" with a claim token and the time; the
claim is a lease: if the worker dies, the lease expires (LEDNING_DELIVERY_LEASE_SECONDS) and
another worker takes the delivery again. On PostgreSQL the claiming query skips rows another
worker has locked; everywhere, the claiming UPDATE repeats the "due" condition, so two workers
never hold the same row. A delivery that cannot be sent now waits with exponential backoff and
fails for good after LEDNING_DELIVERY_MAX_ATTEMPTS attempts.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.mail import EmailMessage
from django.db import connection as db_connection
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ... import conf
from ..emails import RenderedNotice, digest_message
from ..models import Delivery, DeliveryMode, DeliveryStatus
from .mail import ClaimLost, Transmission, Unit, transmit

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    connections: int = 0
    batches: int = 0

    def add(self, transmission: Transmission) -> None:
        self.sent += transmission.sent
        self.failed += transmission.failed
        self.deferred += transmission.deferred
        self.connections += transmission.connections
        self.batches += 1


def insert_from_select(model: type[Any], rows: QuerySet, **columns: Any) -> int:
    """INSERT INTO model's table SELECT … FROM rows: the database writes a row of ``model``
    for each of ``rows``, from one query however many there are. ``columns`` name the fields
    of ``model`` and the expression (on ``rows``) each takes. Returns how many were written."""
    names = {field: f"insert_{field}" for field in columns}
    selected = (
        rows.order_by()
        .annotate(**{names[field]: expression for field, expression in columns.items()})
        .values_list(*names.values())
    )
    if selected.query.is_empty():
        return 0
    try:
        select_sql, params = selected.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:
        return 0
    connection = connections[rows.db]
    fields = list(columns)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        return max(cursor.rowcount, 0)


def _due(now: datetime.datetime) -> Q:
    lease = datetime.timedelta(seconds=int(conf.get("DELIVERY_LEASE_SECONDS")))
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - lease
    )


def claim(
    filters: Q,
    limit: int,
    now: datetime.datetime | None = None,
    model: type[Any] = Delivery,
    related: tuple[str, ...] = ("notice", "notice__change"),
) -> list[Any]:
    """Claim up to ``limit`` due rows of ``model`` (Delivery, or any outbox row with the same
    status, attempt and claim fields) matching filters; return them (with ``related``)."""
    now = now or timezone.now()
    due = _due(now)
    token = Delivery.new_token()
    with transaction.atomic():
        candidates = model.objects.filter(due, filters).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        model.objects.filter(due, pk__in=ids).update(
            status=DeliveryStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(
        model.objects.filter(claim_token=token, status=DeliveryStatus.SENDING)
        .select_related(*related)
        .order_by("pk")
    )


def claim_per_recipient(
    model: type[Any], batch_size: int, now: datetime.datetime, related: tuple[str, ...] = ()
) -> Iterator[list[Any]]:
    """Claim every due row of an outbox ``model`` for ``batch_size`` recipients at a time, each
    recipient's due rows in the same claim (for one digest per person and run); yield each
    claim's rows. A recipient comes up once per run, so rows another worker holds are not
    waited for."""
    done: set[int] = set()
    while True:
        recipient_ids = list(
            model.objects.filter(
                Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
                | Q(status=DeliveryStatus.SENDING)
            )
            .exclude(recipient_id__in=done)
            .values_list("recipient_id", flat=True)
            .distinct()
            .order_by("recipient_id")[:batch_size]
        )
        if not recipient_ids:
            return
        done.update(recipient_ids)
        rows = claim(
            Q(recipient_id__in=recipient_ids), 100_000, now=now, model=model, related=related
        )
        if rows:
            yield rows


def _mark_sent(token, unit: Unit, finish, model: type[Any] = Delivery) -> bool:
    """Mark the unit's rows sent and complete the message, in one transaction — unless the rows
    are no longer claimed by this token (see services.mail)."""
    try:
        with transaction.atomic():
            updated = model.objects.filter(
                pk__in=unit.ids, claim_token=token, status=DeliveryStatus.SENDING
            ).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
            if updated != len(unit.ids):
                raise ClaimLost(unit.ids)
            finish()
    except ClaimLost:
        return False
    return True


def _mark_failed(token, unit: Unit, error: str, model: type[Any] = Delivery) -> None:
    model.objects.filter(pk__in=unit.ids, claim_token=token).update(
        status=DeliveryStatus.FAILED, error=error[:2000]
    )
    logger.warning("%s %s failed: %s", model.__name__, unit.ids, error)


def backoff(attempts: int) -> datetime.timedelta:
    base = int(conf.get("DELIVERY_RETRY_SECONDS"))
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _defer(token, unit: Unit, error: str, model: type[Any] = Delivery) -> None:
    now = timezone.now()
    limit = int(conf.get("DELIVERY_MAX_ATTEMPTS"))
    for delivery in model.objects.filter(pk__in=unit.ids, claim_token=token):
        if delivery.attempts >= limit:
            status, next_attempt = DeliveryStatus.FAILED, delivery.next_attempt_at
        else:
            status, next_attempt = DeliveryStatus.PENDING, now + backoff(delivery.attempts)
        model.objects.filter(pk=delivery.pk, claim_token=token).update(
            status=status, next_attempt_at=next_attempt, claim_token=None, error=error[:2000]
        )


def transmit_claimed(units: list[Unit], token, model: type[Any] = Delivery) -> Transmission:
    """Send units of claimed rows of ``model``: each unit's rows are marked sent as its message
    is completed, failed on a permanent refusal, and put back for a later attempt otherwise."""
    return transmit(
        units,
        mark_sent=lambda unit, finish: _mark_sent(token, unit, finish, model),
        mark_failed=lambda unit, error: _mark_failed(token, unit, error, model),
        defer=lambda unit, error: _defer(token, unit, error, model),
    )


def send_outbox(
    model: type[Any],
    build: Callable[[Any], EmailMessage],
    related: tuple[str, ...] = (),
    batch_size: int | None = None,
) -> SendReport:
    """Send every due row of an outbox ``model`` (an OutboxDelivery), one message per row as
    ``build(row)`` makes it, batch after batch: for outboxes other features keep (the
    accessibility feedback of the site, say) with the same claiming, retries and marking."""
    batch_size = batch_size or int(conf.get("NOTICE_BATCH_SIZE"))
    report = SendReport()
    while True:
        rows = claim(Q(), batch_size, model=model, related=related)
        if not rows:
            break
        units = [Unit([row.pk], build(row)) for row in rows]
        transmission = transmit_claimed(units, rows[0].claim_token, model=model)
        report.add(transmission)
        if transmission.sent == 0 and transmission.deferred:
            break  # the server cannot be reached now: the deferred rows wait for their retry
    return report


# --- immediate notices ----------------------------------------------------------------------


def send_notice_deliveries(
    notice_id: int | None = None,
    batch_size: int | None = None,
    max_batches: int | None = None,
) -> SendReport:
    """Send the due immediate deliveries (of one notice, or all), batch after batch, until none
    are left; one SMTP connection per batch."""
    batch_size = batch_size or int(conf.get("NOTICE_BATCH_SIZE"))
    filters = Q(mode=DeliveryMode.IMMEDIATE)
    if notice_id is not None:
        filters &= Q(notice_id=notice_id)
    report = SendReport()
    rendered: dict[int, RenderedNotice] = {}
    while max_batches is None or report.batches < max_batches:
        deliveries = claim(filters, batch_size)
        if not deliveries:
            break
        token = deliveries[0].claim_token
        units = []
        for delivery in deliveries:
            if delivery.notice_id not in rendered:
                rendered[delivery.notice_id] = RenderedNotice(delivery.notice)
            units.append(Unit([delivery.pk], rendered[delivery.notice_id].message(delivery)))
        transmission = transmit_claimed(units, token)
        report.add(transmission)
        if transmission.sent == 0 and transmission.deferred:
            break  # the server cannot be reached now: the deferred rows wait for their retry
    return report


def notices_with_due_deliveries(now: datetime.datetime | None = None) -> list[int]:
    """Notices that still have immediate deliveries to send now (for the re-dispatch)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(_due(now), mode=DeliveryMode.IMMEDIATE)
        .values_list("notice_id", flat=True)
        .distinct()
        .order_by("notice_id")
    )


# --- daily digests --------------------------------------------------------------------------


def send_digests(batch_size: int | None = None, now: datetime.datetime | None = None) -> SendReport:
    """One e-mail per recipient with every digest delivery due for them."""
    now = now or timezone.now()
    batch_size = batch_size or int(conf.get("NOTICE_BATCH_SIZE"))
    report = SendReport()
    rendered: dict[int, RenderedNotice] = {}
    while True:
        recipient_ids = list(
            Delivery.objects.filter(_due(now), mode=DeliveryMode.DIGEST)
            .values_list("recipient_id", flat=True)
            .distinct()
            .order_by("recipient_id")[:batch_size]
        )
        if not recipient_ids:
            break
        deliveries = claim(
            Q(mode=DeliveryMode.DIGEST, recipient_id__in=recipient_ids), 100_000, now=now
        )
        if not deliveries:
            break
        token = deliveries[0].claim_token
        by_recipient: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in deliveries:
            by_recipient[delivery.recipient_id].append(delivery)
        units = []
        for items in by_recipient.values():
            notices = []
            for delivery in items:
                if delivery.notice_id not in rendered:
                    rendered[delivery.notice_id] = RenderedNotice(delivery.notice)
                notices.append(rendered[delivery.notice_id])
            units.append(Unit([delivery.pk for delivery in items], digest_message(items, notices)))
        transmission = transmit_claimed(units, token)
        report.add(transmission)
        if transmission.sent == 0 and transmission.deferred:
            break
    return report
