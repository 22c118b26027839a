"""New pages are written in batches (exchange/pagebatch.py, _Importer.create_pages): tree
paths planned for a whole level, page and page-type rows, revisions, log and change-log entries
a few statements per batch. What users see must be what Wagtail's own one-at-a-time path (the
admin, add_child + save_revision + publish) makes: the address, the live state and revision,
the history, search hits and the reference index; statements do not grow with the pages of a
batch; a failure in a late batch leaves nothing behind."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem, services
from intranet.ledning.governance.models import ChangeLogEntry, ChangeLogKind
from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.models import AreaPage, GovernedDocument, ProcessPage, StartPage
from search.models import DocumentText, SearchEntry
from tests.conftest import soup, text_of
from tests.governance.demo_site import post_form

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BATCH = 4

#: Revision content that differs between two pages by their identity, place or time alone.
IDENTITY = {
    "pk",
    "id",
    "path",
    "slug",
    "url_path",
    "title",
    "draft_title",
    "translation_key",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "body",
    "intro",
    "process_owner",
    "page_owner",
}


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH", BATCH)


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin.pdf").write_bytes(PDF)
    return tmp_path


def process(number: int, area: str = "omrade") -> dict:
    return {
        "type": "process",
        "path": f"{area}/process-{number}",
        "title": f"Nattpatrull steg {number}",
        "intro": "<p>Processens syfte.</p>",
        "page_owner": "Enhetschef område 1",
        "process_owner": f"Processägare {number}",
        "approved_by": "Chef Vård och omsorg",
        "approved_on": "2024-05-28",
        "workplaces": ["omr-1"],
        "body": [
            {"type": "text", "html": f"<p>Så arbetar vi med nattpatrull {number}.</p>"},
            {
                "type": "documents",
                "heading": "Rutiner",
                "document_type": "rutin",
                "items": [{"document": "rutin-larm"}, {"document": "rutin-nyckel"}],
            },
            {
                "type": "related",
                "heading": "Relaterat",
                "links": [{"page": area}, {"url": "https://example.se/lathund"}],
            },
        ],
    }


def system(processes: int, slug: str = "ledningssystem") -> dict:
    return {
        "format": "ledningssystem/1",
        "workplaces": [{"key": "omr-1", "name": "Hemtjänst område 1", "parent": None}],
        "documents": [
            {
                "key": "rutin-larm",
                "type": "rutin",
                "title": "Rutin Trygghetslarm",
                "file": "files/rutin.pdf",
            },
            {"key": "rutin-nyckel", "type": "rutin", "title": "Rutin Nyckelskåp"},
        ],
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": slug,
                "title": "Socialförvaltningens ledningssystem",
                "sections": [{"heading": "Områden", "links": [{"page": "omrade"}]}],
            },
            {
                "type": "area",
                "path": "omrade",
                "title": "Vård och omsorg",
                "groups": [
                    {
                        "heading": "Processer",
                        "links": [{"page": f"omrade/process-{n}"} for n in range(processes)],
                    }
                ],
            },
            *(process(n) for n in range(processes)),
        ],
    }


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def state() -> tuple[int, ...]:
    log_model = log_registry.get_log_model_for_model(Page)
    return (
        Page.objects.count(),
        ProcessPage.objects.count(),
        Revision.objects.count(),
        log_model.objects.count(),
        ChangeLogEntry.objects.count(),
        ReferenceIndex.objects.count(),
        SearchEntry.objects.count(),
        GovernedDocument.objects.count(),
    )


def actions(page: Page) -> list[str]:
    return sorted(log_registry.get_logs_for_instance(page).values_list("action", flat=True))


def comparable(revision: Revision) -> dict:
    return {k: v for k, v in revision.content.items() if k not in IDENTITY}


@pytest.mark.django_db
def test_an_imported_area_page_is_what_the_admin_makes(files_dir, admin_client):
    data = system(0)
    data["pages"][1]["groups"] = []
    import_ledningssystem(data, files_dir=files_dir)
    start = StartPage.objects.get()
    imported = AreaPage.objects.get(slug="omrade")
    url = reverse("wagtailadmin_pages:add", args=["ledning", "areapage", start.pk])
    response = post_form(admin_client, url, AreaPage, "publish", title="Vård i hemmet", slug="hem")
    assert response.status_code == 302
    made = AreaPage.objects.get(slug="hem")

    for page in (imported, made):
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id
        assert page.url_path == f"{start.url_path}{page.slug}/"
        assert page.depth == start.depth + 1 and page.path.startswith(start.path)
        assert page.first_published_at and page.last_published_at
        assert page.latest_revision_created_at
        assert actions(page) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
        assert admin_client.get(page.url).status_code == 200
    start.refresh_from_db()
    assert start.numchild == 2 == start.get_children().count()
    # The admin's form records who made the page, and the state its button asked for.
    admin_only = {"owner", "live"}
    assert {k: v for k, v in comparable(imported.live_revision).items() if k not in admin_only} == {
        k: v for k, v in comparable(made.live_revision).items() if k not in admin_only
    }
    assert imported.live_revision.content["path"] == imported.path
    assert imported.live_revision.object_str == imported.title
    assert [p.slug for p in get_search_backend().search("omsorg", AreaPage)] == ["omrade"]


@pytest.mark.django_db
def test_an_imported_process_page_is_what_publishing_it_one_at_a_time_makes(files_dir):
    """The reference: the page as Wagtail's own calls write it under the import's guard
    (content_import), which the import did page by page before it wrote in batches."""
    import_ledningssystem(system(1), files_dir=files_dir)
    imported = ProcessPage.objects.get(slug="process-0")
    area = AreaPage.objects.get(slug="omrade")
    reference = ProcessPage(
        title="Nattpatrull steg 9", slug="steg-9", live=False, show_in_menus=False
    )
    with content_import():
        area.add_child(instance=reference)
        for name in ("page_owner", "approved_by", "approved_on", "intro", "body"):
            setattr(reference, name, getattr(imported, name))
        reference.workplaces.set(list(imported.workplaces.all()))
        reference.save_revision(log_action=True).publish()
    reference = ProcessPage.objects.get(pk=reference.pk)

    assert imported.live and not imported.has_unpublished_changes
    assert imported.live_revision_id == imported.latest_revision_id
    assert imported.url_path == f"{area.url_path}process-0/"
    assert comparable(imported.live_revision) == comparable(reference.live_revision)
    # What staff see of the body: the revision's renders as the page's does.
    rendered = imported.body.render_as_block()
    assert "document" in rendered  # the body lists the documents
    assert imported.live_revision.as_object().body.render_as_block() == rendered
    assert [w.key for w in imported.workplaces.all()] == ["omr-1"]
    # The history: created, edited, published (the admin's create-and-publish).
    assert actions(imported) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    assert actions(reference) == actions(imported)
    entry = ChangeLogEntry.objects.get(page=imported)
    reference_entry = ChangeLogEntry.objects.get(page=reference)
    assert entry.kind == ChangeLogKind.IMPORT == reference_entry.kind
    assert entry.revision_id == imported.live_revision_id
    assert entry.summary == reference_entry.summary
    assert entry.type_label == reference_entry.type_label

    # The reference index knows what the page uses, as for the page saved one at a time.
    def uses(page: Page) -> set[tuple]:
        return {
            (r.to_content_type_id, r.to_object_id, r.model_path)
            for r in ReferenceIndex.get_references_for_object(page)
        }

    assert uses(imported) == uses(reference)
    for document in GovernedDocument.objects.all():
        users = {ref.object_id for ref in ReferenceIndex.get_references_to(document)}
        assert str(imported.pk) in users
    # Wagtail's search and the site's own.
    found = {p.slug for p in get_search_backend().search("Nattpatrull", ProcessPage)}
    assert found == {"process-0", "steg-9"}
    assert SearchEntry.objects.filter(object_id=imported.pk, title=imported.title).exists()


@pytest.mark.django_db
def test_staff_open_and_find_the_imported_pages(files_dir, staff_client):
    import_ledningssystem(system(BATCH * 2 + 1), files_dir=files_dir)
    for number in (0, BATCH, BATCH * 2):
        page = ProcessPage.objects.get(slug=f"process-{number}")
        response = staff_client.get(page.url)
        assert response.status_code == 200
        assert f"Nattpatrull steg {number}" in text_of(soup(response))
        assert "Rutin Trygghetslarm" in text_of(soup(response))
    found = text_of(soup(staff_client.get(reverse("search:search"), {"q": "nattpatrull"})))
    assert f"Nattpatrull steg {BATCH * 2}" in found
    # The tree is whole: treebeard's own checks find nothing to repair.
    assert Page.find_problems() == ([], [], [], [], [])
    area = AreaPage.objects.get(slug="omrade")
    assert area.numchild == BATCH * 2 + 1 == area.get_children().count()


@pytest.mark.django_db
def test_importing_pages_again_changes_nothing(files_dir):
    import_ledningssystem(system(BATCH * 2 + 1), files_dir=files_dir)
    before, stored = state(), media_files()

    report = import_ledningssystem(system(BATCH * 2 + 1), files_dir=files_dir)

    assert report.changed == 0
    assert state() == before
    assert media_files() == stored


@pytest.mark.django_db
def test_new_pages_under_existing_ones_take_the_next_places(files_dir):
    import_ledningssystem(system(2), files_dir=files_dir)
    last = ProcessPage.objects.get(slug="process-1")

    report = import_ledningssystem(system(BATCH + 3), files_dir=files_dir)

    assert report.created["pages"] == BATCH + 1
    added = ProcessPage.objects.get(slug="process-2")
    assert added.path > last.path and added.depth == last.depth
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_a_failure_in_a_late_page_batch_leaves_nothing_behind(files_dir):
    data = copy.deepcopy(system(BATCH * 2 + 1))
    # Valid to the schema and the checks before writing, refused by the model in the last
    # batch: a page whose address another part of the site answers.
    data["pages"].append({"type": "area", "path": "andringar", "title": "Ändringar"})
    before, stored = state(), media_files()

    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files_dir)

    assert len(caught.value.messages) == 1
    assert caught.value.messages[0].startswith(f"pages[{len(data['pages']) - 1}] (andringar)")
    assert "upptagen" in caught.value.messages[0]
    assert state() == before
    assert media_files() == stored


def statements(processes: int, slug: str, files_dir: Path) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_ledningssystem(system(processes, slug), files_dir=files_dir)
    return len(queries)


@pytest.mark.django_db
def test_statements_do_not_grow_with_the_pages_of_a_batch(files_dir):
    """One batch of pages costs the same statements whether it holds one page or BATCH."""
    # Documents, workplaces, and every content type read once (Django caches them).
    import_ledningssystem(system(1, "forsta"), files_dir=files_dir)

    one = statements(1, "andra", files_dir)
    full = statements(BATCH - 2, "tredje", files_dir)  # with start and area: one full batch

    assert full == one


@pytest.mark.django_db
def test_the_worker_reads_the_text_of_every_imported_file(
    files_dir, monkeypatch, django_capture_on_commit_callbacks
):
    """The new files are handed over in a few messages (search.tasks.queue_text_extraction),
    each then queued as a task of its own: every file's text is read."""
    import search.signal_handlers

    monkeypatch.setattr(search.signal_handlers, "QUEUE_CHUNK", 1)
    data = system(0)
    data["documents"].append(
        {"key": "rutin-natt", "type": "rutin", "title": "Rutin Natt", "file": "files/natt.pdf"}
    )
    (files_dir / "files" / "natt.pdf").write_bytes(PDF)

    with django_capture_on_commit_callbacks(execute=True):
        import_ledningssystem(data, files_dir=files_dir)

    files = set(GovernedDocument.objects.exclude(file=None).values_list("file_id", flat=True))
    assert len(files) == 2
    assert set(DocumentText.objects.values_list("document_id", flat=True)) == files


