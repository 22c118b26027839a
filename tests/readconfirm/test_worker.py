"""Läskvittens reminders with real parts: a Celery worker process on Redis and an SMTP server on
loopback (tests/governance/realparts.py). The reminders and the escalation digest go out exactly
once to each person across a worker SIGKILL, as the revision notices do
(tests/governance/test_worker.py): the daily job is queued as beat queues it, and after the
kill the outbox's safety net (send_due_read_reminders, on worker start and every
CELERY_NOTICE_REDISPATCH_SECONDS) sends what the dead worker had claimed.

Needs PostgreSQL (the worker shares the test's database) and Redis on 127.0.0.1:6379; skipped
without them, except under CI (CI=true), where it must run."""

from __future__ import annotations

import datetime
import time

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.models import DeliveryStatus, ReadReminderDelivery, ReadRequest
from intranet.ledning.readconfirm import selectors, services
from tests.governance.conftest import (  # noqa: F401  (fixtures)
    celery_broker,
    main_redis,
    start_worker,
)
from tests.governance.demo_site import approve_in_admin, edit_document
from tests.governance.realparts import SMTPSink, wait_for

from .conftest import approve, submit_substance

READ_REMINDERS = "intranet.ledning.readconfirm.send_read_reminders"
STAFF = 400
HOLD_AFTER = 60  # the SMTP server holds its answer from this message on: the kill lands there


def ask_group(group: Group, due_on: datetime.date) -> dict:
    """The approval form's läskvittens fields: confirm by ``due_on``, asked of ``group``."""
    return {"read_groups": [group.pk], "read_due_on": due_on.isoformat()}


def read_messages(sink: SMTPSink) -> dict[str, list]:
    """Läskvittens' digests the SMTP server took, by recipient."""
    found: dict[str, list] = {}
    for received in sink.messages:
        if received.message["Message-ID"].startswith("<ledning-read-"):
            for address in received.recipients:
                found.setdefault(address, []).append(received)
    return found


def test_reminders_and_the_escalation_go_once_across_a_worker_sigkill(
    client,
    site,
    postgres_db,
    main_redis,  # noqa: F811  (the fixtures imported above)
    start_worker,  # noqa: F811
    staff_members,
):
    """Two requests to a group of 400 staff: one due in three days (reminders to all who have
    not confirmed), one whose due date has passed (the escalation digest to the requester and
    the LS-administrators). The daily job runs in a real worker, which is SIGKILLed while
    the SMTP server holds its answer to the 60th digest; a new worker sends the rest. Each
    person gets exactly one digest; those who confirmed get none."""
    today = timezone.localdate()
    people = staff_members(STAFF, prefix="hemtjanst")
    staff_group = Group.objects.create(name="Personal Hemtjänst område 2")
    staff_group.user_set.add(*people)

    # A change of substance to the governed document, with a läskvittens asked of them...
    document = site.document
    client.force_login(site.users["redaktor"])
    response = edit_document(
        client, document, "submit", change_kind="vikt", change_note="Ny genomförandeplan."
    )
    assert response.status_code == 302
    approve_in_admin(
        client,
        site,
        document,
        comment="",
        read_confirmation="on",
        **ask_group(staff_group, today + datetime.timedelta(days=1)),
    )
    overdue = ReadRequest.objects.get(document=document, status="oppen")
    # ...whose due date has passed by the time the job runs (two days later, say).
    ReadRequest.objects.filter(pk=overdue.pk).update(due_on=today - datetime.timedelta(days=1))

    # ...and one to the process page, due in three days: reminders are due today.
    submit_substance(client, site, "Nya nyckelrutiner.")
    page = approve(client, site, **ask_group(staff_group, today + datetime.timedelta(days=3)))
    due_soon = ReadRequest.objects.get(page=page, status="oppen")

    # Five of them have read the page and pressed the button.
    readers = people[:5]
    for reader in readers:
        client.force_login(reader)
        response = client.post(reverse("ledning:read_confirm", args=[due_soon.pk]))
        assert response.status_code == 302
    assert due_soon.confirmations.count() == len(readers)

    reminded = set(selectors.missing(due_soon).values_list("email", flat=True))
    escalated = set(
        services.escalation_recipients(overdue).exclude(email="").values_list("email", flat=True)
    )
    assert len(reminded) == STAFF - len(readers) and escalated
    expected = reminded | escalated
    assert ReadReminderDelivery.objects.count() == 0

    with SMTPSink(hold_after=HOLD_AFTER) as sink, celery_broker(main_redis):
        from tasks import celery_app

        worker = start_worker(main_redis, sink.url, LEDNING_DELIVERY_LEASE_SECONDS=3)
        # The beat schedule's daily entry, sent as beat sends it: by name, routed by the app.
        celery_app.send_task(READ_REMINDERS)
        wait_for(lambda: len(sink.messages) >= HOLD_AFTER, 60, what="the first digests")

        def settled() -> bool:
            # Every digest the server has taken is recorded as sent, and the sending has
            # stopped at the held answer.
            before = len(sink.messages)
            time.sleep(0.3)
            sent = ReadReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count()
            return len(sink.messages) == before == sent

        wait_for(settled, 20, what="the worker to wait for the held answer")
        worker.kill()
        delivered_before_kill = len(sink.messages)
        assert delivered_before_kill < len(expected), "the worker finished before it was killed"
        assert ReadReminderDelivery.objects.filter(status=DeliveryStatus.SENDING).exists()
        sink.release()

        start_worker(main_redis, sink.url, LEDNING_DELIVERY_LEASE_SECONDS=3)
        try:
            wait_for(lambda: len(sink.messages) >= len(expected), 60, what="the rest")
        except TimeoutError:
            statuses = ReadReminderDelivery.objects.values_list("status", flat=True)
            print("before kill:", delivered_before_kill, "received:", len(sink.messages))
            print("statuses:", sorted(set(statuses)))
            raise
        time.sleep(1.5)  # anything extra would arrive now

    received = read_messages(sink)
    assert len(sink.messages) == sum(len(messages) for messages in received.values())
    assert set(received) == expected
    duplicates = {address: len(m) for address, m in received.items() if len(m) != 1}
    assert duplicates == {}
    assert not {reader.email for reader in readers} & set(received)

    reminder = received[sorted(reminded - escalated)[0]][0]
    assert reminder.message["Subject"].strip() == f"Att läsa och bekräfta: {page.title}"
    assert page.url + "#laskvittens" in reminder.part("text/plain")
    escalation = received[site.users["chef"].email][0].part("text/plain")
    assert f"0 av {STAFF} (0 %) har bekräftat" in escalation
    assert f"/admin/ledningssystem/laskvittens/{overdue.pk}/" in escalation
    assert set(ReadReminderDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
