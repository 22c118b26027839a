"""The import's fast path (new documents written in batches, the index work done once at the
end of the transaction) keeps what the import did one save at a time: search finds what was
imported, the reference index knows who uses what, the audit log and the change log have their
entries, importing again changes nothing, and a failure leaves nothing behind."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem, services
from intranet.ledning.governance.models import ChangeLogEntry, ChangeLogKind
from intranet.ledning.models import GovernedDocument, ProcessPage
from search import indexing
from search.models import SearchEntry
from tests.conftest import skip_or_fail, soup, text_of

PDF = (
    b"%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%% %d\ntrailer<</Root 1 0 R>>\n%%%%EOF\n"
)
DOCUMENTS = 7  # more than one batch (BATCH is 3 in these tests)


def system() -> dict:
    documents = [
        {
            "key": f"rutin-{n}",
            "type": "rutin",
            "title": f"Rutin Trygghetslarm nummer {n}",
            "file": f"files/rutin-{n}.pdf",
            "tags": ["larm", f"tagg-{n % 2}"],
            "workplaces": ["omr-1"],
            "approved_by": "Chef Vård och omsorg",
            "approved_on": "2024-05-28",
        }
        for n in range(DOCUMENTS)
    ]
    documents.append({"key": "rutin-saknas", "type": "rutin", "title": "Rutin Nyckelskåp"})
    return {
        "format": "ledningssystem/1",
        "workplaces": [{"key": "omr-1", "name": "Hemtjänst område 1", "parent": None}],
        "documents": documents,
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": "ledningssystem",
                "title": "Socialförvaltningens ledningssystem",
                "sections": [{"heading": "Områden", "links": [{"page": "hemtjanst"}]}],
            },
            {
                "type": "process",
                "path": "hemtjanst",
                "title": "Verkställa beslut om hemtjänst",
                "body": [
                    {
                        "type": "documents",
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [{"document": d["key"]} for d in documents],
                    }
                ],
            },
        ],
    }


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH", 3)


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    for n in range(DOCUMENTS):
        (tmp_path / "files" / f"rutin-{n}.pdf").write_bytes(PDF % n)
    return tmp_path


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def state() -> tuple[int, ...]:
    log_model = log_registry.get_log_model_for_model(GovernedDocument)
    return (
        GovernedDocument.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
        get_document_model().objects.count(),
        log_model.objects.count(),
        ChangeLogEntry.objects.count(),
        ReferenceIndex.objects.count(),
        SearchEntry.objects.count(),
    )


@pytest.mark.django_db
def test_staff_find_the_imported_documents(files_dir, staff_client):
    import_ledningssystem(system(), files_dir=files_dir)

    # The site's search, as staff use it …
    page = soup(staff_client.get(reverse("search:search"), {"q": "trygghetslarm"}))
    found = text_of(page)
    for n in range(DOCUMENTS):
        assert f"Rutin Trygghetslarm nummer {n}" in found
    # … and Wagtail's, as editors do in the admin's lists.
    results = get_search_backend().search("Trygghetslarm", GovernedDocument)
    assert {d.key for d in results} == {f"rutin-{n}" for n in range(DOCUMENTS)}
    assert [p.title for p in get_search_backend().search("hemtjänst", ProcessPage)] == [
        "Verkställa beslut om hemtjänst"
    ]


@pytest.mark.django_db
def test_the_reference_index_knows_who_uses_what(files_dir):
    import_ledningssystem(system(), files_dir=files_dir)
    process = ProcessPage.objects.get(slug="hemtjanst")

    for document in GovernedDocument.objects.all():
        users = {ref.object_id for ref in ReferenceIndex.get_references_to(document)}
        assert str(process.pk) in users, document.key
        if document.file_id:
            used_by = ReferenceIndex.get_references_to(document.file)
            assert {ref.object_id for ref in used_by} == {str(document.pk)}


@pytest.mark.django_db
def test_every_imported_object_has_its_revision_and_log_entries(files_dir):
    import_ledningssystem(system(), files_dir=files_dir)

    for document in GovernedDocument.objects.select_related("live_revision"):
        assert document.live and not document.has_unpublished_changes
        assert (
            document.live_revision_id and document.latest_revision_id == document.live_revision_id
        )
        revision = document.live_revision
        assert revision.content["title"] == document.title
        assert revision.as_object().key == document.key
        assert sorted(document.tags.names()) == sorted(revision.as_object().tags.names())
        actions = set(log_registry.get_logs_for_instance(document).values_list("action", flat=True))
        assert "wagtail.publish" in actions
        entry = ChangeLogEntry.objects.get(document=document)
        assert entry.kind == ChangeLogKind.IMPORT and entry.revision_id == revision.pk
    numbered = GovernedDocument.objects.get(key="rutin-1")
    assert sorted(numbered.tags.names()) == ["larm", "tagg-1"]
    assert [w.key for w in numbered.workplaces.all()] == ["omr-1"]
    assert numbered.approved_by == "Chef Vård och omsorg"
    page = ProcessPage.objects.get(slug="hemtjanst")
    assert "wagtail.publish" in set(
        log_registry.get_logs_for_instance(page).values_list("action", flat=True)
    )
    assert ChangeLogEntry.objects.filter(page=page, kind=ChangeLogKind.IMPORT).exists()


@pytest.mark.django_db
def test_importing_again_changes_nothing(files_dir):
    import_ledningssystem(system(), files_dir=files_dir)
    before, stored = state(), media_files()

    report = import_ledningssystem(system(), files_dir=files_dir)

    assert report.changed == 0
    assert state() == before
    assert media_files() == stored


@pytest.mark.django_db
def test_a_failure_in_a_later_batch_rolls_back_everything_and_leaves_no_file(files_dir):
    data = copy.deepcopy(system())
    # Valid to the schema and the checks, refused by the model: both a file and an address.
    data["documents"][DOCUMENTS - 1]["url"] = "https://example.se/rutin.pdf"
    before, stored = state(), media_files()

    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files_dir)

    assert caught.value.messages == [
        f"documents[{DOCUMENTS - 1}] (rutin-{DOCUMENTS - 1}): url: Ange antingen en fil eller "
        "en extern adress, inte båda."
    ]
    assert state() == before
    assert media_files() == stored
    # The signal handlers paused during the import are back: a save indexes again.
    import_ledningssystem(system(), files_dir=files_dir)
    assert get_search_backend().search("Nyckelskåp", GovernedDocument).count() == 1


@pytest.mark.django_db
def test_wagtail_title_norms_are_worked_out_once_per_model_and_right(files_dir):
    """Wagtail's PostgreSQL search index recomputes its title norms (an average over the
    whole table, then an update) after every add_items(): once per batch, the import's index
    pass grew with the square of its size. The import now has them worked out once per model,
    after its last batch, and every entry's norm is what Wagtail's own refresh gives."""
    if connection.vendor != "postgresql":
        skip_or_fail("Wagtail's PostgreSQL search index needs PostgreSQL (set DATABASE_URL)")
    with CaptureQueriesContext(connection) as queries:
        import_ledningssystem(system(), files_dir=files_dir)
    refreshes = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "title_norm" in q["sql"]
    ]
    # Seven documents in batches of three, and the pages: one refresh per indexed model
    # (documents, files, each page type), none per batch.
    indexed = {"ledning_governeddocument", "wagtaildocs_document", "ledning_startpage"}
    assert 0 < len(refreshes) <= len(indexed) + 1, "\n".join(refreshes)

    # Refreshed, each entry's norm is the average title length (at its model's refresh) over
    # its own title's length: the same product for all entries of a model. Left at 1.0 (never
    # refreshed), the product would be each title's own length, which differ here ("Rutin
    # Nyckelskåp", "Rutin Trygghetslarm nummer 3").
    products: dict[int, set[float]] = {}
    for entry in IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0):
        products.setdefault(entry.content_type_id, set()).add(
            round(entry.title_norm * entry.length, 6)
        )
    documents = ContentType.objects.get_for_model(GovernedDocument).pk
    assert len(products[documents]) == 1 and products[documents] != {4.0}
    assert all(len(values) == 1 for values in products.values()), products


def one_tag_each(data: dict) -> dict:
    """The system with one tag per document: the order in which an object's tags are read is
    the database's (no ordering), so with two the same object may be indexed either way."""
    for document in data["documents"]:
        document["tags"] = document.get("tags", [])[-1:]
    return data


