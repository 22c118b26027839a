"""The Celery application: configuration from Django's CELERY_* settings, queues, routing and
the beat schedule.

The task functions themselves live in the apps that own the work (``@shared_task``); this module
only names them. Run a worker and the scheduler from the repository root::

    celery -A tasks worker -l info          # consumes the "celery" and "mail" queues
    celery -A tasks beat -l info            # the schedule below
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, celeryd_init, worker_ready
from django.conf import settings
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.dev")

app = Celery("intranet")
app.config_from_object("django.conf:settings", namespace="CELERY")


def _setting(name: str, default):
    return getattr(settings, name, default)


# The web processes queue tasks with short broker timeouts and no retry (settings/base.py): a
# request must not wait for a Redis that hangs, and the outbox is re-dispatched anyway. Workers
# and beat serve nobody who waits, so they give Redis more time; their consumer connections
# also block in BRPOP for a second at a time, longer than the web processes' socket timeout.
BACKGROUND_BROKER_SETTINGS = {
    "broker_connection_timeout": 3,
    "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
}
BACKGROUND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}


def use_background_timeouts(conf) -> None:
    conf.update(BACKGROUND_BROKER_SETTINGS)
    conf.broker_transport_options = {
        **(conf.broker_transport_options or {}),
        **BACKGROUND_TRANSPORT_OPTIONS,
    }


@celeryd_init.connect
def worker_timeouts(sender=None, conf=None, **kwargs) -> None:
    use_background_timeouts(conf)


@beat_init.connect
def beat_timeouts(sender=None, **kwargs) -> None:
    use_background_timeouts(sender.app.conf)


# Mail goes through its own queue so that a production deployment can give it dedicated workers
# (``-Q mail``); a worker started without -Q consumes both.
app.conf.task_queues = (Queue("celery"), Queue("mail"))
app.conf.task_default_queue = "celery"
app.conf.task_routes = {
    "intranet.ledning.tasks.send_notice": {"queue": "mail"},
    "intranet.ledning.tasks.send_digests": {"queue": "mail"},
    "intranet.ledning.tasks.send_proposal_emails": {"queue": "mail"},
    "intranet.ledning.tasks.send_review_reminders": {"queue": "mail"},
    "intranet.ledning.readconfirm.send_read_reminders": {"queue": "mail"},
    "intranet.ledning.readconfirm.send_due_read_reminders": {"queue": "mail"},
    "intranet.portal.accessibility.send_feedback": {"queue": "mail"},
}


@app.on_after_configure.connect
def setup_beat_schedule(sender: Celery, **kwargs) -> None:
    """The periodic work. Times are local (CELERY_TIMEZONE, Europe/Stockholm)."""
    sender.conf.beat_schedule = {
        # Owners are reminded before a page or document falls due for its yearly review, and
        # owners and LS-administrators again once it is overdue.
        "ledning-review-reminders": {
            "task": "intranet.ledning.tasks.send_review_reminders",
            "schedule": crontab(hour=_setting("CELERY_REVIEW_REMINDER_HOUR", 6), minute=0),
        },
        # Safety net of the outbox: any notice with deliveries still pending (the broker was down
        # at approval time, a worker died, a retry is due) is queued again.
        "ledning-redispatch-notices": {
            "task": "intranet.ledning.tasks.dispatch_pending_notices",
            "schedule": float(_setting("CELERY_NOTICE_REDISPATCH_SECONDS", 60)),
        },
        # Läskvittens: reminders to those who have not confirmed before the due date, and the
        # escalation to the requester and the LS-administrators after it.
        "ledning-read-reminders": {
            "task": "intranet.ledning.readconfirm.send_read_reminders",
            "schedule": crontab(hour=_setting("CELERY_REVIEW_REMINDER_HOUR", 6), minute=15),
        },
        # Their safety net: digests a dead worker had claimed, or put back for a retry.
        "ledning-redispatch-read-reminders": {
            "task": "intranet.ledning.readconfirm.send_due_read_reminders",
            "schedule": float(_setting("CELERY_NOTICE_REDISPATCH_SECONDS", 60)),
        },
        # Safety net of the accessibility feedback's outbox (deferred or never queued copies).
        "portal-accessibility-feedback": {
            "task": "intranet.portal.accessibility.send_feedback",
            "schedule": float(_setting("CELERY_NOTICE_REDISPATCH_SECONDS", 60)) * 15,
        },
        # Staff who chose a daily digest get one e-mail with the day's notices.
        "ledning-daily-digest": {
            "task": "intranet.ledning.tasks.send_digests",
            "schedule": crontab(hour=_setting("CELERY_DIGEST_HOUR", 7), minute=0),
        },
        # A full link check, then the broken-link report to the LS-administrators and owners:
        # weekly by default (Monday 05:00); CELERY_LINKCHECK_SCHEDULE takes a crontab's keyword
        # arguments, e.g. {"day_of_week": "*", "hour": 4, "minute": 30} for daily.
        "ledning-link-check": {
            "task": "intranet.ledning.tasks.check_links_and_report",
            "schedule": crontab(
                **{"day_of_week": "mon", "hour": 5, "minute": 0}
                | _setting("CELERY_LINKCHECK_SCHEDULE", {})
            ),
        },
    }


app.autodiscover_tasks()


@worker_ready.connect
def redispatch_on_start(sender=None, **kwargs) -> None:
    """A worker that starts (or restarts after a crash) first picks up whatever the outboxes
    still hold, rather than waiting for the next beat tick."""
    app.send_task("intranet.ledning.tasks.dispatch_pending_notices")
    app.send_task("intranet.ledning.readconfirm.send_due_read_reminders")
