"""Sending notices over SMTP: batches over one connection, refused addresses, retries, claims
and daily digests. A real SMTP server (aiosmtpd) on loopback; no worker needed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from intranet.ledning.governance.services import delivery as delivery_service
from intranet.ledning.governance.services.mail import Unit, transmit
from intranet.ledning.models import Delivery, DeliveryMode, DeliveryStatus, Notice

from .conftest import approve_all, free_port_url, smtp_settings, staff_hooks, submit_change

pytestmark = pytest.mark.django_db

NOTE = "Nya tider för nyckelkvittens."


@pytest.fixture
def notice_for(governance, governed_page, django_capture_on_commit_callbacks):
    """notice_for(users, preference=…) → the Notice of an approved change to the page, with its
    deliveries written but not sent."""

    def make(users, preference=None):
        with (
            staff_hooks(recipients=lambda obj: users, preference=preference),
            django_capture_on_commit_callbacks(execute=False),
        ):
            submit_change(governed_page, governance.editor, note=NOTE)
            page = approve_all(governed_page, governance)
        return Notice.objects.get(change__revision=page.live_revision)

    return make


def test_a_refused_address_fails_alone_and_the_batch_goes_on(
    settings, smtp_sink, notice_for, staff_members
):
    staff = staff_members(6)
    smtp_sink.handler.reject = {staff[2].email}
    notice = notice_for(staff)
    smtp_settings(settings, smtp_sink)

    report = delivery_service.send_notice_deliveries(notice.pk, batch_size=100)

    assert (report.sent, report.failed, report.connections) == (5, 1, 1)
    assert smtp_sink.sessions == 1
    assert sorted(smtp_sink.by_recipient()) == sorted(u.email for u in staff if u != staff[2])
    refused = Delivery.objects.get(recipient=staff[2])
    assert refused.status == DeliveryStatus.FAILED
    assert "550" in refused.error
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


def test_one_smtp_connection_per_batch(settings, smtp_sink, notice_for, staff_members):
    staff = staff_members(25)
    notice = notice_for(staff)
    smtp_settings(settings, smtp_sink)
    report = delivery_service.send_notice_deliveries(notice.pk, batch_size=10)
    assert (report.sent, report.batches, report.connections) == (25, 3, 3)
    assert smtp_sink.sessions == 3
    # Nothing is left to send, so a second run sends nothing.
    assert delivery_service.send_notice_deliveries(notice.pk).sent == 0
    assert len(smtp_sink.messages) == 25


def test_an_unreachable_server_defers_with_backoff_then_delivers(
    settings, smtp_sink, notice_for, staff_members
):
    staff = staff_members(3)
    notice = notice_for(staff)
    closed = type("ClosedServer", (), {"port": int(free_port_url().rsplit(":", 1)[1])})()
    smtp_settings(settings, closed)  # nothing listens there
    before = timezone.now()
    report = delivery_service.send_notice_deliveries(notice.pk)
    assert (report.sent, report.deferred) == (0, 3)
    rows = list(Delivery.objects.all())
    assert {row.status for row in rows} == {DeliveryStatus.PENDING}
    assert {row.attempts for row in rows} == {1}
    assert all(row.next_attempt_at >= before + datetime.timedelta(seconds=59) for row in rows)
    assert delivery_service.notices_with_due_deliveries() == []
    assert delivery_service.notices_with_due_deliveries(
        timezone.now() + datetime.timedelta(minutes=2)
    ) == [notice.pk]

    # The retry is due and the server is up: each recipient gets the notice once.
    Delivery.objects.update(next_attempt_at=timezone.now())
    smtp_settings(settings, smtp_sink)
    assert delivery_service.send_notice_deliveries(notice.pk).sent == 3
    assert sorted(smtp_sink.by_recipient()) == sorted(u.email for u in staff)
    assert {row.attempts for row in Delivery.objects.all()} == {2}


def test_backoff_grows_and_gives_up(settings):
    settings.LEDNING_DELIVERY_RETRY_SECONDS = 60
    assert [delivery_service.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [
        60,
        120,
        240,
        480,
    ]
    assert delivery_service.backoff(30).total_seconds() == 6 * 3600


def test_claims_are_exclusive_and_an_expired_lease_is_taken_over(
    settings, notice_for, staff_members
):
    settings.LEDNING_DELIVERY_LEASE_SECONDS = 300
    notice = notice_for(staff_members(10))
    first = delivery_service.claim(delivery_service.Q(notice=notice), 6)
    second = delivery_service.claim(delivery_service.Q(notice=notice), 6)
    assert len(first) == 6 and len(second) == 4
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert delivery_service.claim(delivery_service.Q(notice=notice), 6) == []

    # The first claimer died: after its lease, its rows are claimed again.
    later = timezone.now() + datetime.timedelta(seconds=301)
    taken = delivery_service.claim(delivery_service.Q(notice=notice), 100, now=later)
    assert sorted(d.pk for d in taken) == sorted(d.pk for d in first + second)
    assert all(d.attempts == 2 for d in taken)


def test_a_worker_that_lost_its_claim_does_not_complete_the_message(
    settings, smtp_sink, notice_for, staff_members
):
    notice = notice_for(staff_members(2))
    smtp_settings(settings, smtp_sink)
    deliveries = delivery_service.claim(delivery_service.Q(notice=notice), 10)
    token = deliveries[0].claim_token
    # Another worker took the rows over (the lease expired).
    Delivery.objects.update(claim_token=Delivery.new_token())
    rendered = delivery_service.RenderedNotice(notice)
    units = [Unit([d.pk], rendered.message(d)) for d in deliveries]
    result = transmit(
        units,
        mark_sent=lambda unit, finish: delivery_service._mark_sent(token, unit, finish),
        mark_failed=lambda unit, error: None,
        defer=lambda unit, error: None,
    )
    assert result.sent == 0
    assert smtp_sink.messages == []  # the server discarded the unfinished message
    assert not Delivery.objects.filter(status=DeliveryStatus.SENT).exists()


def test_digest_recipients_get_one_daily_message_and_off_none(
    settings,
    smtp_sink,
    governance,
    governed_document,
    notice_for,
    staff_members,
    django_capture_on_commit_callbacks,
):
    daily, immediate, silent = staff_members(3)
    preference = {daily.pk: "digest", silent.pk: "off"}
    first = notice_for([daily, immediate, silent], preference=lambda u: preference.get(u.pk))
    with (
        staff_hooks(recipients=lambda obj: [daily], preference=lambda u: "digest"),
        django_capture_on_commit_callbacks(execute=False),
    ):
        submit_change(governed_document, governance.editor, note="Ny bilaga")
        approve_all(governed_document, governance)

    assert not Delivery.objects.filter(recipient=silent).exists()
    smtp_settings(settings, smtp_sink)
    delivery_service.send_notice_deliveries()
    assert sorted(smtp_sink.by_recipient()) == [immediate.email]

    report = delivery_service.send_digests()
    assert report.sent == 1
    digest = smtp_sink.by_recipient()[daily.email]
    assert len(digest) == 1
    text = digest[0].part("text/plain")
    assert first.change.title in text and governed_document.title in text
    assert NOTE in text and "Ny bilaga" in text
    assert set(
        Delivery.objects.filter(mode=DeliveryMode.DIGEST).values_list("status", flat=True)
    ) == {DeliveryStatus.SENT}
    assert delivery_service.send_digests().sent == 0
