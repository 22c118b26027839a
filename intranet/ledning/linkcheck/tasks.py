"""The scheduled link check (a Celery shared task; tasks/celery.py schedules it by name)."""

from __future__ import annotations

from celery import shared_task

from . import emails, services


# The name is the one queued messages and the beat schedule know (it lived in ledning/tasks.py).
@shared_task(name="intranet.ledning.tasks.check_links_and_report", acks_late=False)
def check_links_and_report() -> dict:
    """The scheduled full link check, then the e-mail to the LS-administrators and owners."""
    summary = services.run_full_check()
    report = emails.send_link_reports()
    return {
        "links": summary.links,
        "checked": summary.checked,
        "problems": summary.problems,
        "administrators": report.administrators,
        "owners": report.owners,
    }
