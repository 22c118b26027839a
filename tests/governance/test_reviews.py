"""Review reminders (seed 004: yearly revision). Dates are passed in, not patched."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db.models.signals import post_init
from django.utils import timezone
from wagtail.models import Page

from intranet.ledning.governance.selectors import add_months, review_interval, review_items
from intranet.ledning.governance.services.reviews import send_review_reminders
from intranet.ledning.models import GovernedDocument, ProcessPage, ReviewReminder
from intranet.settings.base import mail_settings
from tests.factories import GovernedDocumentFactory, ProcessPageFactory, StartPageFactory

from .conftest import approve_all, make_user, publish_initial, staff_hooks, submit_change

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def reviewed(home_page, governance, django_user_model, settings):
    settings.LEDNING_REVIEW_INTERVAL_MONTHS = 12
    settings.LEDNING_REVIEW_INTERVALS = {"blankett": 24}
    settings.LEDNING_REVIEW_REMINDER_DAYS = 30
    owner = make_user(django_user_model, "sidansvarig", first_name="Sigrid", last_name="Ägare")
    start = StartPageFactory(parent=home_page, slug="ls")
    page = ProcessPageFactory(
        parent=start, title="Hantera nycklar", revised_on=D(2025, 1, 10), approved_on=D(2019, 1, 1)
    )
    page.page_owner_users.add(owner)
    page.save()  # a parental many-to-many is written on save
    form = GovernedDocumentFactory(
        title="Blankett nyckelkvittens", document_type="blankett", approved_on=D(2024, 6, 1)
    )
    short = GovernedDocumentFactory(
        title="Rutin med kort intervall", approved_on=D(2025, 9, 1), review_interval_months=6
    )
    for document in (form, short):
        document.owner_users.add(owner)
        document.save()
    return {"page": page, "form": form, "short": short, "owner": owner, "start": start}


def reminders_sent() -> list[tuple[str, list[str]]]:
    return sorted((message.subject, sorted(message.to)) for message in mail.outbox)


def test_due_dates_follow_the_interval_of_the_type_or_the_object(reviewed):
    items = {item.title: item for item in review_items(D(2025, 12, 1))}
    assert review_interval(reviewed["page"]) == 12
    assert items["Hantera nycklar"].due_on == D(2026, 1, 10)
    assert review_interval(reviewed["form"]) == 24
    assert items["Blankett nyckelkvittens"].due_on == D(2026, 6, 1)
    assert items["Rutin med kort intervall"].due_on == D(2026, 3, 1)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_owner_is_reminded_before_and_escalated_with_ls_admins_after(reviewed, governance):
    owner, admin = reviewed["owner"], governance.admin

    assert send_review_reminders(D(2025, 12, 1)).reminders == 0  # 40 days left: nothing yet
    assert mail.outbox == []

    report = send_review_reminders(D(2025, 12, 20))  # 21 days left
    assert (report.reminders, report.escalations) == (1, 0)
    assert reminders_sent() == [("Dags att granska: Hantera nycklar", [owner.email])]
    text = mail.outbox[0].body
    assert "ska granskas senast 2026-01-10" in text
    assert "http://testserver/" in text

    mail.outbox.clear()
    assert send_review_reminders(D(2025, 12, 21)).reminders == 0  # once per due date
    assert mail.outbox == []

    report = send_review_reminders(D(2026, 1, 11))  # one day overdue
    assert report.escalations == 1
    assert reminders_sent() == [  # each person gets a digest of their own
        ("Försenad granskning: Hantera nycklar", [admin.email]),
        ("Försenad granskning: Hantera nycklar", [owner.email]),
    ]
    assert "är nu försenad" in mail.outbox[0].body
    mail.outbox.clear()
    assert send_review_reminders(D(2026, 1, 20)).escalations == 0
    assert ReviewReminder.objects.filter(page=reviewed["page"]).count() == 2


def test_a_document_without_owner_is_escalated_to_the_ls_admins(reviewed, governance):
    orphan = GovernedDocumentFactory(title="Rutin utan ansvarig", approved_on=D(2020, 1, 1))
    send_review_reminders(D(2025, 6, 1))
    sent = dict(reminders_sent())
    assert sent["Försenad granskning: Rutin utan ansvarig"] == [governance.admin.email]
    assert orphan.owner_users.count() == 0


def test_approving_a_change_of_substance_restarts_the_clock(
    reviewed, governance, django_capture_on_commit_callbacks
):
    page = publish_initial(reviewed["page"])
    today = timezone.localdate()
    assert {i.title: i.state for i in review_items(today)}["Hantera nycklar"] == "overdue"
    with staff_hooks(recipients=lambda obj: []), django_capture_on_commit_callbacks(execute=True):
        submit_change(page, governance.editor, note="Ny nyckelrutin")
        approve_all(page, governance)
    item = {i.title: i for i in review_items(today)}["Hantera nycklar"]
    assert item.state == "ok"
    assert item.base == today
    assert item.due_on == add_months(today, 12)


def test_the_nightly_run_loads_only_what_is_due(reviewed, governance):
    """300 documents revised recently are not due: the run finds the one page due soon by its
    stored due date and loads that, not every live page and document (the e-mail is the
    same)."""
    GovernedDocumentFactory.create_bulk(300, title="Färsk rutin", revised_on=D(2025, 11, 1))
    loaded: list[type] = []

    def count(sender, **kwargs):
        loaded.append(sender)

    models = (ProcessPage, GovernedDocument, Page)
    for model in models:
        post_init.connect(count, sender=model)
    try:
        report = send_review_reminders(D(2025, 12, 20))  # the page: 21 days left
    finally:
        for model in models:
            post_init.disconnect(count, sender=model)

    assert (report.reminders, report.escalations) == (1, 0)
    assert reminders_sent() == [("Dags att granska: Hantera nycklar", [reviewed["owner"].email])]
    assert len(loaded) <= 5, f"{len(loaded)} pages and documents loaded"


# --- one digest per person and run -----------------------------------------------------------


def test_one_run_sends_each_person_one_digest(reviewed, governance, django_user_model):
    """31 overdue documents without owner: the LS-administrator gets ONE e-mail naming all of
    them; the owner with one overdue and one soon-due item gets one e-mail with both."""
    owner, admin = reviewed["owner"], governance.admin
    orphans = [
        GovernedDocumentFactory(
            title=f"Rutin utan ansvarig {number:02d}", approved_on=D(2020, 1, 1)
        )
        for number in range(31)
    ]
    # 2026-02-10: "Hantera nycklar" is overdue (2026-01-10), "Rutin med kort intervall"
    # falls due on 2026-03-01 (19 days left).
    report = send_review_reminders(D(2026, 2, 10))

    by_person = {}
    for message in mail.outbox:
        [address] = message.to
        by_person.setdefault(address, []).append(message)
    assert sorted(by_person) == sorted([owner.email, admin.email])
    assert all(len(messages) == 1 for messages in by_person.values())

    [to_admin] = by_person[admin.email]
    assert to_admin.subject == (
        "Granskning i ledningssystemet: 32 sidor och dokument (32 försenade)"
    )
    for document in orphans:
        assert f'"{document.title}"' in to_admin.body
    assert '"Hantera nycklar"' in to_admin.body
    assert "Rutin med kort intervall" not in to_admin.body  # not overdue: the owner's alone

    [to_owner] = by_person[owner.email]
    assert to_owner.subject == "Granskning i ledningssystemet: 2 sidor och dokument (1 försenad)"
    body = to_owner.body
    assert body.index('"Hantera nycklar"') < body.index('"Rutin med kort intervall"')
    assert "ska granskas senast 2026-03-01" in body
    page = reviewed["page"]
    assert (
        f"Granskad utan ändring: http://testserver/admin/ledningssystem/granskad/sida/{page.pk}/"
        in body
    )
    assert (report.escalations, report.reminders, report.messages) == (32, 1, 2)

    # Exactly once: the next run (and the one after) sends nothing.
    mail.outbox.clear()
    assert send_review_reminders(D(2026, 2, 11)).messages == 0
    assert send_review_reminders(D(2026, 2, 11)).messages == 0
    assert mail.outbox == []


def test_a_digest_that_could_not_be_sent_goes_out_once_in_a_later_run(
    reviewed, governance, settings
):
    use_mail_backend(settings, "tests.governance.test_reviews.RefusingBackend")
    settings.LEDNING_DELIVERY_RETRY_SECONDS = 0
    report = send_review_reminders(D(2026, 2, 10))
    assert report.messages == 0 and report.failed == 2
    assert mail.outbox == []

    use_mail_backend(settings, "django.core.mail.backends.locmem.EmailBackend")
    report = send_review_reminders(D(2026, 2, 11))
    assert report.messages == 2
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [reviewed["owner"].email, governance.admin.email]
    )
    mail.outbox.clear()
    assert send_review_reminders(D(2026, 2, 12)).messages == 0


def use_mail_backend(settings, backend: str) -> None:
    """Switch the mail backend the way the settings do (MAILERS on Django 6.1, EMAIL_* before)."""
    for name, value in mail_settings(backend, {}).items():
        setattr(settings, name, value)


class RefusingBackend:
    """A mail backend whose server cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("connection refused")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("connection refused")
