"""The management system's Celery tasks, gathered here for Celery's autodiscovery (which
imports ``<app>.tasks``): each feature keeps its own in its tasks.py. This module only imports
them; the project's Celery app (tasks/ at the repository root) routes and schedules them by
name, and this app never imports it."""

from .governance.tasks import (
    dispatch_pending_notices,
    send_digests,
    send_notice,
    send_proposal_emails,
    send_review_reminders,
)
from .linkcheck.tasks import check_links_and_report
from .readconfirm.tasks import send_due_read_reminders, send_read_reminders

__all__ = [
    "check_links_and_report",
    "dispatch_pending_notices",
    "send_digests",
    "send_due_read_reminders",
    "send_notice",
    "send_proposal_emails",
    "send_read_reminders",
    "send_review_reminders",
]
