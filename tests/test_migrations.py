"""Migrations keep a database from before the redesign (issue 14) working.

Issue 14 moved the models into feature packages (governance/, linkcheck/, processmaps/ …). A
database made by the code of commit 81992b0, the last commit before that work, must come through
``migrate`` with its rows, readable by today's models and pages.

The test takes the test database back to the schema of 81992b0 (the leaf migrations of the
project's apps at that commit, below), writes rows the way that schema stores them (through the
historical models Django builds from the migrations: today's classes would not fit an older
schema), migrates forward to today's leaves and reads everything back through today's models and
views. It runs on the database the suite runs on: SQLite by default, PostgreSQL with
DATABASE_URL.
"""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.apps import apps as current_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from intranet.ledning.governed import document_url

#: The leaf migration of each of the project's apps at commit 81992b0 (``git ls-tree 81992b0``).
#: Other apps (Django, Wagtail, taggit …) stay at their current leaves: their packages did not
#: change.
BEFORE_REDESIGN = {
    "ledning": "0009_reminder_deliveries",
    "portal": "0002_create_homepage",
    "search": "0005_search_statistics_permission",
    "staff": "0001_initial",
}

PAGE_TITLE = "Verkställa beslut om hemtjänst"
DOCUMENT_TITLE = "Rutin Genomförandeplan"
DOCUMENT_KEY = "rutin-genomforandeplan"
BROKEN_URL = "https://trasig.example.se/lathund"
TODAY = datetime.date(2026, 11, 30)


