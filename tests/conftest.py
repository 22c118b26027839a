"""Shared fixtures: a management system's page tree with governed documents, and users.

The tree mirrors seed 001 (Ines, Östhammar):

    Hem (portal.HomePage, created by a data migration at the default site's root)
    └── Socialförvaltningens ledningssystem (StartPage)
        ├── Vård och Omsorg (AreaPage)
        │   ├── Verkställa beslut om hemtjänst (ProcessPage, the seed's example)
        │   ├── Hantera synpunkter och klagomål (ProcessPage shaped by seed 004)
        │   └── Stödprocesser inom vård och omsorg (ProcessPage, slug "stodprocesser")
        ├── Riktlinjer Socialförvaltningen (DocumentIndexPage: riktlinje)
        └── Rutiner Socialförvaltningen (DocumentIndexPage: rutin)
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    ReferenceIndex,
    Site,
)
from wagtail.search import index as search_index
from wagtail.signal_handlers import disable_reference_index_auto_update

from intranet.ledning.models import GovernedDocument, ProcessPage

from .factories import (
    AreaPageFactory,
    DocumentIndexPageFactory,
    GovernedDocumentFactory,
    ProcessPageFactory,
    StartPageFactory,
    documents_block,
    publish_content,
)

PASSWORD = "Hemligt-test-lösen-42"

RIKTLINJER = [
    "Riktlinjer för handläggning enligt socialtjänstlagen inom vård och omsorg",
    "Bilaga till Sol-riktlinje tidsschabloner",
    "Riktlinje dokumentation vid genomförande av beviljade insatser inom vård och omsorg "
    "samt boendestöd",
    "Riktlinje Anhörigstöd",
]
RUTINER = [
    "Ansvar och roller",
    "Rutin Verkställa insatser inom hemtjänsten",
    "Rutin Riskbedömning av arbetsmiljö i brukares hem",
    "Rutin Genomförandeplan",
    "Rutin Nyckelhantering av hemtjänsten",
    "Rutin Insatspärmen och rapporthänvisning",
    "Rutin Tillfällig vistelse i Östhammars kommun",
    "Rutin Bemanning vid akuta behov palliativ vård i livets slut",
]
CHILD_OF_INSATSPARMEN = "Material i insatspärm"
BLANKETTER = ["Informationsmaterial vid första besöket (Hemtjänstmap)"]
PROCESS_MAP_TITLE = "Process Verkställa beslut hemtjänst"
DRAFT_TITLE = "Rutin Utkast som inte är fastställd"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: cached menus and navigation must not outlive the
    pages of an earlier test (rolled back, their ids used again)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield


def pytest_sessionfinish(session, exitstatus):
    """Remove this process's temporary MEDIA_ROOT (test settings make one per process)."""
    media_root = Path(str(getattr(settings, "MEDIA_ROOT", "")))
    if media_root.name.startswith("intranet-test-media-") and media_root.parent == Path(
        tempfile.gettempdir()
    ):
        shutil.rmtree(media_root, ignore_errors=True)


# --- real parts: PostgreSQL ------------------------------------------------------------------


def in_ci() -> bool:
    """Under CI (CI=true) the tests that need real parts must run."""
    return os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> None:
    """Skip locally when a real part is missing; under CI fail instead."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: these tests must run)")
    pytest.skip(reason)


@pytest.fixture
def postgres_db(django_db_serialized_rollback, transactional_db):
    """The test database on a PostgreSQL server, its data committed so that another process (a
    Celery worker, gunicorn) sees it; the in-memory SQLite test database lives inside this
    process. The data that migrations create (the home page, the default site) is restored
    afterwards. Without PostgreSQL (DATABASE_URL) the test is skipped, and fails under CI."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (set DATABASE_URL)")
    return connection


def pytest_collection_modifyitems(config, items):
    """A test that uses postgres_db carries the ``postgres`` mark (``-m postgres`` selects it)."""
    for item in items:
        if "postgres_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


# --- helpers -------------------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    """Parse a response's HTML."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element) -> str:
    """An element's visible text with whitespace collapsed."""
    return " ".join(element.get_text(" ").split())


def error_messages(error: Exception) -> list[str]:
    """Every message in a (nested) block validation error, flattened."""

    def walk(data) -> Iterator[str]:
        if isinstance(data, str):
            yield data
        elif isinstance(data, dict):
            for value in data.values():
                yield from walk(value)
        elif isinstance(data, list | tuple):
            for value in data:
                yield from walk(value)

    if hasattr(error, "as_json_data"):
        return list(walk(error.as_json_data()))
    return list(error.messages)


