"""*Granskad utan ändring*: the owner (or an LS-administrator) records in the admin that the
content was reviewed and still holds. The review clock restarts, the change log records it, and
nothing is revised: no new revision, no new revision date, no notice."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from intranet.ledning.governance.selectors import add_months, review_items
from intranet.ledning.governance.services.reviews import send_review_reminders
from intranet.ledning.models import ChangeLogEntry, Notice, ProcessPage
from tests.conftest import soup, text_of

from .conftest import make_user
from .demo_site import REVISED_ON, demo_site  # noqa: F401

pytestmark = pytest.mark.django_db

LABEL = "Granskad utan ändring"


def confirm_url(obj, kind: str = "sida") -> str:
    return reverse("ledning_review:confirm", args=[kind, obj.pk])


@pytest.fixture
def owner(demo_site, django_user_model):  # noqa: F811
    """A page owner with admin access (an editor)."""
    from django.contrib.auth.models import Group

    user = make_user(django_user_model, "sidansvarig", Group.objects.get(name="Redaktörer"))
    demo_site.process.page_owner_users.add(user)
    demo_site.process.save()
    return user


def test_the_owner_records_a_review_without_change(
    client,
    demo_site,  # noqa: F811
    owner,
):
    page = demo_site.page()
    revisions = page.revisions.count()
    live_revision = page.live_revision_id
    today = timezone.localdate()
    item = {i.title: i for i in review_items(today)}[page.title]
    assert item.state == "overdue"

    client.force_login(owner)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert LABEL in edit and confirm_url(page) in edit  # the action in the editor's menu

    form = soup(client.get(confirm_url(page)))
    assert LABEL in text_of(form.find("main"))
    response = client.post(confirm_url(page), {"note": "Rutinerna stämmer med arbetssättet."})
    assert response.status_code == 302

    page = ProcessPage.objects.get(pk=page.pk)
    assert page.revised_on == REVISED_ON  # not a revision
    assert page.revisions.count() == revisions
    assert page.live_revision_id == live_revision
    entry = ChangeLogEntry.objects.get(page=page, kind="granskad")
    assert (entry.editor, entry.note, entry.revision, entry.revised_on) == (
        owner,
        "Rutinerna stämmer med arbetssättet.",
        None,
        None,
    )
    assert entry.get_kind_display() == LABEL
    assert not Notice.objects.exists()

    # The review clock restarts today: the next review is an interval away, and no reminder.
    item = {i.title: i for i in review_items(today)}[page.title]
    assert (item.state, item.base, item.due_on) == ("ok", today, add_months(today, 12))
    mail.outbox.clear()
    send_review_reminders(today)
    assert not [m for m in mail.outbox if page.title in m.subject or page.title in m.body]

    # Staff see when it was reviewed, beside the approval footer.
    client.force_login(demo_site.users["medarbetare"])
    footer = text_of(soup(client.get(page.url)).find("footer", class_="page-footer"))
    assert f"Granskad {today.isoformat()}" in footer
    with translation.override("sv"):
        next_month = dateformat.format(add_months(today, 12), "F Y")
    assert f"Nästa granskning {next_month}" in footer
    assert f"Reviderad: {REVISED_ON.isoformat()}" in footer


def test_an_ls_administrator_may_record_it_for_a_document(client, demo_site):  # noqa: F811
    document = demo_site.document
    client.force_login(demo_site.users["redaktor"])  # an LS-administrator
    edit = reverse("wagtailsnippets_ledning_governeddocument:edit", args=[document.pk])
    assert confirm_url(document, "dokument") in client.get(edit).content.decode()
    assert client.post(confirm_url(document, "dokument"), {}).status_code == 302
    entry = ChangeLogEntry.objects.get(document=document, kind="granskad")
    assert entry.editor == demo_site.users["redaktor"]
    document.refresh_from_db()
    assert document.revised_on == REVISED_ON


def test_others_may_not(client, demo_site, django_user_model):  # noqa: F811
    page = demo_site.page()
    for username in ("chef", "medarbetare"):
        client.force_login(demo_site.users[username])
        assert client.post(confirm_url(page), {}).status_code in {302, 403}
        if username == "chef":  # in the admin, but neither owner nor LS-administrator
            edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert confirm_url(page) not in edit.content.decode()
    assert not ChangeLogEntry.objects.filter(kind="granskad").exists()
    # An overdue review shows as such to staff.
    client.force_login(demo_site.users["medarbetare"])
    footer = text_of(soup(client.get(page.url)).find("footer", class_="page-footer"))
    assert "Granskning försenad" in footer
    assert datetime.date.today().isoformat() not in footer
