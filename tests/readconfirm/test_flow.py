"""Läskvittens from the approval to the follow-up, as people do it: chef asks for one in the
approval's form, staff see it under *Att läsa och bekräfta* and press *Jag har läst och
förstått*, the follow-up counts them; a new change of substance opens a new request, an
administrative change asks nothing again."""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.models import Notice, ReadConfirmation, ReadRequest
from tests.conftest import text_of
from tests.governance.adminforms import read_edit_form

from .conftest import (
    approve,
    change_with_read_request,
    choose_workplaces,
    edit_page,
    open_request_of,
    staff,
    submit_substance,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def to_read(client, user) -> list[str]:
    client.force_login(user)
    html = BeautifulSoup(client.get("/min-sida/").content, "html.parser")
    section = html.select_one("[data-read-confirmations]")
    return [text_of(a) for a in section.select("a")] if section else []


def press_confirm(client, site, user):
    client.force_login(user)
    page = site.page()
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    form = html.select_one("#laskvittens form")
    assert form is not None, "no button"
    button = form.select_one("button")
    assert text_of(button) == "Jag har läst och förstått"
    return client.post(form["action"], {"next": page.url}, follow=True)


def follow_up_total(client, site, read_request) -> str:
    client.force_login(site.users["redaktor"])
    response = client.get(reverse("ledning_readconfirm:detail", args=[read_request.pk]))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return text_of(html.select_one("[data-total]"))


def test_the_whole_path(client, site, workplace, django_user_model):
    member = site.users["medarbetare"]
    colleague = staff(django_user_model, "kollega")
    outsider = staff(django_user_model, "utanfor")
    choose_workplaces(client, member, workplace)
    choose_workplaces(client, colleague, workplace)

    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = open_request_of(page)
    assert read_request.revision_id == page.live_revision_id
    assert read_request.requested_by == site.users["chef"]

    # The revision e-mail links straight to the button.
    notice = Notice.objects.get(change__revision=page.live_revision)
    assert notice.url.endswith(page.url + "#laskvittens")

    assert to_read(client, member) == [page.title]
    assert to_read(client, outsider) == []
    assert follow_up_total(client, site, read_request) == "0 av 2 (0 %)"

    response = press_confirm(client, site, member)
    assert "Du bekräftade" in response.content.decode()
    confirmation = ReadConfirmation.objects.get(user=member)
    assert confirmation.revision_id == page.live_revision_id
    assert to_read(client, member) == []
    assert follow_up_total(client, site, read_request) == "1 av 2 (50 %)"

    # A second change of substance: the old request is superseded, a new one is asked.
    page = change_with_read_request(client, site, workplace, "Digitala lås.")
    read_request.refresh_from_db()
    assert read_request.status == "ersatt"
    second = open_request_of(page)
    assert second.pk != read_request.pk and second.revision_id == page.live_revision_id
    assert to_read(client, member) == [page.title]
    assert follow_up_total(client, site, second) == "0 av 2 (0 %)"
    press_confirm(client, site, member)

    # An administrative change asks nothing again and resets nothing.
    client.force_login(site.users["redaktor"])
    response = edit_page(
        client, page, "publish", change_kind="administrativ", change_note="Stavfel."
    )
    assert response.status_code == 302
    assert ReadRequest.objects.filter(page=page, status="oppen").get() == second
    assert to_read(client, member) == []
    assert follow_up_total(client, site, second) == "1 av 2 (50 %)"

    # Whoever leaves the workplace (or the organisation) drops out of the figures.
    choose_workplaces(client, colleague)
    assert follow_up_total(client, site, second) == "1 av 1 (100 %)"
    choose_workplaces(client, colleague, workplace)
    colleague.is_active = False
    colleague.save()
    assert follow_up_total(client, site, second) == "1 av 1 (100 %)"


def test_a_change_of_substance_without_a_request_closes_the_old_one(client, site, workplace):
    choose_workplaces(client, site.users["medarbetare"], workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    first = open_request_of(page)
    submit_substance(client, site, "Ny blankett.")
    approve(client, site)
    first.refresh_from_db()
    assert first.status == "ersatt"
    assert to_read(client, site.users["medarbetare"]) == []


def test_groups_and_named_people_are_asked(client, site, django_user_model):
    named = staff(django_user_model, "namngiven")
    submit_substance(client, site, "Ny rutin.")
    approver_group = site.users["chef"].groups.first()
    page = approve(
        client, site, read_groups=[approver_group.pk], read_people="namngiven, okand@x.example"
    )
    # An unknown person: the form is refused and nothing is approved.
    assert not ReadRequest.objects.exists()
    assert page.live_revision_id != page.latest_revision_id
    client.force_login(site.users["chef"])
    response = workflow_action(
        client,
        site.process,
        read_confirmation="on",
        read_groups=[approver_group.pk],
        read_people="namngiven",
    )
    assert response.status_code == 302
    page = site.page()
    read_request = open_request_of(page)
    assert to_read(client, named) == [page.title]
    assert to_read(client, site.users["chef"]) == [page.title]
    assert to_read(client, site.users["medarbetare"]) == []
    assert follow_up_total(client, site, read_request) == "0 av 2 (0 %)"


def test_only_those_asked_may_confirm(client, site, workplace, django_user_model):
    choose_workplaces(client, site.users["medarbetare"], workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = open_request_of(page)
    url = reverse("ledning:read_confirm", args=[read_request.pk])

    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    client.force_login(staff(django_user_model, "utanfor"))
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert not ReadConfirmation.objects.exists()


def test_approving_from_the_edit_page_dialog(client, site, workplace):
    """Chef approves on the edit page, as the browser does it: *Fler åtgärder* → the dialog
    posts the approval form and gets its cleaned data back as JSON, which the edit form then
    posts with the page (workflow-action-extra-data). The läskvittens must survive the trip."""
    submit_substance(client, site, "Nycklar kvitteras digitalt.")
    client.force_login(site.users["redaktor"])
    assert workflow_action(client, site.process).status_code == 302  # Granskning
    client.force_login(site.users["chef"])
    page = type(site.process).objects.get(pk=site.process.pk)
    due = timezone.localdate() + datetime.timedelta(days=20)
    dialog = client.post(
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[page.pk, "approve", page.current_workflow_task_state.pk],
        ),
        {
            "comment": "",
            "read_confirmation": "on",
            "read_workplaces": [workplace.pk],
            "read_subworkplaces": "on",
            "read_due_on": due.isoformat(),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert dialog.status_code == 200
    answer = dialog.json()
    assert answer["step"] == "success", answer

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = read_edit_form(client.get(url).content.decode())
    data = form.data(type(page))
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps(answer["cleaned_data"])
    assert client.post(url, data).status_code == 302

    read_request = open_request_of(site.page())
    assert read_request.due_on == due
    assert list(read_request.workplaces.all()) == [workplace]