def leaves(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def targets_before_redesign(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """Every app's leaf node, with the project's apps at their 81992b0 leaves."""
    graph_leaves = leaves(executor)
    assert {app for app, _ in graph_leaves} >= set(BEFORE_REDESIGN), (
        "an app of the project has no migrations any more: update BEFORE_REDESIGN"
    )
    for app, name in BEFORE_REDESIGN.items():
        assert (app, name) in executor.loader.graph.nodes, (
            f"migration {app}.{name} is gone: a database made at 81992b0 recorded it as "
            "applied, so it must stay (or be replaced by a squashed migration)"
        )
    return [(app, BEFORE_REDESIGN.get(app, name)) for app, name in graph_leaves]


@pytest.fixture
def migrated_from_before_redesign(django_db_serialized_rollback, transactional_db):
    """The test database taken back to the 81992b0 schema, filled by write_old_rows(), and
    migrated forward to today's leaves. Returns what write_old_rows() returned (primary keys).
    Afterwards the data that migrations create (home page, default site) is restored."""
    executor = MigrationExecutor(connection)
    old = targets_before_redesign(executor)
    executor.migrate(old)
    executor.loader.build_graph()
    written = write_old_rows(executor.loader.project_state(old).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves(executor))
    executor.loader.build_graph()
    assert not executor.migration_plan(leaves(executor)), "not every migration was applied"
    return written


def relate(obj, name: str, *others) -> None:
    """Rows of a many-to-many field, written to its table: a historical model has the field but
    not modelcluster's save() that writes a parental many-to-many field's rows."""
    field = obj._meta.get_field(name)
    field.remote_field.through.objects.bulk_create(
        field.remote_field.through(
            **{field.m2m_field_name(): obj, field.m2m_reverse_field_name(): other}
        )
        for other in others
    )


def write_old_rows(old_apps) -> dict[str, int]:
    """Rows as the 81992b0 schema stores them, one of each kind the redesign touched: users,
    workplaces, a process page, a governed document with a tag, the change log and its notice
    and delivery, a subscription, a proposal, a review reminder, a link and where it stands, a
    process map with a step link, a bookmark and a person's preferences."""

    def model(label: str):
        return old_apps.get_model(label)

    content_type = model("contenttypes.ContentType").objects
    user_model = model("auth.User")
    owner = user_model.objects.create(
        username="sidansvarig", first_name="Sara", last_name="Sidansvarig", email="sara@x.se"
    )
    reader = user_model.objects.create(
        username="medarbetare", first_name="Maja", last_name="Medarbetare", email="maja@x.se"
    )

    workplace_model = model("ledning.Workplace")
    area = workplace_model.objects.create(key="vard-och-omsorg", name="Vård och omsorg")
    unit = workplace_model.objects.create(key="hemtjanst-norr", name="Hemtjänst norr", parent=area)

    # A process page under the home page (the default site's root), placed in the tree as
    # treebeard places a child: the parent's path and one more step.
    page_model = model("wagtailcore.Page")
    home = page_model.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    path = Page._get_path(home.path, home.depth + 1, home.numchild + 1)
    slug = "verkstalla-beslut-om-hemtjanst"
    now = timezone.now()
    page = model("ledning.ProcessPage").objects.create(
        title=PAGE_TITLE,
        draft_title=PAGE_TITLE,
        slug=slug,
        path=path,
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        content_type=content_type.get_or_create(app_label="ledning", model="processpage")[0],
        live=True,
        first_published_at=now,
        last_published_at=now,
        page_owner="Chef för område 2 och område 3",
        process_kind="karnprocess",
        process_owner="Verksamhetschef",
        reviewed_by="Ledningsgrupp Vård och omsorg",
        approved_by="Chef Vård och omsorg",
        approved_on=datetime.date(2015, 5, 28),
        revised_on=datetime.date(2017, 11, 30),
        review_interval_months=12,
    )
    relate(page, "page_owner_users", owner)
    relate(page, "workplaces", unit)
    page_model.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    document = model("ledning.GovernedDocument").objects.create(
        key=DOCUMENT_KEY,
        document_type="rutin",
        title=DOCUMENT_TITLE,
        summary="Hur genomförandeplanen tas fram tillsammans med den enskilde.",
        url="https://dokument.example.se/genomforandeplan.pdf",
        author="Kvalitetsstrateg",
        owner="Enhetschef hemtjänst",
        live=True,
        first_published_at=now,
        last_published_at=now,
        approved_by="Chef Vård och omsorg",
        approved_on=datetime.date(2024, 2, 1),
        revised_on=datetime.date(2024, 2, 1),
    )
    relate(document, "owner_users", owner)
    relate(document, "workplaces", area)
    tag = model("taggit.Tag").objects.create(name="hemtjänst", slug="hemtjanst")
    model("ledning.GovernedDocumentTag").objects.create(content_object=document, tag=tag)

    change = model("ledning.ChangeLogEntry").objects.create(
        page=page,
        title=PAGE_TITLE,
        kind="vikt",
        note="Nya tider för uppföljning av genomförandeplanen.",
        type_label="Processsida",
        approver=owner,
        approver_name="Sara Sidansvarig",
        revised_on=TODAY,
        published_at=now,
        summary=["Avsnittet om uppföljning har ändrats."],
    )
    notice = model("ledning.Notice").objects.create(
        change=change,
        subject=f"Ändrad: {PAGE_TITLE}",
        url=f"http://testserver/{slug}/",
    )
    delivery = model("ledning.Delivery").objects.create(
        notice=notice, recipient=reader, email=reader.email, mode="immediate", status="pending"
    )
    subscription = model("ledning.Subscription").objects.create(document=document, user=reader)
    proposal = model("ledning.ChangeProposal").objects.create(
        document=document,
        title=DOCUMENT_TITLE,
        text="Telefonnumret till larmcentralen är fel.",
        kind="administrativ",
        proposed_by=reader,
    )
    reminder = model("ledning.ReviewReminder").objects.create(
        page=page, title=PAGE_TITLE, kind="paminnelse", due_on=TODAY
    )

    link = model("ledning.Link").objects.create(
        key=hashlib.sha256(BROKEN_URL.encode()).hexdigest(),
        url=BROKEN_URL,
        kind="external",
        verdict="broken",
        status=404,
    )
    place = model("ledning.LinkPlace").objects.create(
        link=link, page=page, title=PAGE_TITLE, field="body", text="Lathund"
    )
    relate(place, "owners", owner)

    process_map = model("ledning.ProcessMap").objects.create(
        title="Process Verkställa beslut hemtjänst",
        file="processkartor/hemtjanst.graphml",
        owner="Verksamhetschef",
        description="Från beslut till uppföljning.",
    )
    step = model("ledning.ProcessMapLink").objects.create(
        process_map=process_map, node_label="Upprätta genomförandeplan", document=document
    )

    bookmark = model("staff.Bookmark").objects.create(user=reader, page_id=page.pk)
    # The site's search entry for the document, with the address documents had then.
    search_entry = model("search.SearchEntry").objects.create(
        content_type=model("contenttypes.ContentType").objects.get(
            app_label="ledning", model="governeddocument"
        ),
        object_id=document.pk,
        kind="rutin",
        title=DOCUMENT_TITLE,
        url=f"/ledningssystemet/dokument/{DOCUMENT_KEY}/",
    )
    for name in ("hemtjänst", "dokumentation"):
        model("search.SearchEntryTag").objects.create(entry=search_entry, name=name)
    preferences = model("staff.UserPreferences").objects.create(user=reader, notifications="digest")
    relate(preferences, "workplaces", unit)

    return {
        "owner": owner.pk,
        "reader": reader.pk,
        "area": area.pk,
        "unit": unit.pk,
        "page": page.pk,
        "document": document.pk,
        "change": change.pk,
        "notice": notice.pk,
        "delivery": delivery.pk,
        "subscription": subscription.pk,
        "proposal": proposal.pk,
        "reminder": reminder.pk,
        "link": link.pk,
        "place": place.pk,
        "process_map": process_map.pk,
        "step": step.pk,
        "bookmark": bookmark.pk,
        "search_entry": search_entry.pk,
    }


def test_a_database_from_before_the_redesign_migrates_with_its_content(
    migrated_from_before_redesign,
):
    """One migration run (back and forth) for both checks: the rows read through today's
    models, the page and the document served by today's views."""
    rows_are_readable(migrated_from_before_redesign)
    pages_are_served(migrated_from_before_redesign)


def rows_are_readable(pks: dict[str, int]) -> None:
    model = current_apps.get_model
    reader = get_user_model().objects.get(pk=pks["reader"])
    owner = get_user_model().objects.get(pk=pks["owner"])

    unit = model("ledning.Workplace").objects.get(pk=pks["unit"])
    assert unit.parent.name == "Vård och omsorg"

    page = Page.objects.get(pk=pks["page"]).specific
    assert type(page) is model("ledning.ProcessPage")
    assert (page.title, page.approved_by, page.revised_on) == (
        PAGE_TITLE,
        "Chef Vård och omsorg",
        datetime.date(2017, 11, 30),
    )
    assert page.get_owner_users() == [owner]
    assert list(page.workplaces.all()) == [unit]

    document = model("ledning.GovernedDocument").objects.get(pk=pks["document"])
    assert (document.key, document.get_kind_label(), document.owner_role_text) == (
        DOCUMENT_KEY,
        "Rutin",
        "Enhetschef hemtjänst",
    )
    assert [tag.name for tag in document.tags.all()] == ["hemtjänst"]
    assert document.get_owner_users() == [owner]

    change = model("ledning.ChangeLogEntry").objects.get(pk=pks["change"])
    assert change.target == page
    assert change.summary == ["Avsnittet om uppföljning har ändrats."]
    delivery = model("ledning.Delivery").objects.get(pk=pks["delivery"])
    assert (delivery.notice.change, delivery.recipient, delivery.status) == (
        change,
        reader,
        "pending",
    )
    assert model("ledning.Subscription").objects.get(pk=pks["subscription"]).target == document
    proposal = model("ledning.ChangeProposal").objects.get(pk=pks["proposal"])
    assert (proposal.target, proposal.proposed_by, proposal.status) == (document, reader, "ny")
    assert model("ledning.ReviewReminder").objects.get(pk=pks["reminder"]).target == page

    link_model = model("ledning.Link")
    link = link_model.objects.get(pk=pks["link"])
    assert link_model.objects.get(url=BROKEN_URL) == link
    place = link.places.get()
    assert (place.target, place.target_url, list(place.owners.all())) == (
        page,
        page.get_public_url(),
        [owner],
    )

    process_map = model("ledning.ProcessMap").objects.get(pk=pks["process_map"])
    step = process_map.node_links.get()
    assert (step.pk, step.node_label, step.target) == (
        pks["step"],
        "Upprätta genomförandeplan",
        document,
    )

    bookmark = model("staff.Bookmark").objects.get(pk=pks["bookmark"])
    assert (bookmark.user, bookmark.page.specific) == (reader, page)
    preferences = model("staff.UserPreferences").objects.get(user=reader)
    assert (preferences.notifications, list(preferences.workplaces.all())) == ("digest", [unit])
    # Search results link to the document's address in force (it moved under /ledningssystem/).
    search_entry = model("search.SearchEntry").objects.get(pk=pks["search_entry"])
    assert search_entry.url == document_url(DOCUMENT_KEY)
    assert search_entry.url == f"/ledningssystem/styrdokument/{DOCUMENT_KEY}/"
    # The search's tag facet counts the tags the entry carries (copied onto it).
    assert sorted(search_entry.tag_names) == ["dokumentation", "hemtjänst"]


def pages_are_served(pks: dict[str, int]) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=pks["reader"]))

    page = Page.objects.get(pk=pks["page"]).specific
    response = client.get(page.get_public_url())
    assert response.status_code == 200
    assert PAGE_TITLE in response.content.decode()
    assert "Chef Vård och omsorg" in response.content.decode()

    document = current_apps.get_model("ledning.GovernedDocument").objects.get(pk=pks["document"])
    response = client.get(document.get_public_url())
    assert response.status_code == 200
    assert DOCUMENT_TITLE in response.content.decode()


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    """makemigrations finds nothing to write: every model change has its migration."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")