def wagtail_index_rows() -> dict[tuple[int, str], tuple[str, ...]]:
    """Every entry of Wagtail's PostgreSQL search index: its vectors as text, its plain texts."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content_type_id, object_id, title::text, autocomplete::text, body::text, "
            f"title_text, body_text FROM {IndexEntry._meta.db_table}"
        )
        return {(row[0], row[1]): tuple(row[2:]) for row in cursor.fetchall()}


@pytest.mark.django_db
def test_wagtail_search_entries_are_what_wagtail_itself_writes(files_dir):
    """The import writes Wagtail's PostgreSQL search entries with its own statement
    (exchange/searchbatch.py: each object's fields read once): every entry — title, body and
    autocomplete vectors with their weights, the plain texts for fuzzy search — is the one
    Wagtail's own add_bulk writes for the same object, for documents, files and every page type."""
    if connection.vendor != "postgresql":
        skip_or_fail("Wagtail's PostgreSQL search index needs PostgreSQL (set DATABASE_URL)")
    data = one_tag_each(system())
    data["documents"][0]["summary"] = "Larmet ska <b>testas</b> varje månad; 100 % svar."
    import_ledningssystem(data, files_dir=files_dir)
    imported = wagtail_index_rows()
    kinds = {content_type for content_type, _pk in imported}
    assert len(kinds) >= 4, kinds  # governed documents, their files, start and process page

    backend = get_search_backend()
    for content_type_id in kinds:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        ids = [pk for ct, pk in imported if ct == content_type_id]
        backend.add_bulk(model, list(model.objects.filter(pk__in=ids)))
    assert wagtail_index_rows() == imported


def site_index_rows() -> dict[tuple[int, int], tuple]:
    fields = [
        f.attname
        for f in SearchEntry._meta.concrete_fields
        if f.name not in ("id", "updated_at", "content_type", "object_id")
    ]
    return {
        (entry.content_type_id, entry.object_id): (
            *(getattr(entry, name) for name in fields),
            sorted(tag.name for tag in entry.tags.all()),
        )
        for entry in SearchEntry.objects.prefetch_related("tags")
    }


@pytest.mark.django_db
def test_the_site_index_of_an_import_is_what_a_rebuild_writes(files_dir):
    """The site's own search index is written from the objects the import's index pass loads
    once for every index (content_batch_loaded), a batch at a time: each entry is the one
    rebuild_search_index writes for the same object."""
    import_ledningssystem(one_tag_each(system()), files_dir=files_dir)
    imported = site_index_rows()
    assert len(imported) == DOCUMENTS + 1 + 2  # the documents and the two pages

    indexing.rebuild()
    rebuilt = site_index_rows()  # with the site's home page, which the import did not write
    assert {key: rebuilt.get(key) for key in imported} == imported
