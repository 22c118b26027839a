"""Sending accessibility feedback in the background, queued on commit by the form's view."""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError as KombuOperationalError

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="intranet.portal.accessibility.send_feedback", acks_late=True)
def send_feedback() -> dict:
    return services.send_feedback().__dict__


def queue_feedback() -> None:
    """Queue the sending. A broker that cannot be reached is logged: the deliveries wait in the
    outbox and go with the next feedback's sending."""
    try:
        send_feedback.delay()
    except (KombuOperationalError, OSError):
        logger.warning("Could not queue the sending of accessibility feedback", exc_info=True)
