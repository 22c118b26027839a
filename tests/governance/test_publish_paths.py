"""Every way Wagtail can publish, tried through the real admin endpoints as the demo's redaktor and
chef: a change of substance, a new process page and a new governed document go live only through
the approval workflow (Fastställande by an approving manager). Administrative changes of live
content still publish directly. Each refusal says why in Swedish, and nothing goes live: the page
stays as it was, no stamp, no notice, and staff still read the approved content."""

from __future__ import annotations

import datetime
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Revision

from intranet.ledning.governance.services.guard import PublicationRefused
from intranet.ledning.models import ChangeLogEntry, GovernedDocument, Notice, ProcessPage

from .demo_site import (
    APPROVED_ON,
    PROCESS_TITLE,
    REVISED_ON,
    ROLE,
    approve_in_admin,
    assert_nothing_went_live,
    edit_document,
    edit_page,
    live_state,
    messages_of,
    post_form,
    public_html,
)

pytestmark = pytest.mark.django_db

NEW_TITLE = "Verkställa beslut om hemtjänst med nyckelfri låsning"
NOTE = "Nycklar ersätts av digitala lås hos alla brukare."
SUBMIT = "Lämna in till Granskning och fastställande"
ACTORS = ["redaktor", "chef"]


@pytest.fixture
def substance_draft(client, demo_site):
    """redaktor has saved a change of substance as a draft (not submitted)."""
    client.force_login(demo_site.users["redaktor"])
    response = edit_page(
        client, demo_site.process, title=NEW_TITLE, change_kind="vikt", change_note=NOTE
    )
    assert response.status_code == 302
    page = demo_site.page()
    assert page.has_unpublished_changes and page.title == PROCESS_TITLE
    return live_state(page)


def refused(messages: list[str]) -> bool:
    return any("måste fastställas" in message and SUBMIT in message for message in messages)


# --- refused paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_publish_button_of_the_edit_form(client, demo_site, substance_draft, actor):
    client.force_login(demo_site.users[actor])
    response = edit_page(client, demo_site.process, "publish")
    assert response.status_code == 302
    assert refused(messages_of(response))
    assert_nothing_went_live(client, demo_site, substance_draft, NEW_TITLE)
    assert demo_site.page().has_unpublished_changes  # the draft is kept


@pytest.mark.parametrize("actor", ACTORS)
def test_bulk_publish(client, demo_site, substance_draft, actor):
    client.force_login(demo_site.users[actor])
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={demo_site.process.pk}"
    )
    assert client.get(url).status_code == 200
    assert_nothing_went_live(client, demo_site, substance_draft, NEW_TITLE)

    client.force_login(demo_site.users[actor])
    response = client.post(url, {})
    assert response.status_code == 302
    assert refused(messages_of(response))
    assert_nothing_went_live(client, demo_site, substance_draft, NEW_TITLE)


