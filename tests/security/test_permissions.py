"""Reports and actions need their own permission (issue 13, item 6).

Before: as `chef` (an approving manager) every governance report and its export, Sökstatistik
(what every member of staff searched for) and the broken-link report's "Ignorera" were open.
Now each report (its page, its results and export URLs), its menu item and each action needs a
permission; the demo gives them to the groups that need them. A user without the permission
gets what Wagtail's admin answers for any view they may not open (a redirect to the dashboard,
no data) and does not see the menu item.

The users and groups are the demo's (intranet/portal/demo/users.py), built by its own code.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow

from intranet.ledning.linkcheck import services as linkcheck
from intranet.ledning.models import Link
from intranet.portal.demo import users as demo
from tests.factories import GovernedDocumentFactory
from tests.linkcheck.servers import LinkServer

pytestmark = pytest.mark.django_db

SEARCHED = "sekretessbelagd brukare"
ORPHAN = "Rutin som ingen sida listar"


@pytest.fixture
def demo_users(site_tree, settings):
    """The demo's groups and users, and something in every report: an overdue process page, a
    document no page lists, a broken link, a search."""
    settings.LEDNING_LINKCHECK_SKIP = ["*.example.se", "example.se"]
    settings.LEDNING_LINKCHECK_RETRY_BACKOFF = 0.05
    demo.load_demo_users(site_tree.start)
    users = {user.username: user for user in get_user_model().objects.all()}
    GovernedDocumentFactory(title=ORPHAN)
    with LinkServer("127.0.0.5") as web:
        process = site_tree.process
        process.intro = f'<p><a href="{web.url("/gone")}">Gammal blankett</a></p>'
        process.save()
        linkcheck.run_full_check()
    client = Client()
    client.force_login(users["medarbetare"])
    client.get("/sok/", {"q": SEARCHED})
    return users


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def broken_link() -> Link:
    return Link.objects.get(url__endswith="/gone")


# Every report: its page, the results URL (filters), the CSV and XLSX exports; with the text a
# permitted user sees there and the permission it needs.
REPORTS = [
    ("ledning_reports:reviews", "ledning.view_review_report", "Verkställa beslut om hemtjänst"),
    ("ledning_reports:ownerless", "ledning.view_ownerless_report", None),
    ("ledning_reports:orphans", "ledning.view_orphans_report", ORPHAN),
    # The factory's files are PDFs without tags.
    ("ledning_reports:untagged_pdfs", "ledning.view_orphans_report", ORPHAN),
    ("ledning_reports:changes", "ledning.view_change_log_report", None),
    ("ledning_linkcheck:report", "ledning.view_broken_links_report", "Gammal blankett"),
]
STATISTICS = "search_statistics"


def report_urls(name: str) -> list[str]:
    index = reverse(name)
    urls = [index, f"{index}?export=csv", f"{index}?export=xlsx"]
    if name != STATISTICS:
        urls.append(reverse(f"{name}_results"))
    return urls


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_denied(client: Client, url: str, *secrets: str) -> None:
    response = client.get(url)
    # Wagtail's admin answer to a view the user may not open: back to the dashboard.
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"] == reverse("wagtailadmin_home"), url
    assert body_of(response) == b""
    followed = client.get(response["Location"]).content.decode()
    for secret in secrets:
        if secret:
            assert secret not in followed, (url, secret)
    # A script asking gets a plain 403.
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403, url
    for secret in secrets:
        if secret:
            assert secret.encode() not in body_of(response), (url, secret)


def assert_allowed(client: Client, url: str, text: str | None) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if "export=" not in url and "/results/" not in url and text:
        assert text in response.content.decode(), (url, text)
    if "export=csv" in url:
        assert response["Content-Type"].startswith("text/csv")
        if text:
            assert text in body_of(response).decode("utf-8"), url


def test_a_chef_cannot_open_the_governance_reports(demo_users):
    chef = demo_users["chef"]
    client = client_of(chef)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    for name, permission, text in REPORTS:
        assert not chef.has_perm(permission)
        for url in report_urls(name):
            assert_denied(client, url, text, ORPHAN, "Gammal blankett")
        assert reverse(name) not in menu, name


def test_an_ls_administrator_opens_the_governance_reports(demo_users):
    user = demo_users["redaktor"]  # Redaktörer and LS-administratörer
    client = client_of(user)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    for name, permission, text in REPORTS:
        assert user.has_perm(permission)
        for url in report_urls(name):
            assert_allowed(client, url, text)
        assert reverse(name) in menu, name


def test_only_ls_administrators_see_the_search_statistics(demo_users):
    for username in ("chef",):
        client = client_of(demo_users[username])
        for url in report_urls(STATISTICS):
            assert_denied(client, url, SEARCHED)
        assert reverse(STATISTICS) not in client.get(reverse("wagtailadmin_home")).content.decode()

    # An editor who is not an LS-administrator does not see it either.
    editor = get_user_model().objects.create_user(username="bara-redaktor")
    editor.groups.add(Group.objects.get(name=demo.EDITORS))
    client = client_of(editor)
    assert_denied(client, reverse(STATISTICS), SEARCHED)
    assert reverse(STATISTICS) not in client.get(reverse("wagtailadmin_home")).content.decode()

    client = client_of(demo_users["redaktor"])
    response = client.get(reverse(STATISTICS))
    assert response.status_code == 200 and SEARCHED in response.content.decode()
    assert reverse(STATISTICS) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_chef_cannot_ignore_a_broken_link(demo_users):
    link = broken_link()
    url = reverse("ledning_linkcheck:ignore", args=[link.pk])
    response = client_of(demo_users["chef"]).post(url, {"ignore": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    link.refresh_from_db()
    assert not link.ignored


def test_only_those_allowed_to_ignore_see_the_button(demo_users):
    """Someone given the report but not the action sees the report without "Ignorera"."""
    viewer = get_user_model().objects.create_user(username="lasare")
    group = Group.objects.create(name="Läser länkrapporten")
    group.permissions.add(
        *demo.Permission.objects.filter(codename__in=["access_admin", "view_broken_links_report"])
    )
    viewer.groups.add(group)
    client = client_of(viewer)
    page = client.get(reverse("ledning_linkcheck:report")).content.decode()
    assert "Gammal blankett" in page
    ignore_url = reverse("ledning_linkcheck:ignore", args=[broken_link().pk])
    assert ignore_url not in page
    client.post(ignore_url, {"ignore": "1"})
    assert not broken_link().ignored

    editor = client_of(demo_users["redaktor"])
    assert ignore_url in editor.get(reverse("ledning_linkcheck:report")).content.decode()
    editor.post(ignore_url, {"ignore": "1"})
    assert broken_link().ignored


def test_the_permissions_are_in_the_group_editor(demo_users, admin_client):
    group = Group.objects.get(name=demo.LS_ADMINS)
    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    for label in (
        "Kan se rapporten Granskning",
        "Kan se rapporten Trasiga länkar",
        "Kan ignorera trasiga länkar",
        "Kan se sökstatistik",
    ):
        assert label in page, label


def test_the_demo_has_no_wagtail_default_groups(site_tree):
    """Wagtail's Editors and Moderators (rights on the whole tree) are gone; the workflow only
    they could approve is switched off; the demo's own groups are what people are in."""
    assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2
    for _run in range(2):  # idempotent
        demo.load_demo_users(site_tree.start)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    for task in GroupApprovalTask.objects.filter(active=True):
        assert task.groups.exists(), task.name
    for workflow in Workflow.objects.filter(active=True):
        for task in workflow.tasks.filter(active=True):
            specific = task.specific
            assert not hasattr(specific, "groups") or specific.groups.exists(), workflow.name
    # The home page and news are not under a workflow nobody can approve.
    assert site_tree.start.get_parent().specific.get_workflow() is None
    # The demo's people are in the demo's groups only.
    for user in get_user_model().objects.exclude(is_superuser=True):
        assert {group.name for group in user.groups.all()} <= {
            demo.EDITORS,
            demo.LS_ADMINS,
            demo.APPROVERS,
            demo.STAFF,
        }


def test_the_dashboard_follows_the_report_permissions(demo_users):
    """The governance dashboard (its page, its home panel, its menu item) shows a figure only
    with its report's permission; an approving manager, with no report, gets neither."""
    dashboard = reverse("ledning_dashboard:index")
    chef = client_of(demo_users["chef"])
    assert_denied(chef, dashboard, ORPHAN)
    home = chef.get(reverse("wagtailadmin_home")).content.decode()
    assert dashboard not in home and "Ledningssystemet i siffror" not in home

    editor = client_of(demo_users["redaktor"])  # Redaktörer and LS-administratörer
    page = editor.get(dashboard).content.decode()
    for report in ("reviews", "ownerless", "orphans"):
        assert reverse(f"ledning_reports:{report}") in page, report
    assert reverse("ledning_linkcheck:report") in page
    assert "Ledningssystemet i siffror" in editor.get(reverse("wagtailadmin_home")).content.decode()
