"""Background work of the management system (Celery shared tasks).

Each task takes ids, loads and calls a service; tasks are queued with transaction.on_commit by
the services. The project's Celery app (tasks/ at the repository root) routes and schedules
them; this app never imports it."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from . import conf
from .linkcheck.tasks import check_links_and_report  # noqa: F401  (registered with Celery here)
from .services import delivery, proposals, reviews

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=6, acks_late=True)
def send_notice(self, notice_id: int) -> dict:
    """Send a notice's due immediate deliveries, batch after batch."""
    report = delivery.send_notice_deliveries(notice_id)
    if report.deferred and not report.sent:
        # The mail server could not be reached at all: try again with backoff. (Deferred rows
        # carry their own next attempt; the periodic re-dispatch also picks them up.)
        countdown = int(conf.get("DELIVERY_RETRY_SECONDS")) * 2**self.request.retries
        raise self.retry(countdown=countdown)
    return report.__dict__


@shared_task(acks_late=True)
def dispatch_pending_notices() -> int:
    """Queue every notice that still has deliveries due (the outbox's safety net)."""
    notice_ids = delivery.notices_with_due_deliveries()
    for notice_id in notice_ids:
        send_notice.delay(notice_id)
    return len(notice_ids)


@shared_task(acks_late=True)
def send_digests() -> dict:
    return delivery.send_digests().__dict__


@shared_task(acks_late=True)
def send_review_reminders() -> dict:
    return reviews.send_review_reminders(timezone.localdate()).__dict__


@shared_task(bind=True, max_retries=6, acks_late=True)
def send_proposal_emails(self, proposal_id: int) -> int:
    try:
        return proposals.send_proposal_emails(proposal_id)
    except ConnectionError as error:
        countdown = int(conf.get("DELIVERY_RETRY_SECONDS")) * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error
