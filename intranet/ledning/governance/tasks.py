"""Governance's background work (Celery shared tasks), and queueing it.

Each task takes ids, loads and calls a service. The callers at the top (the ``published``
receiver, the proposal view) queue them with transaction.on_commit through the ``queue_*``
functions here; services never queue. Task names are the ones queued messages and the beat
schedule know (tasks/celery.py routes and schedules them by name): they keep the
``intranet.ledning.tasks`` prefix of the module they were first written in."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .. import conf
from .services import approval, delivery, proposals, reviews

logger = logging.getLogger(__name__)

PREFIX = "intranet.ledning.tasks"


@shared_task(name=f"{PREFIX}.send_notice", bind=True, max_retries=6, acks_late=True)
def send_notice(self, notice_id: int) -> dict:
    """Send a notice's due immediate deliveries, batch after batch."""
    report = delivery.send_notice_deliveries(notice_id)
    if report.deferred and not report.sent:
        # The mail server could not be reached at all: try again with backoff. (Deferred rows
        # carry their own next attempt; the periodic re-dispatch also picks them up.)
        countdown = int(conf.get("DELIVERY_RETRY_SECONDS")) * 2**self.request.retries
        raise self.retry(countdown=countdown)
    return report.__dict__


@shared_task(name=f"{PREFIX}.dispatch_pending_notices", acks_late=True)
def dispatch_pending_notices() -> int:
    """Queue every notice that still has deliveries due (the outbox's safety net)."""
    notice_ids = delivery.notices_with_due_deliveries()
    for notice_id in notice_ids:
        send_notice.delay(notice_id)
    return len(notice_ids)


@shared_task(name=f"{PREFIX}.send_digests", acks_late=True)
def send_digests() -> dict:
    return delivery.send_digests().__dict__


@shared_task(name=f"{PREFIX}.send_review_reminders", acks_late=True)
def send_review_reminders() -> dict:
    return reviews.send_review_reminders(timezone.localdate()).__dict__


@shared_task(name=f"{PREFIX}.send_proposal_emails", bind=True, max_retries=6, acks_late=True)
def send_proposal_emails(self, proposal_id: int) -> int:
    try:
        return proposals.send_proposal_emails(proposal_id)
    except ConnectionError as error:
        countdown = int(conf.get("DELIVERY_RETRY_SECONDS")) * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error


# --- queueing (called on commit by the receivers and views) ----------------------------------


def notice_approved(notice_id: int) -> None:
    """After an approval with a notice has committed: publish the news item (once), then queue
    the sending. A failing news hook is logged; the notice is sent all the same."""
    try:
        approval.publish_news(notice_id)
    except Exception:
        logger.exception("Publishing the news of notice %s failed", notice_id)
    queue_notice(notice_id)


def queue_notice(notice_id: int) -> None:
    """Queue the sending of a notice. A broker that cannot be reached is logged, not raised:
    the deliveries wait in the database and the periodic re-dispatch sends them."""
    try:
        for _number in range(max(1, int(conf.get("NOTICE_PARALLEL_TASKS")))):
            send_notice.delay(notice_id)
    except (KombuOperationalError, OSError):
        logger.warning(
            "Could not queue notice %s; it will be re-dispatched", notice_id, exc_info=True
        )


def queue_proposal(proposal_id: int) -> None:
    try:
        send_proposal_emails.delay(proposal_id)
    except (KombuOperationalError, OSError):
        logger.warning("Could not queue proposal %s", proposal_id, exc_info=True)