@pytest.mark.parametrize("actor", ACTORS)
def test_admin_api_publish_action(client, demo_site, substance_draft, actor):
    client.force_login(demo_site.users[actor])
    response = client.post(
        f"/admin/api/main/pages/{demo_site.process.pk}/action/publish/",
        {},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "måste fastställas" in json.loads(response.content)["detail"]
    assert_nothing_went_live(client, demo_site, substance_draft, NEW_TITLE)


@pytest.mark.parametrize("actor", ACTORS)
def test_scheduled_publishing(client, demo_site, actor):
    """Publishing at a go-live time: refused when asked (whether the time is past or to come),
    and nothing is left for publish_scheduled to put live later."""
    before = live_state(demo_site.process)
    client.force_login(demo_site.users[actor])
    now = timezone.localtime()
    for go_live in (now + datetime.timedelta(days=1), now - datetime.timedelta(hours=1)):
        response = edit_page(
            client,
            demo_site.process,
            "publish",
            title=NEW_TITLE,
            change_kind="vikt",
            change_note=NOTE,
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        )
        assert response.status_code == 302
        assert refused(messages_of(response))
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    later = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
    assert_nothing_went_live(client, demo_site, before, NEW_TITLE)


@pytest.mark.parametrize("actor", ACTORS)
def test_reverting_to_an_earlier_version(client, demo_site, actor):
    """After an approved change, going back to the imported version undoes it: that is judged
    as a change of substance, whatever the statement says (the admin's revert form and the
    admin API's revert action)."""
    client.force_login(demo_site.users["redaktor"])
    edit_page(
        client, demo_site.process, "submit", title=NEW_TITLE, change_kind="vikt", change_note=NOTE
    )
    approve_in_admin(client, demo_site, demo_site.process)
    page = demo_site.page()
    assert page.title == NEW_TITLE
    imported = page.revisions.order_by("created_at", "pk").first()
    before = live_state(page)
    Notice.objects.all().delete()

    client.force_login(demo_site.users[actor])
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, imported.pk])
    response = post_form(
        client, url, ProcessPage, "publish", change_kind="administrativ", change_note="Åter"
    )
    assert response.status_code == 302
    assert any("tidigare version" in message for message in messages_of(response))
    assert_nothing_went_live(client, demo_site, before, PROCESS_TITLE + "</h1>")

    client.force_login(demo_site.users[actor])
    api = f"/admin/api/main/pages/{page.pk}/action/"
    response = client.post(
        api + "revert_to_page_revision/",
        {"revision_id": imported.pk},
        content_type="application/json",
    )
    assert response.status_code == 200  # a draft of the earlier version
    response = client.post(api + "publish/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "tidigare version" in json.loads(response.content)["detail"]
    assert live_state(page) == before


def test_snippet_bulk_actions_do_not_publish(demo_site):
    """Wagtail offers governed documents no bulk publish (only delete); should one be added,
    the guard below the views answers it like any other path."""
    actions = bulk_action_registry.get_bulk_actions_for_model("ledning", "governeddocument")
    assert {action.action_type for action in actions} == {"delete"}


@pytest.mark.parametrize("actor", ACTORS)
def test_document_edit_form_publish(client, demo_site, actor):
    before = live_state(demo_site.document)
    client.force_login(demo_site.users[actor])
    response = edit_document(
        client,
        demo_site.document,
        "publish",
        title="Rutin Genomförandeplan inom en vecka",
        change_kind="vikt",
        change_note="Planen upprättas inom en vecka.",
    )
    assert response.status_code == 302
    assert refused(messages_of(response))
    assert live_state(demo_site.document) == before
    assert not Notice.objects.exists()


def test_copy_of_a_live_page_with_publish_copies(client, demo_site):
    """redaktor may copy (chef may not: approvers cannot add pages). The copy of approved
    content at a new place is a new page: a draft until approved."""
    before = live_state(demo_site.process)
    data = {
        "new_title": "Kopia av hemtjänst",
        "new_slug": "kopia-av-hemtjanst",
        "new_parent_page": demo_site.other_area.pk,
        "publish_copies": "on",
    }
    copy_url = reverse("wagtailadmin_pages:copy", args=[demo_site.process.pk])
    client.force_login(demo_site.users["chef"])
    client.post(copy_url, data)
    assert not ProcessPage.objects.filter(slug="kopia-av-hemtjanst").exists()

    client.force_login(demo_site.users["redaktor"])
    response = client.post(copy_url, data)
    assert response.status_code == 302
    copy = ProcessPage.objects.get(slug="kopia-av-hemtjanst")
    assert not copy.live and copy.live_revision_id is None and copy.first_published_at is None
    assert any("utkast" in message for message in messages_of(response))

    response = client.post(
        f"/admin/api/main/pages/{demo_site.process.pk}/action/copy/",
        {"destination_page_id": demo_site.other_area.pk, "slug": "kopia-via-api"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert not ProcessPage.objects.get(slug="kopia-via-api").live
    assert live_state(demo_site.process) == before
    assert not Notice.objects.exists()


def test_moving_a_live_page_leaves_its_draft_unpublished(client, demo_site, substance_draft):
    """redaktor may move pages (chef may not); the moved page keeps its approved content live
    and its change of substance as a draft."""
    target = demo_site.other_area
    move_url = reverse("wagtailadmin_pages:move_confirm", args=[demo_site.process.pk, target.pk])
    client.force_login(demo_site.users["chef"])
    client.post(move_url)
    assert demo_site.page().get_parent().pk == demo_site.area.pk

    client.force_login(demo_site.users["redaktor"])
    response = client.post(move_url)
    assert response.status_code == 302
    page = demo_site.page()
    assert page.get_parent().pk == target.pk
    assert page.live and page.title == PROCESS_TITLE and page.has_unpublished_changes
    assert page.live_revision_id == substance_draft["live_revision"]
    assert NEW_TITLE not in public_html(client, demo_site, page)
    assert not Notice.objects.exists()


def test_wagtail_actions_themselves_refuse(demo_site, substance_draft):
    """Below every view: Wagtail's publish and copy actions, run directly."""
    page = demo_site.page()
    revision = page.get_latest_revision()
    with pytest.raises(PublicationRefused):
        PublishPageRevisionAction(revision, user=demo_site.users["chef"]).execute()
    with pytest.raises(PublicationRefused):
        revision.publish(user=demo_site.users["redaktor"])
    copy = CopyPageAction(
        page,
        to=demo_site.other_area,
        update_attrs={"slug": "kopia-direkt", "title": "Kopia"},
        keep_live=True,
    ).execute()
    assert not copy.live
    page.refresh_from_db()
    assert page.title == PROCESS_TITLE and page.live_revision_id == substance_draft["live_revision"]


# --- new content ---------------------------------------------------------------------------


def test_new_process_page_needs_approval(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    url = reverse("wagtailadmin_pages:add", args=["ledning", "processpage", demo_site.area.pk])
    form_html = client.get(url).content.decode()
    assert "Nytt innehåll" in form_html  # the kind is fixed: a change of substance
    response = post_form(
        client, url, ProcessPage, "publish", title="Hemtjänst på natten", slug="natt"
    )
    assert response.status_code == 302
    assert refused(messages_of(response))
    page = ProcessPage.objects.get(slug="natt")
    assert not page.live and page.change_kind == "vikt"
    assert not ChangeLogEntry.objects.filter(page=page).exists()

    response = edit_page(client, page, "submit")
    assert response.status_code == 302
    page = approve_in_admin(client, demo_site, page)
    today = timezone.localdate()
    assert page.live
    assert (page.approved_by, page.approved_on, page.revised_on) == (ROLE, today, today)
    assert ChangeLogEntry.objects.get(revision=page.live_revision).kind == "vikt"
    assert Notice.objects.filter(change__page=page).exists()


def test_new_governed_document_needs_approval(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    url = reverse("wagtailsnippets_ledning_governeddocument:add")
    response = post_form(
        client,
        url,
        GovernedDocument,
        "publish",
        title="Rutin Nattpatrull",
        document_type="rutin",
        key="rutin-nattpatrull",
        url="https://dokument.kommun.example/rutin-nattpatrull.pdf",
    )
    assert response.status_code == 302
    assert refused(messages_of(response))
    document = GovernedDocument.objects.get(key="rutin-nattpatrull")
    assert not document.live
    client.force_login(demo_site.users["medarbetare"])
    assert client.get(document.get_absolute_url()).status_code == 404


# --- what still publishes -------------------------------------------------------------------


def test_submit_and_approve_goes_live_stamped_with_a_notice(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    response = edit_page(
        client,
        demo_site.process,
        "submit",
        title=NEW_TITLE,
        change_kind="vikt",
        change_note=NOTE,
    )
    assert response.status_code == 302
    assert demo_site.page().title != NEW_TITLE
    page = approve_in_admin(client, demo_site, demo_site.process)
    today = timezone.localdate()
    assert page.live and page.title == NEW_TITLE and not page.has_unpublished_changes
    assert (page.approved_by, page.approved_on, page.revised_on) == (ROLE, APPROVED_ON, today)
    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert (entry.kind, entry.approver, entry.approver_role) == (
        "vikt",
        demo_site.users["chef"],
        ROLE,
    )
    assert Notice.objects.get(change=entry).subject.endswith(NEW_TITLE)
    assert NEW_TITLE in public_html(client, demo_site, page)


def test_approved_change_scheduled_for_later_goes_live_then(client, demo_site):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    client.force_login(demo_site.users["redaktor"])
    edit_page(
        client,
        demo_site.process,
        "submit",
        title=NEW_TITLE,
        change_kind="vikt",
        change_note=NOTE,
        go_live_at=tomorrow.strftime("%Y-%m-%d %H:%M"),
    )
    page = approve_in_admin(client, demo_site, demo_site.process)
    assert page.title == PROCESS_TITLE and not Notice.objects.exists()
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=2)
    ):
        call_command("publish_scheduled", verbosity=0)
    page = demo_site.page()
    assert page.title == NEW_TITLE and page.approved_by == ROLE
    assert Notice.objects.filter(change__revision=page.live_revision).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_administrative_change_publishes_directly(client, demo_site, actor):
    client.force_login(demo_site.users[actor])
    response = edit_page(
        client,
        demo_site.process,
        "publish",
        title="Verkställa beslut om hemtjänsten",
        change_kind="administrativ",
        change_note="Stavning",
    )
    assert response.status_code == 302
    page = demo_site.page()
    assert page.title == "Verkställa beslut om hemtjänsten"
    assert (page.approved_by, page.approved_on, page.revised_on) == (ROLE, APPROVED_ON, REVISED_ON)
    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert (entry.kind, entry.editor) == ("administrativ", demo_site.users[actor])
    assert not Notice.objects.exists()


def test_the_import_is_logged_as_an_import(demo_site):
    kinds = set(ChangeLogEntry.objects.values_list("kind", flat=True))
    assert kinds == {"import"}
    assert not ChangeLogEntry.objects.filter(kind="administrativ").exists()
