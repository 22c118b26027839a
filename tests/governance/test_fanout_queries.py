"""The fan-out of an approval costs the same number of queries however many people are told
(issue 14): the recipients are one query, their preferences one call to the host app, and
every delivery is written by one statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.ledning.models import Delivery, DeliveryMode, Notice

from .conftest import approve_all, staff_hooks, submit_change

pytestmark = pytest.mark.django_db


def approval_queries(page, governance, people, note: str) -> tuple[int, Notice]:
    """Approve a change of substance told to ``people`` (every other one wants a digest);
    return the queries of the approval itself (the sending waits for the commit)."""

    def preference(user) -> str:
        return "digest" if user.pk % 2 else "immediate"

    with staff_hooks(recipients=lambda obj: people, preference=preference):
        submit_change(page, governance.editor, note=note)
        with CaptureQueriesContext(connection) as queries:
            approved = approve_all(page, governance)
    return len(queries), Notice.objects.get(change__revision=approved.live_revision)


def test_the_approval_fan_out_makes_as_many_queries_for_1000_recipients_as_for_10(
    governance, governed_page, staff_members, django_capture_on_commit_callbacks
):
    few = staff_members(10, prefix="liten")
    many = staff_members(1000, prefix="stor")

    with django_capture_on_commit_callbacks(execute=False):
        # A first approval fills the caches (content types, the workflow) the others use.
        approval_queries(governed_page, governance, [], "Första ändringen.")
        for_few, first = approval_queries(governed_page, governance, few, "Ny rutin för nycklar.")
        for_many, second = approval_queries(governed_page, governance, many, "Nya tider.")

    assert Delivery.objects.filter(notice=first).count() == 10
    assert Delivery.objects.filter(notice=second).count() == 1000
    digest = Delivery.objects.filter(notice=second, mode=DeliveryMode.DIGEST)
    assert digest.count() == sum(1 for user in many if user.pk % 2)
    assert for_many == for_few, (for_few, for_many)
