"""The footer's "Fastställd av" names the approver's role (as the seeds do: "Chef Vård och omsorg",
"Socialchef"), chosen at approval; the change log keeps the person and the role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.models import ApproverRole, ChangeLogEntry, ProcessPage
from tests.conftest import text_of

from .demo_site import (
    APPROVED_ON,
    ROLE,
    approve_in_admin,
    edit_page,
    public_html,
    workflow_action,
)

pytestmark = pytest.mark.django_db

NEW_TITLE = "Verkställa beslut om hemtjänst med nyckelfri låsning"
NOTE = "Nycklar ersätts av digitala lås hos alla brukare."


def submit_substance(client, site) -> None:
    client.force_login(site.users["redaktor"])
    response = edit_page(
        client, site.process, "submit", title=NEW_TITLE, change_kind="vikt", change_note=NOTE
    )
    assert response.status_code == 302


def footer(client, site) -> str:
    from bs4 import BeautifulSoup

    html = BeautifulSoup(public_html(client, site, site.process), "html.parser")
    return text_of(html.select_one("dl.approval"))


def test_the_demo_chef_approves_as_chef_vard_och_omsorg(demo_site):
    assert ApproverRole.objects.titles_for(demo_site.users["chef"]) == [ROLE]


def test_footer_shows_the_role_and_the_change_log_the_person(client, demo_site):
    ApproverRole.objects.filter(user=demo_site.users["chef"]).update(title="Socialchef")
    submit_substance(client, demo_site)
    approve_in_admin(client, demo_site, demo_site.process)

    text = footer(client, demo_site)
    today = timezone.localdate().isoformat()
    assert f"Fastställd av: Socialchef {APPROVED_ON.isoformat()}" in text
    assert f"Reviderad: {today}" in text
    assert "Maria" not in text and "Andersson" not in text

    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert entry.approver == demo_site.users["chef"]
    assert entry.approver_name == "Maria Andersson"
    assert entry.approver_role == "Socialchef"


def test_an_approver_with_several_roles_chooses_one(client, demo_site):
    chef = demo_site.users["chef"]
    ledning = Group.objects.create(name="Socialförvaltningens ledning")
    chef.groups.add(ledning)
    ApproverRole.objects.create(group=ledning, title="Socialchef")
    submit_substance(client, demo_site)
    client.force_login(demo_site.users["redaktor"])
    assert workflow_action(client, demo_site.process).status_code == 302  # Granskning

    client.force_login(chef)
    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    task_state = page.current_workflow_task_state
    modal_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    modal = client.get(modal_url, headers={"x-requested-with": "XMLHttpRequest"})
    html = modal.json()["html"]
    assert ROLE in html and "Socialchef" in html and 'name="role"' in html

    response = workflow_action(client, page, role="Socialchef", comment="")
    assert response.status_code == 302
    assert "Fastställd av: Socialchef" in footer(client, demo_site)


def test_a_role_that_is_not_the_approvers_is_refused(client, demo_site):
    other = ApproverRole.objects.create(group=Group.objects.create(name="Nämnd"), title="Nämnden")
    submit_substance(client, demo_site)
    client.force_login(demo_site.users["redaktor"])
    workflow_action(client, demo_site.process)
    client.force_login(demo_site.users["chef"])
    response = workflow_action(client, demo_site.process, role=other.title)
    assert response.status_code in {302, 403}
    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    assert page.title != NEW_TITLE
    assert page.current_workflow_task.name == "Fastställande"


def test_roles_are_kept_in_the_admin(client, demo_site):
    client.force_login(demo_site.users["admin"])
    response = client.get(reverse("wagtailsnippets_ledning_approverrole:list"))
    assert response.status_code == 200
    assert ROLE in response.content.decode()