@pytest.mark.django_db
def test_importing_an_unchanged_system_again_costs_the_same_statements_for_more_pages(
    files_dir,
):
    """Importing again compares the stored pages with the file a batch at a time (their chosen
    documents and pages, their workplaces read once for the batch): one page or a full batch,
    the same statements."""
    import_ledningssystem(system(1, "forsta"), files_dir=files_dir)
    import_ledningssystem(system(1, "andra"), files_dir=files_dir)
    import_ledningssystem(system(BATCH - 2, "tredje"), files_dir=files_dir)

    one = statements(1, "andra", files_dir)
    full = statements(BATCH - 2, "tredje", files_dir)  # with start and area: one full batch

    assert full == one


@pytest.mark.django_db
def test_pages_are_written_and_indexed_a_small_batch_at_a_time(files_dir, monkeypatch):
    """Memory stays flat (issue 16.7): a batch of pages holds every document its pages choose,
    so pages go in batches of PAGE_BATCH however many the file has, and all are written."""
    monkeypatch.setattr(services, "PAGE_BATCH", 2)
    written: list[int] = []
    loaded: list[int] = []
    create_pages = services._Importer.create_pages
    resolve_streams = services.pagebatch.resolve_streams

    def spy_create(self, batch):
        written.append(len(batch))
        return create_pages(self, batch)

    def spy_resolve(objects):
        if objects and isinstance(objects[0], Page):
            loaded.append(len(objects))
        return resolve_streams(objects)

    monkeypatch.setattr(services._Importer, "create_pages", spy_create)
    monkeypatch.setattr(services.pagebatch, "resolve_streams", spy_resolve)

    report = import_ledningssystem(system(BATCH + 1), files_dir=files_dir)

    assert report.created["pages"] == sum(written) == BATCH + 3  # start, area, processes
    assert max(written) == 2 and max(loaded) == 2
    assert ProcessPage.objects.live().count() == BATCH + 1
    assert Page.find_problems() == ([], [], [], [], [])
