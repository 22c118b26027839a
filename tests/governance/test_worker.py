"""The notice flow with real parts: a Celery worker process, Redis and an SMTP server.

These need PostgreSQL (the worker shares the test's database) and Redis on 127.0.0.1:6379;
they are skipped without them, except under CI (CI=true), where they must run."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from intranet.ledning.models import Delivery, DeliveryStatus, Notice

from .conftest import (
    approve_all,
    celery_broker,
    make_user,
    staff_hooks,
    submit_change,
)
from .realparts import Broker, SMTPSink, wait_for

NOTE = "Ny rutin för nyckelkvittens vid första besöket."


def approve_substance_change(governance, page, recipients):
    with staff_hooks(recipients=lambda obj: recipients), transaction.atomic():
        submit_change(page, governance.editor, note=NOTE)
        approve_all(page, governance)


def test_the_worker_delivers_exactly_one_message_to_each_intended_recipient(
    governance, governed_page, main_redis, start_worker, django_user_model
):
    staff = [make_user(django_user_model, f"personal{number}") for number in range(4)]
    outsider = make_user(django_user_model, "utomstaende")
    restriction = PageViewRestriction.objects.create(
        page=governed_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([governance.editors])
    for user in staff:
        user.groups.add(governance.editors)
    bystander = make_user(django_user_model, "obehorig-inte-berord", governance.editors)

    with SMTPSink() as sink, celery_broker(main_redis):
        start_worker(main_redis, sink.url)
        approve_substance_change(governance, governed_page, [*staff, outsider])
        wait_for(lambda: len(sink.messages) >= len(staff), 30, what="the notices")
        time.sleep(1.5)  # anything extra would arrive now

    received = sink.by_recipient()
    assert sorted(received) == sorted(user.email for user in staff)
    assert all(len(messages) == 1 for messages in received.values())
    assert outsider.email not in received and bystander.email not in received
    message = received[staff[0].email][0]
    assert message.message["Subject"].strip() == (
        "Ändring av vikt: processsida Verkställa beslut om hemtjänst"
    )
    text = message.part("text/plain")
    assert NOTE in text and "Fastställd av: Maria Andersson" in text
    assert "http://testserver/" in text
    assert '<a href="http://testserver/' in message.part("text/html")
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_worker_killed_mid_batch_leaves_every_recipient_with_exactly_one_message(
    governance, governed_page, main_redis, start_worker, staff_members
):
    """The worker is killed at the dangerous point: the SMTP server has taken a message (and
    the worker has recorded it as sent) but the worker has not yet heard the server's answer.
    The server holds its answer to the 80th message so that the kill lands there every time,
    not by chance. The rows claimed by the dead worker go out again after their lease, once."""
    staff = staff_members(400)
    with SMTPSink(hold_after=80) as sink, celery_broker(main_redis):
        worker = start_worker(main_redis, sink.url, LEDNING_DELIVERY_LEASE_SECONDS=3)
        approve_substance_change(governance, governed_page, staff)
        wait_for(lambda: len(sink.messages) >= 80, 60, what="the first part of the batch")

        def settled() -> bool:
            # Every message the server has taken is recorded as sent, and the sending has
            # stopped at the held answers (one per parallel task).
            before = len(sink.messages)
            time.sleep(0.3)
            sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
            return len(sink.messages) == before == sent

        wait_for(settled, 30, what="the worker to wait for the held answers")
        worker.kill()
        delivered_before_kill = len(sink.messages)
        assert delivered_before_kill < len(staff), "the worker finished before it was killed"
        assert Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
        sink.release()

        start_worker(main_redis, sink.url, LEDNING_DELIVERY_LEASE_SECONDS=3)
        try:
            wait_for(lambda: len(sink.messages) >= len(staff), 90, what="the rest of the notices")
        except TimeoutError:
            received = sink.by_recipient()
            missing = Delivery.objects.exclude(email__in=list(received))
            print("before kill:", delivered_before_kill, "received:", len(sink.messages))
            print("statuses:", sorted(Delivery.objects.values_list("status", flat=True).distinct()))
            print("missing:", [(d.pk, d.status, d.attempts, d.error) for d in missing[:20]])
            raise
        time.sleep(2)

    received = sink.by_recipient()
    assert len(received) == len(staff)
    duplicates = {address: len(m) for address, m in received.items() if len(m) != 1}
    assert duplicates == {}
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(staff)


def test_approval_while_redis_is_down_is_delivered_once_redis_is_back(
    governance, governed_page, own_redis, start_worker, django_user_model
):
    staff = [make_user(django_user_model, f"kollega{number}") for number in range(3)]
    broker = Broker(f"redis://127.0.0.1:{own_redis.port}/0")
    with SMTPSink() as sink, celery_broker(broker):
        start_worker(broker, sink.url)
        own_redis.stop()
        approve_substance_change(governance, governed_page, staff)  # must not fail
        notice = Notice.objects.get()
        assert notice.deliveries.filter(status=DeliveryStatus.PENDING).count() == len(staff)
        time.sleep(1)
        assert sink.messages == []
        own_redis.start()
        wait_for(lambda: len(sink.messages) >= len(staff), 60, what="delivery after Redis is back")
        time.sleep(1.5)

    received = sink.by_recipient()
    assert sorted(received) == sorted(user.email for user in staff)
    assert all(len(messages) == 1 for messages in received.values())


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.LEDNING_NOTICE_PARALLEL_TASKS = 2
