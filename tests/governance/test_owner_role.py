"""Owner by role (issue 15, item 6): a process page or governed document can be owned by a role
(a group such as "Chef Vård och omsorg"), not only by people, so that ownership survives staff
changes. Reminders and change proposals go to the role's active members; a report lists the
content whose owners are all inactive or gone, and the content with no owner.

Content comes from the import, people from the demo's users; owners are set in the admin's own
edit forms, as editors do."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from intranet.ledning.governance.services.reviews import send_review_reminders
from intranet.ledning.models import GovernedDocument, ProcessPage
from tests.conftest import soup, text_of

from .conftest import make_user
from .demo_site import demo_site, edit_document, edit_page  # noqa: F401
from .test_reports import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

ROLE = "Chef Vård och omsorg"
CHANGE = {"change_kind": "administrativ", "change_note": "Ansvarig roll i stället för person."}


@pytest.fixture
def role(django_user_model):
    """The role and the one person who holds it now; someone who held it before is inactive."""
    group = Group.objects.create(name=ROLE)
    make_user(django_user_model, "nuvarande-chef", group, first_name="Nora")
    make_user(django_user_model, "tidigare-chef", group, first_name="Tore", is_active=False)
    return group


def set_role(client, site, obj, group) -> None:
    """An editor (redaktor) sets the owner role in the admin form: an administrative change."""
    client.force_login(site.users["redaktor"])
    if isinstance(obj, ProcessPage):
        edit, people = edit_page, {"page_owner_users": []}
    else:
        edit, people = edit_document, {"owner_users": []}
    # No person named (the form reader would otherwise take the list's first option).
    response = edit(client, obj, "publish", owner_group=str(group.pk), **people, **CHANGE)
    assert response.status_code == 302


def test_an_editor_sets_the_owner_role_of_a_page_and_a_document(client, demo_site, role):  # noqa: F811
    client.force_login(demo_site.users["redaktor"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[demo_site.process.pk]))
    assert "Ansvarig roll (grupp)" in form.content.decode()

    set_role(client, demo_site, demo_site.process, role)
    set_role(client, demo_site, demo_site.document, role)

    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    document = GovernedDocument.objects.get(pk=demo_site.document.pk)
    assert page.owner_group == role and not page.has_unpublished_changes
    assert document.owner_group == role and not document.has_unpublished_changes
    # The role's active members own it; the person who left does not.
    assert [user.username for user in page.get_owner_users()] == ["nuvarande-chef"]
    assert [user.username for user in document.get_responsible_users()] == ["nuvarande-chef"]


def test_reminders_go_to_the_role_and_follow_staff_changes(
    client,
    demo_site,  # noqa: F811
    role,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    set_role(client, demo_site, demo_site.process, role)
    mail.outbox.clear()

    send_review_reminders(datetime.date.today())  # the page is long overdue
    to = {address for message in mail.outbox for address in message.to}
    assert "nuvarande-chef@kommun.example" in to
    assert "tidigare-chef@kommun.example" not in to

    # The manager leaves; a new one takes the role. Nobody edits the page.
    nora = django_user_model.objects.get(username="nuvarande-chef")
    nora.is_active = False
    nora.save()
    make_user(django_user_model, "ny-chef", role)
    mail.outbox.clear()
    client.force_login(demo_site.users["medarbetare"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ledning:propose_page", args=[demo_site.process.pk]),
            {"text": "Nyckelskåpet har flyttats.", "kind": "vikt"},
        )
    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["ny-chef@kommun.example"]


def report_rows(client) -> dict[str, list[str]]:
    html = soup(client.get(reverse("ledning_reports:ownerless")))
    return {
        text_of(row.find("td")): [text_of(cell) for cell in row.find_all("td")]
        for row in html.select("tbody tr")
    }


def test_the_report_lists_content_without_an_active_owner(
    client,
    demo_site,  # noqa: F811
    role,
    django_user_model,
):
    # The page is owned by a role nobody active holds any more; the second document by a named
    # person who left; the first document by the role while it is held.
    set_role(client, demo_site, demo_site.document, role)
    empty_role = Group.objects.create(name="Enhetschef Solsidan")
    make_user(django_user_model, "slutat", empty_role, is_active=False)
    set_role(client, demo_site, demo_site.process, empty_role)
    left = make_user(django_user_model, "lamnat", first_name="Lena", last_name="Lämnat")
    other = GovernedDocument.objects.get(key="rutin-nyckelhantering")
    client.force_login(demo_site.users["redaktor"])
    response = edit_document(client, other, "publish", owner_users=[str(left.pk)], **CHANGE)
    assert response.status_code == 302
    left.is_active = False
    left.save()

    client.force_login(demo_site.users["redaktor"])  # an LS-administrator: has the report
    rows = report_rows(client)
    assert "Rutin Genomförandeplan" not in rows  # its role is held by an active person
    page_row = rows["Verkställa beslut om hemtjänst"]
    assert "Alla ansvariga är inaktiva" in page_row
    assert "rollen Enhetschef Solsidan" in page_row
    assert "Alla ansvariga är inaktiva" in rows["Rutin Nyckelhantering"]
    assert "Lena Lämnat" in rows["Rutin Nyckelhantering"]

    # Without any owner at all: the reason says so.
    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    response = edit_page(client, page, "publish", owner_group="", page_owner_users=[], **CHANGE)
    assert response.status_code == 302
    assert "Ingen ansvarig" in report_rows(client)["Verkställa beslut om hemtjänst"]

    exported = csv_rows(client.get(reverse("ledning_reports:ownerless"), {"export": "csv"}))
    assert exported[0] == ["Titel", "Typ", "Orsak", "Ansvariga", "Ansvarig roll"]
    by_title = {row[0]: row for row in exported[1:]}
    assert by_title["Verkställa beslut om hemtjänst"][2] == "Ingen ansvarig"
    assert by_title["Rutin Nyckelhantering"][2:4] == ["Alla ansvariga är inaktiva", "Lena Lämnat"]
    workbook = xlsx_rows(client.get(reverse("ledning_reports:ownerless"), {"export": "xlsx"}))
    assert len(workbook) == len(exported)


def test_the_report_needs_its_permission(client, demo_site):  # noqa: F811
    client.force_login(demo_site.users["chef"])  # an approving manager: no report permission
    response = client.get(reverse("ledning_reports:ownerless"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
