"""Läskvittens' background work: the daily reminders and escalations (beat schedule in
tasks/celery.py, by name). The task takes nothing, calls the service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import send_read_reminders as send

PREFIX = "intranet.ledning.readconfirm"


@shared_task(name=f"{PREFIX}.send_read_reminders", acks_late=True)
def send_read_reminders() -> dict:
    return send(timezone.localdate()).__dict__
