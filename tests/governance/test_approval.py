"""Approval of changes: administrative changes go live at once; changes of substance only through
the two-step workflow, which stamps the approval, logs the change and tells staff."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import PageViewRestriction

from intranet.ledning.governance.services.approval import act_on_workflow
from intranet.ledning.models import (
    ChangeLogEntry,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notice,
    Subscription,
)
from tests.factories import GovernedDocumentFactory

from .adminforms import chosen, documents_list, new_item, submit_in_admin
from .conftest import (
    approve_all,
    ledning_mail,
    make_user,
    staff_hooks,
    submit_change,
)

pytestmark = pytest.mark.django_db

NOTE = "Nytt arbetssätt vid första hembesöket: genomförandeplanen upprättas inom två veckor."


def test_administrative_change_publishes_at_once_without_revision_or_notice(
    governance, governed_page, staff_members, django_capture_on_commit_callbacks
):
    staff = staff_members(3)
    page = type(governed_page).objects.get(pk=governed_page.pk)
    page.title = "Verkställa beslut om hemtjänst (rättat stavfel)"
    page.change_kind = "administrativ"
    page.change_note = "Stavfel"
    with (
        staff_hooks(recipients=lambda obj: staff),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page.save_revision(user=governance.editor).publish(user=governance.editor)

    page.refresh_from_db()
    assert page.revised_on == datetime.date(2017, 11, 30)  # unchanged: not a revision
    assert page.approved_by == governed_page.approved_by
    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert entry.kind == "administrativ"
    assert entry.editor == governance.editor
    assert entry.note == "Stavfel"
    assert [field["field"] for field in entry.summary["fields"]] == ["title"]
    assert not Notice.objects.exists()
    assert ledning_mail() == []


def test_substance_change_through_the_workflow_stamps_logs_and_notifies(
    client,
    governance,
    governed_page,
    site_tree,
    staff_members,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    workplace_staff = staff_members(3, prefix="hemtjanst")
    inactive = make_user(django_user_model, "slutat", is_active=False)
    no_email = make_user(django_user_model, "utanpost", email="")
    digest = make_user(django_user_model, "sammanfattning")
    silent = make_user(django_user_model, "tyst")
    follower = make_user(django_user_model, "bevakare")
    Subscription.objects.create(user=follower, page=governed_page)
    concerned = [*workplace_staff, inactive, no_email, digest, silent]
    preferences = {digest.pk: "digest", silent.pk: "off"}
    published_news = []

    def news(title, intro, body_html, workplaces, link_url, restrictions=()):
        published_news.append((title, intro, body_html, link_url))
        return None

    old_document = site_tree.documents["Rutin Genomförandeplan"]
    new_document = GovernedDocumentFactory(title="Rutin Genomförandeplan 2.0")
    added_document = GovernedDocumentFactory(title="Rutin Hygien i hemtjänsten")

    def edit(body):
        # In the editor: choose the new version in the old one's place, add another document.
        items = documents_list(body, "Rutiner")
        for item in items:
            if item["value"]["document"]["id"] == old_document.pk:
                item["value"]["document"] = chosen(new_document)
        items.append(new_item(added_document))

    client.force_login(governance.editor)
    with (
        staff_hooks(
            recipients=lambda obj: concerned,
            preference=lambda user: preferences.get(user.pk, "immediate"),
            news=news,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_in_admin(
            client, governed_page, edit, change_note=NOTE, process_owner="Verksamhetschef"
        )
        page = approve_all(governed_page, governance)

    today = timezone.localdate()
    assert page.live and not page.has_unpublished_changes
    assert page.approved_by == "Maria Andersson"
    assert page.revised_on == today
    assert page.approved_on == datetime.date(2015, 5, 28)  # the first approval stays
    assert page.live_revision.content["revised_on"] == today.isoformat()

    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert entry.kind == "vikt"
    assert entry.approver == governance.approver
    assert entry.note == NOTE
    documents = entry.summary["documents"]
    assert documents["replaced"] == [
        {
            "old": {"id": old_document.pk, "title": old_document.title},
            "new": {"id": new_document.pk, "title": new_document.title},
        }
    ]
    assert documents["added"] == [{"id": added_document.pk, "title": added_document.title}]
    assert documents["removed"] == []
    assert {
        "field": "process_owner",
        "label": "Processägare",
        "old": "",
        "new": "Verksamhetschef",
    } in entry.summary["fields"]

    notice = Notice.objects.get(change=entry)
    deliveries = {d.recipient.username: d for d in Delivery.objects.filter(notice=notice)}
    assert set(deliveries) == {
        "hemtjanst0",
        "hemtjanst1",
        "hemtjanst2",
        "sammanfattning",
        "bevakare",
    }
    assert deliveries["sammanfattning"].mode == DeliveryMode.DIGEST
    assert deliveries["sammanfattning"].status == DeliveryStatus.PENDING
    immediate = [d for d in deliveries.values() if d.mode == DeliveryMode.IMMEDIATE]
    assert all(d.status == DeliveryStatus.SENT for d in immediate)

    recipients = sorted(address for message in ledning_mail() for address in message.to)
    assert recipients == sorted(
        [
            "hemtjanst0@kommun.example",
            "hemtjanst1@kommun.example",
            "hemtjanst2@kommun.example",
            "bevakare@kommun.example",
        ]
    )
    message = ledning_mail()[0]
    assert message.subject == "Ändring av vikt: processsida Verkställa beslut om hemtjänst"
    assert NOTE in message.body
    assert "Ändring av vikt" in message.body
    assert "Fastställd av: Maria Andersson" in message.body
    assert f"Reviderad: {today.isoformat()}" in message.body
    assert f"{old_document.title} har ersatts av {new_document.title}" in message.body
    assert added_document.title in message.body
    assert "Processägare: – → Verksamhetschef" in message.body
    assert f"http://testserver{page.url}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver{page.url}"' in html
    assert "Dokument som har ersatts" in html

    assert len(published_news) == 1
    title, intro, _body_html, link = published_news[0]
    assert title == notice.subject and intro == NOTE and link == notice.url


def test_nobody_is_told_about_a_page_they_may_not_view(
    governance, governed_page, django_user_model, django_capture_on_commit_callbacks
):
    allowed_group = governance.admins
    allowed = make_user(django_user_model, "behorig", allowed_group)
    outsider = make_user(django_user_model, "obehorig")
    restriction = PageViewRestriction.objects.create(
        page=governed_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([allowed_group])
    with (
        staff_hooks(recipients=lambda obj: [allowed, outsider]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_change(governed_page, governance.editor, note=NOTE)
        approve_all(governed_page, governance)
    assert [message.to for message in ledning_mail()] == [["behorig@kommun.example"]]


def test_approval_by_someone_outside_the_approver_group_is_refused(
    governance, governed_page, django_user_model
):
    submit_change(governed_page, governance.editor, note=NOTE)
    act_on_workflow(governed_page, governance.reviewer)
    page = type(governed_page).objects.get(pk=governed_page.pk)
    # The editor, the reviewer and an LS-administrator may not approve (fastställa).
    for user in (governance.editor, governance.reviewer, governance.admin):
        with pytest.raises(PermissionDenied):
            act_on_workflow(page, user)
        task_state = page.current_workflow_task_state
        with pytest.raises(PermissionDenied):
            task_state.task.specific.on_action(task_state, user, "approve")
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Fastställande"
    assert page.revised_on == datetime.date(2017, 11, 30)
    assert not Notice.objects.exists()


def test_the_admin_refuses_an_approval_from_outside_the_group(governance, governed_page, client):
    submit_change(governed_page, governance.editor, note=NOTE)
    act_on_workflow(governed_page, governance.reviewer)
    page = type(governed_page).objects.get(pk=governed_page.pk)
    task_state = page.current_workflow_task_state
    client.force_login(governance.editor)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})
    assert response.status_code in {302, 403}
    page.refresh_from_db()
    assert page.current_workflow_task_state.pk == task_state.pk
    assert page.revised_on == datetime.date(2017, 11, 30)

    client.force_login(governance.approver)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revised_on == timezone.localdate()
    assert page.approved_by == "Maria Andersson"
