"""Läskvittens tests: the small management system of the governance tests (content through the
import, the demo's groups, workflow and users), staff who chose their workplace on Min sida,
and helpers that work the admin's approval form and the staff's button as browsers do."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.models import ReadRequest, Workplace
from intranet.portal.demo.readconfirm import grant_follow_up
from tests.governance.conftest import make_user, staff_members  # noqa: F401  (fixture)
from tests.governance.demo_site import (  # noqa: F401  (fixture)
    DemoSite,
    demo_site,
    edit_page,
    workflow_action,
)


@pytest.fixture
def site(demo_site) -> DemoSite:  # noqa: F811
    """The demo site; the follow-up permissions as the demo grants them."""
    grant_follow_up()
    return demo_site


@pytest.fixture
def workplace(site) -> Workplace:
    return Workplace.objects.get(key="hemtjanst")


def choose_workplaces(client, user, *workplaces: Workplace) -> None:
    """The person picks their workplaces on Min sida."""
    client.force_login(user)
    response = client.post(reverse("staff:workplaces"), {"workplaces": [w.pk for w in workplaces]})
    assert response.status_code == 302


def submit_substance(client, site: DemoSite, note: str, **fields: Any) -> None:
    client.force_login(site.users["redaktor"])
    response = edit_page(
        client, site.process, "submit", change_kind="vikt", change_note=note, **fields
    )
    assert response.status_code == 302, response.content[:2000]


def approve(client, site: DemoSite, **read: Any) -> Any:
    """Granskning by redaktor (an LS-administrator), then chef's *Fastställ med läskvittens
    eller kommentar* with the läskvittens fields ``read`` (read_workplaces=[…], …)."""
    client.force_login(site.users["redaktor"])
    assert workflow_action(client, site.process).status_code == 302
    client.force_login(site.users["chef"])
    data = {"comment": ""}
    if read:
        data["read_confirmation"] = "on"
        data.update(read)
    response = workflow_action(client, site.process, **data)
    assert response.status_code == 302
    return site.page()


def change_with_read_request(client, site: DemoSite, workplace: Workplace, note: str) -> Any:
    submit_substance(client, site, note)
    due = timezone.localdate() + datetime.timedelta(days=30)
    return approve(
        client,
        site,
        read_workplaces=[workplace.pk],
        read_subworkplaces="on",
        read_due_on=due.isoformat(),
    )


def open_request_of(page) -> ReadRequest:
    return ReadRequest.objects.get(page=page, status="oppen")


def staff(django_user_model, name: str) -> Any:
    return make_user(django_user_model, name)
