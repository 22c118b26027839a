"""Läskvittens' background work (beat schedule in tasks/celery.py, by name): the daily reminders
and escalations, and the outbox's safety net that sends whatever is still due. The tasks take
nothing and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import send_read_reminder_digests
from .services import send_read_reminders as send

PREFIX = "intranet.ledning.readconfirm"


@shared_task(name=f"{PREFIX}.send_read_reminders", acks_late=True)
def send_read_reminders() -> dict:
    return send(timezone.localdate()).__dict__


@shared_task(name=f"{PREFIX}.send_due_read_reminders", acks_late=True)
def send_due_read_reminders() -> dict:
    """The safety net, run often and when a worker starts (as the revision notices'
    re-dispatch): the digests a dead worker had claimed (once their lease has run out), and
    those put back for a later attempt, go out now rather than with tomorrow's run."""
    return send_read_reminder_digests().__dict__
