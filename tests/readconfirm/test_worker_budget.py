"""What the reminders job costs the worker: the page or document a digest links to is loaded
once per batch, not once per person (a request to 5,000 people would otherwise cost 10,000
queries more; tests/readconfirm/test_worker.py runs the job in a real worker)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.ledning.readconfirm import services

from .conftest import approve, submit_substance

pytestmark = pytest.mark.django_db


def test_the_page_is_loaded_once_per_batch_however_many_are_reminded(client, site, staff_members):
    group = Group.objects.create(name="Personal Hemtjänst område 2")
    submit_substance(client, site, "Nya nyckelrutiner.")
    due = timezone.localdate() + datetime.timedelta(days=3)
    approve(client, site, read_groups=[group.pk], read_due_on=due.isoformat())
    page_queries = []
    for number in (5, 40):
        with transaction.atomic():  # each size from the same start, rolled back after
            group.user_set.add(*staff_members(number, prefix=f"personal-{number}-"))
            services.queue_read_reminders()
            with CaptureQueriesContext(connection) as captured:
                report = services.send_read_reminder_digests(batch_size=200)
            transaction.set_rollback(True)
        assert report.messages == number
        page_queries.append(
            sum('FROM "wagtailcore_page"' in query["sql"] for query in captured.captured_queries)
        )
    assert page_queries[0] == page_queries[1], page_queries