def process_page_with_documents(parent, documents, **kwargs) -> ProcessPage:
    """A process page whose body is one list of the given documents."""
    return ProcessPageFactory(parent=parent, body=[documents_block("Rutiner", documents)], **kwargs)


# --- the page tree -------------------------------------------------------------------------


@dataclass
class SiteTree:
    home: Page
    start: Page
    area: Page
    process: ProcessPage
    complaints: ProcessPage
    support: ProcessPage
    riktlinjer: Page
    rutiner: Page
    documents: dict[str, GovernedDocument] = field(default_factory=dict)
    draft: GovernedDocument | None = None
    process_map_document: GovernedDocument | None = None


@pytest.fixture
def home_page(db) -> Page:
    """The intranet's home page that the data migration put at the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def make_document(db):
    """Create a governed document: make_document(title, document_type="rutin", **fields)."""

    def make(title: str, document_type: str = "rutin", **kwargs) -> GovernedDocument:
        return GovernedDocumentFactory(title=title, document_type=document_type, **kwargs)

    return make


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Build without updating the search and reference indexes on every save (most of the
    cost of a fixture); index_objects() brings them up to date once at the end."""
    backends = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items()
    } or {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
        yield


def index_objects(objects) -> None:
    """Search and reference index entries for these objects, as saving them would make.

    Like Wagtail's own indexing tasks this works on fresh copies from the database, so the
    fixture's instances keep their StreamField data exactly as it was saved."""
    for obj in objects:
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        search_index.insert_or_update_object(fresh)
        if ReferenceIndex.is_indexed(type(fresh)):
            ReferenceIndex.create_or_update_for_object(fresh)


@pytest.fixture
def site_tree(home_page, make_document) -> SiteTree:
    with indexing_deferred():
        tree = build_site_tree(home_page, make_document)
    pages = [tree.start, tree.area, tree.process, tree.complaints, tree.support]
    pages += [tree.riktlinjer, tree.rutiner]
    documents = [*tree.documents.values(), tree.draft, tree.process_map_document]
    index_objects([*pages, *documents, *(document.file for document in documents)])
    return tree


def build_site_tree(home_page, make_document) -> SiteTree:
    documents = {}
    for title in RIKTLINJER:
        documents[title] = make_document(title, "riktlinje", tags=["vård och omsorg"])
    for title in [*RUTINER, CHILD_OF_INSATSPARMEN]:
        documents[title] = make_document(title, "rutin", tags=["hemtjänst"])
    for title in BLANKETTER:
        documents[title] = make_document(title, "informationsmaterial")
    draft = make_document(DRAFT_TITLE, "rutin", live=False)
    process_map_document = make_document(PROCESS_MAP_TITLE, "informationsmaterial")

    start = StartPageFactory(
        parent=home_page,
        slug="ledningssystem",
        intro="<p>Ledningssystemet innehåller socialförvaltningens utgångspunkter och ramar "
        "för det systematiska kvalitetsarbetet.</p>",
    )
    area = AreaPageFactory(
        parent=start,
        slug="vard-och-omsorg",
        intro="<p>Här finner du vård och omsorgs specifika delar av socialförvaltningens "
        "ledningssystem.</p>",
    )
    riktlinjer = DocumentIndexPageFactory(
        parent=start,
        title="Riktlinjer Socialförvaltningen",
        slug="riktlinjer",
        document_types=["riktlinje"],
    )
    rutiner = DocumentIndexPageFactory(
        parent=start,
        title="Rutiner Socialförvaltningen",
        slug="rutiner",
        document_types=["rutin"],
    )
    support = ProcessPageFactory(
        parent=area,
        title="Stödprocesser inom vård och omsorg",
        slug="stodprocesser",
        intro="<p>Läkemedelshantering, hygienrutiner, fall och trycksår.</p>",
    )

    def docs(titles):
        return [documents[title] for title in titles]

    rutiner_items = []
    for title in RUTINER:
        if title == "Rutin Insatspärmen och rapporthänvisning":
            rutiner_items.append((documents[title], [documents[CHILD_OF_INSATSPARMEN]]))
        else:
            rutiner_items.append(documents[title])
        if title == "Rutin Genomförandeplan":
            rutiner_items.append(draft)

    process = ProcessPageFactory(
        parent=area,
        title="Verkställa beslut om hemtjänst",
        slug="verkstalla-beslut-om-hemtjanst",
        intro="<p>Hemtjänst ska underlätta boendet och det dagliga livet när sjukdom och "
        "funktionsnedsättning gör det svårt för en person att klara sig själv.</p>",
        page_owner="Chef för område 2 och område 3",
        reviewed_by="Ledningsgrupp Vård och omsorg",
        approved_by="Chef Vård och omsorg",
        approved_on=datetime.date(2015, 5, 28),
        revised_on=datetime.date(2017, 11, 30),
        body=[
            documents_block("Riktlinjer", docs(RIKTLINJER), "riktlinje"),
            documents_block("Rutiner", rutiner_items, "rutin"),
            documents_block("Blanketter, mallar och informationsmaterial", docs(BLANKETTER)),
            {
                "type": "related",
                "id": "related-1",
                "heading": "Relaterat material",
                "links": [
                    {"page": support, "text": "Stödprocesser"},
                    {"url": "https://lathundar.example.se/", "text": "Lathundar verksamhetssystem"},
                ],
            },
            {"type": "heading", "text": "Processflöde verkställa hemtjänst"},
            {
                "type": "process_map",
                "id": "karta-hemtjanst",
                "title": PROCESS_MAP_TITLE,
                "large": True,
                "document": process_map_document,
            },
        ],
    )
    complaints = ProcessPageFactory(
        parent=area,
        title="Hantera synpunkter och klagomål",
        slug="synpunkter-och-klagomal",
        page_owner="Kvalitetsstrateg",
        process_kind="karnprocess",
        process_owner="Socialchef",
        process_lead="Kvalitetsstrateg",
        body=[
            {
                "type": "key_figures",
                "rows": [
                    {
                        "goal": "Klagomål besvaras snabbt",
                        "figure": "Andel klagomål besvarade inom två veckor",
                        "target": "100 %",
                        "follow_up": "Varje kvartal",
                    }
                ],
            },
            {
                "type": "risks",
                "rows": [
                    {
                        "risk": "Klagomål blir liggande obesvarade",
                        "severity": 3,
                        "likelihood": 2,
                        "action": "Registrator bevakar svarstiden.",
                    },
                    {
                        "risk": "Synpunkter registreras inte",
                        "severity": 4,
                        "likelihood": 4,
                        "action": "Utbildning för alla nyanställda.",
                    },
                ],
            },
            {
                "type": "responsibilities",
                "rows": [
                    {
                        "role": "Enhetschef",
                        "duties": [
                            "att synpunkter och klagomål tas emot och slutförs inom 14 dagar",
                            "att återkoppla till den som lämnat synpunkten",
                        ],
                    },
                    {"role": "Medarbetare", "duties": ["att ta emot synpunkter"]},
                ],
            },
        ],
    )
    publish_content(
        start,
        sections=[
            {"heading": "Verksamhetsspecifika områden", "links": [{"page": area}]},
            {
                "heading": "Länkar till samtliga dokument i ledningssystemet",
                "links": [{"page": riktlinjer}, {"page": rutiner}],
            },
        ],
    )
    publish_content(
        area,
        groups=[
            {"heading": "Att verkställa beslut", "links": [{"page": process}]},
            {
                "heading": "Stödprocesser inom vård och omsorg (A-Ö)",
                "links": [{"page": support, "text": "Stödprocesser"}],
            },
        ],
    )

    return SiteTree(
        home=home_page,
        start=start,
        area=area,
        process=process,
        complaints=complaints,
        support=support,
        riktlinjer=riktlinjer,
        rutiner=rutiner,
        documents=documents,
        draft=draft,
        process_map_document=process_map_document,
    )


# --- users ---------------------------------------------------------------------------------


@pytest.fixture
def staff_user(django_user_model):
    """A member of staff (medarbetare): may read everything, may not use the admin."""
    return django_user_model.objects.create_user(
        username="medarbetare", password=PASSWORD, first_name="Maja", last_name="Medarbetare"
    )


@pytest.fixture
def editor_group(db) -> Group:
    """Editors (redaktörer): the admin, pages anywhere, governed documents and files."""
    group = Group.objects.create(name="Redaktörer")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="ledning",
            codename__in=[
                "add_governeddocument",
                "change_governeddocument",
                "delete_governeddocument",
                "publish_governeddocument",
                "add_workplace",
                "change_workplace",
            ],
        ),
    )
    root = Page.get_first_root_node()
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=root, permission_type=permission_type)
    collection = Collection.get_first_root_node()
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    return group


@pytest.fixture
def editor_user(django_user_model, editor_group):
    user = django_user_model.objects.create_user(
        username="redaktor", password=PASSWORD, first_name="Erik", last_name="Redaktör"
    )
    user.groups.add(editor_group)
    return user


@pytest.fixture
def staff_client(staff_user):
    """A browser logged in as the staff member (its own, so it can sit beside an editor's)."""
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def editor_client(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client
