"""The fan-out of an approval costs the same number of queries however many people are told
(issue 14): the recipients are one query, their preferences one call to the host app (the staff
app's own, reading the preferences people chose on Min sida), and every delivery is written by
one statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.ledning.models import Delivery, DeliveryMode, Notice
from intranet.staff import services as staff

from .conftest import approve_all, staff_hooks, submit_change

pytestmark = pytest.mark.django_db


def approval_queries(page, governance, people, note: str) -> tuple[int, Notice]:
    """Approve a change of substance told to ``people``; return the number of queries of the
    approval itself (the sending waits for the commit) and its notice."""
    with staff_hooks(recipients=lambda obj: people, preferences=staff.notification_preferences):
        submit_change(page, governance.editor, note=note)
        with CaptureQueriesContext(connection) as queries:
            approved = approve_all(page, governance)
    return len(queries), Notice.objects.get(change__revision=approved.live_revision)


def test_the_approval_fan_out_makes_as_many_queries_for_1000_recipients_as_for_10(
    governance, governed_page, staff_members, django_capture_on_commit_callbacks
):
    few = staff_members(10, prefix="liten")
    many = staff_members(1000, prefix="stor")
    # Every third person chose a daily digest on Min sida, every fifth no e-mail at all.
    for number, person in enumerate([*few, *many]):
        if number % 5 == 0:
            staff.set_notification_preference(person, "off")
        elif number % 3 == 0:
            staff.set_notification_preference(person, "digest")

    with django_capture_on_commit_callbacks(execute=False):
        # A first approval fills the caches (content types, the workflow) the others use.
        approval_queries(governed_page, governance, [], "Första ändringen.")
        for_few, first = approval_queries(governed_page, governance, few, "Nya nycklar.")
        for_many, second = approval_queries(governed_page, governance, many, "Nya tider.")

    told = [n for n in range(10, 1010) if n % 5]
    assert Delivery.objects.filter(notice=first).count() == len([n for n in range(10) if n % 5])
    assert Delivery.objects.filter(notice=second).count() == len(told)
    digest = Delivery.objects.filter(notice=second, mode=DeliveryMode.DIGEST).count()
    assert digest == len([n for n in told if n % 3 == 0])
    assert for_many == for_few, (for_few, for_many)
