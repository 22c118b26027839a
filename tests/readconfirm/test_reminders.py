"""Reminders before the due date to those who have not confirmed, and one escalation after it
to the managers of the workplaces (else the LS-administrators) and the requester: each written
once, sent as one digest per person (Django's test outbox; test_worker.py does it with a real
worker and SMTP server)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from intranet.ledning.models import ApproverRole, ReadReminderDelivery
from intranet.ledning.readconfirm import services
from tests.governance.demo_site import post_form
from tests.staff.conftest import WorkplaceFactory

from .conftest import change_with_read_request, choose_workplaces, open_request_of, staff

pytestmark = pytest.mark.django_db


def read_mail() -> dict[str, list]:
    found: dict[str, list] = {}
    for message in mail.outbox:
        if message.extra_headers.get("Message-ID", "").startswith("<ledning-read-"):
            for address in message.to:
                found.setdefault(address, []).append(message)
    return found


def test_reminder_then_escalation_each_once(client, site, workplace, django_user_model):
    member = site.users["medarbetare"]
    member.email = "medarbetare@kommun.example"
    member.save()
    reader = staff(django_user_model, "lasare")
    for person in (member, reader):
        choose_workplaces(client, person, workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = open_request_of(page)
    services.confirm(reader, read_request)
    due = read_request.due_on
    mail.outbox = []

    # Long before the due date: nothing.
    services.send_read_reminders(due - datetime.timedelta(days=20))
    assert read_mail() == {}

    # A few days before: the one who has not confirmed, once.
    report = services.send_read_reminders(due - datetime.timedelta(days=3))
    assert report.messages == 1
    sent = read_mail()
    assert list(sent) == [member.email]
    message = sent[member.email][0]
    assert message.subject == f"Att läsa och bekräfta: {page.title}"
    assert page.url + "#laskvittens" in message.body
    services.send_read_reminders(due - datetime.timedelta(days=2))
    assert len(read_mail()[member.email]) == 1

    # After the due date: one escalation digest to the requester and the LS-administrators.
    mail.outbox = []
    services.send_read_reminders(due + datetime.timedelta(days=1))
    services.send_read_reminders(due + datetime.timedelta(days=2))
    sent = read_mail()
    chef, redaktor = site.users["chef"], site.users["redaktor"]
    assert chef.email in sent and redaktor.email in sent
    assert member.email not in sent and reader.email not in sent
    assert all(len(messages) == 1 for messages in sent.values())
    text = sent[chef.email][0].body
    assert "1 av 2 (50 %) har bekräftat" in text
    assert f"/admin/ledningssystem/laskvittens/{read_request.pk}/" in text


def test_no_escalation_when_everyone_confirmed(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = open_request_of(page)
    services.confirm(member, read_request)
    services.send_read_reminders(read_request.due_on + datetime.timedelta(days=1))
    assert read_mail() == {}
    assert not ReadReminderDelivery.objects.exists()


def test_a_superseded_request_sends_no_reminder(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    first = open_request_of(page)
    services.queue_read_reminders(first.due_on - datetime.timedelta(days=1))
    change_with_read_request(client, site, workplace, "Digitala lås.")
    mail.outbox = []
    services.send_read_reminder_digests()
    assert read_mail() == {}


def add_approver_role(client, site, user, title: str) -> None:
    """The administrator gives a person a role in Admin → Roller vid fastställande."""
    client.force_login(site.users["admin"])
    url = reverse("wagtailsnippets_ledning_approverrole:add")
    response = post_form(client, url, ApproverRole, None, title=title, user=str(user.pk))
    assert response.status_code == 302, response.content[:2000]


def test_the_escalation_goes_to_the_managers_of_the_workplace(
    client, site, workplace, django_user_model
):
    """A manager is someone who approves as a manager (an approver role) and has the
    workplace — or a workplace above it — among theirs; then the LS-administrators are not
    asked, the requester still is. Managers of other workplaces are not told."""
    area = WorkplaceFactory(key="vo", name="Vård och omsorg")
    workplace.parent = area
    workplace.save()
    other = WorkplaceFactory(key="ifo", name="Individ- och familjeomsorg")
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    manager = staff(django_user_model, "omradeschef")
    other_manager = staff(django_user_model, "ifochef")
    choose_workplaces(client, manager, area)
    choose_workplaces(client, other_manager, other)
    add_approver_role(client, site, manager, "Chef Vård och omsorg")
    add_approver_role(client, site, other_manager, "Chef IFO")

    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = open_request_of(page)
    mail.outbox = []
    services.send_read_reminders(read_request.due_on + datetime.timedelta(days=1))
    sent = read_mail()
    chef, redaktor = site.users["chef"], site.users["redaktor"]
    assert set(sent) == {manager.email, chef.email}, sorted(sent)
    assert redaktor.email not in sent and other_manager.email not in sent
    assert "0 av 1 (0 %) har bekräftat" in sent[manager.email][0].body

    # Each link in an escalation opens for the one it is sent to: the requester (an approver
    # with the follow-up report) gets the follow-up; a workplace's manager without access to
    # the admin gets the page, not a link that would refuse them.
    follow_up = reverse("ledning_readconfirm:detail", args=[read_request.pk])
    chef_mail, manager_mail = sent[chef.email][0], sent[manager.email][0]
    assert follow_up in chef_mail.body
    client.force_login(chef)
    assert client.get(follow_up).status_code == 200
    client.force_login(manager)
    assert client.get(follow_up).status_code in (302, 403)
    for body in (manager_mail.body, manager_mail.alternatives[0][0]):
        assert follow_up not in body
        assert page.url in body
