"""Review reminders (seed 004: every process and governing document is revised yearly).

Before a page or document falls due, its owners get a reminder; once it is overdue, the owners
and the LS-administrators get another (the escalation). Each is sent once per due date, so a
change of substance — which moves the due date — starts the cycle again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..governance_selectors import ReviewItem, review_items
from ..models import ReminderKind, ReviewReminder
from .common import administrators, object_url, target_fields, with_email
from .delivery import from_email
from .mail import Unit, mark_after, transmit


@dataclass
class ReminderReport:
    reminders: int = 0
    escalations: int = 0
    failed: int = 0


def reminder_recipients(item: ReviewItem, kind: str) -> list:
    owners = with_email(item.owners)
    if kind == ReminderKind.ESCALATION or not owners:
        users = {user.pk: user for user in owners}
        for user in with_email(administrators()):
            users.setdefault(user.pk, user)
        return list(users.values())
    return owners


def reminder_message(item: ReviewItem, kind: str, recipients: list) -> EmailMultiAlternatives:
    context = {
        "item": item,
        "escalation": kind == ReminderKind.ESCALATION,
        "url": object_url(item.obj),
        "admin_url": object_url_admin(item),
    }
    if kind == ReminderKind.ESCALATION:
        subject = _("Försenad granskning: %(title)s") % {"title": item.title}
    else:
        subject = _("Dags att granska: %(title)s") % {"title": item.title}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("ledning/email/review_reminder.txt", context),
        from_email(),
        [user.email for user in recipients],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("ledning/email/review_reminder.html", context), "text/html"
    )
    return message


def object_url_admin(item: ReviewItem) -> str:
    from .common import absolute_url

    return absolute_url(item.admin_url)


def send_review_reminders(today: datetime.date | None = None) -> ReminderReport:
    """Send the reminders and escalations due on ``today`` (default: the local date)."""
    today = today or timezone.localdate()
    report = ReminderReport()
    units: list[Unit] = []
    for item in review_items(today, states={"due_soon", "overdue"}):
        kind = ReminderKind.ESCALATION if item.state == "overdue" else ReminderKind.REMINDER
        reminder, _created = ReviewReminder.objects.get_or_create(
            **target_fields(item.obj), kind=kind, due_on=item.due_on
        )
        if reminder.sent_at is not None:
            continue
        recipients = reminder_recipients(item, kind)
        if not recipients:
            continue
        reminder.recipients = ", ".join(user.email for user in recipients)
        reminder.save(update_fields=["recipients"])
        units.append(Unit([reminder.pk], reminder_message(item, kind, recipients)))

    def mark_sent(unit: Unit) -> None:
        ReviewReminder.objects.filter(pk__in=unit.ids).update(sent_at=timezone.now())

    def not_sent(unit: Unit, error: str) -> None:
        report.failed += 1  # stays unsent; tomorrow's run tries again

    transmit(units, mark_sent=mark_after(mark_sent), mark_failed=not_sent, defer=not_sent)
    for reminder in ReviewReminder.objects.filter(
        pk__in=[pk for unit in units for pk in unit.ids], sent_at__isnull=False
    ):
        if reminder.kind == ReminderKind.ESCALATION:
            report.escalations += 1
        else:
            report.reminders += 1
    return report
