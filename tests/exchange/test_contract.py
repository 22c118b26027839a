"""The import keeps the contract of `ledningssystem/1` (docs/format.md): a document may come
without a file (staff see that it is still missing, the administrators can list it), and what
the import stores passes the same checks as the admin's upload (a yEd map with a DOCTYPE or
entities is refused with the entry and field named, and nothing is written)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem
from intranet.ledning.models import GovernedDocument, ProcessPage
from intranet.ledning.selectors import documents_missing_file
from tests.conftest import soup, text_of

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PROCESS = "pages[1] (hemtjanst)"

DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE graphml>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G"/></graphml>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G">&xxe;</graph></graphml>
"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G">&lol4;</graph></graphml>
"""


def system() -> dict:
    """A start page, a process listing three routines (one still without a file) and a
    document page of routines."""
    return {
        "format": "ledningssystem/1",
        "documents": [
            {
                "key": "rutin-nycklar",
                "type": "rutin",
                "title": "Rutin Nyckelhantering",
                "file": "files/nycklar.pdf",
            },
            {
                "key": "rutin-larm",
                "type": "rutin",
                "title": "Rutin Trygghetslarm",
                "owner": "Enhetschef hemtjänst",
            },
            {
                "key": "rutin-sol",
                "type": "rutin",
                "title": "Rutin Dokumentation enligt SoL",
                "url": "https://example.se/sol.pdf",
            },
        ],
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": "ledningssystem",
                "title": "Socialförvaltningens ledningssystem",
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
                        "items": [
                            {"document": "rutin-nycklar"},
                            {"document": "rutin-larm"},
                            {"document": "rutin-sol"},
                        ],
                    },
                    {"type": "related", "links": [{"document": "rutin-larm"}]},
                ],
            },
            {
                "type": "documents",
                "path": "rutiner",
                "title": "Rutiner",
                "document_types": ["rutin"],
            },
        ],
    }


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "nycklar.pdf").write_bytes(PDF)
    return tmp_path


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def counts() -> tuple[int, ...]:
    return (
        GovernedDocument.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
        get_document_model().objects.count(),
    )


# --- a document whose file is still missing ------------------------------------------------


@pytest.mark.django_db
def test_a_document_without_file_or_address_is_imported(files_dir):
    report = import_ledningssystem(system(), files_dir=files_dir)

    assert report.created["documents"] == 3
    missing = GovernedDocument.objects.get(key="rutin-larm")
    assert missing.live and missing.file is None and missing.url == ""
    assert missing.file_missing
    assert not GovernedDocument.objects.get(key="rutin-nycklar").file_missing
    assert not GovernedDocument.objects.get(key="rutin-sol").file_missing
    # Importing the same file again changes nothing.
    again = import_ledningssystem(system(), files_dir=files_dir)
    assert again.changed == 0


@pytest.mark.django_db
def test_staff_see_that_the_document_is_still_missing(files_dir, staff_client):
    import_ledningssystem(system(), files_dir=files_dir)
    missing = GovernedDocument.objects.get(key="rutin-larm")

    detail = soup(staff_client.get(reverse("ledning:document", kwargs={"key": "rutin-larm"})))
    assert "Dokumentet saknas än" in text_of(detail)
    assert "Öppna dokument" not in text_of(detail)
    assert not detail.select('a[href=""]')

    index = soup(staff_client.get(Page.objects.get(slug="rutiner").url))
    card = next(c for c in index.select(".document-card") if "Trygghetslarm" in text_of(c))
    assert "Dokumentet saknas än" in text_of(card)
    assert "Öppna dokument" not in text_of(card)
    other = next(c for c in index.select(".document-card") if "Nyckelhantering" in text_of(c))
    assert "Öppna dokument" in text_of(other)

    process = soup(staff_client.get(ProcessPage.objects.get(slug="hemtjanst").url))
    assert text_of(process).count("Dokumentet saknas än") == 2  # the list and the related link
    assert not process.select('a[href=""]')
    # The title leads to the document's own page, which says who is responsible.
    links = [a for a in process.select("a") if text_of(a) == "Rutin Trygghetslarm"]
    assert links and {a["href"] for a in links} == {missing.get_absolute_url()}
    # The others still open their file or address.
    hrefs = {text_of(a): a["href"] for a in process.select("a")}
    assert hrefs["Rutin Dokumentation enligt SoL"] == "https://example.se/sol.pdf"
    assert hrefs["Rutin Nyckelhantering"].startswith("/")


@pytest.mark.django_db
def test_documents_missing_their_file_are_listed_for_their_owners(files_dir, django_user_model):
    import_ledningssystem(system(), files_dir=files_dir)
    owner = django_user_model.objects.create_user(username="agare")
    other = django_user_model.objects.create_user(username="annan")
    missing = GovernedDocument.objects.get(key="rutin-larm")

    assert [d.key for d in documents_missing_file()] == ["rutin-larm"]
    assert list(documents_missing_file(owner=owner)) == []

    missing.owner_users.add(owner)
    missing.save()
    GovernedDocument.objects.get(key="rutin-nycklar").owner_users.add(owner)

    assert [d.key for d in documents_missing_file(owner=owner)] == ["rutin-larm"]
    assert list(documents_missing_file(owner=other)) == []


# --- what the import stores passes the admin's checks ----------------------------------------


def with_map_document(files_dir: Path, content: bytes) -> dict:
    """The system with a yEd map given as a governed document and drawn on the process page."""
    (files_dir / "files" / "karta.graphml").write_bytes(content)
    data = copy.deepcopy(system())
    data["documents"].append(
        {
            "key": "karta-hemtjanst",
            "type": "informationsmaterial",
            "title": "Processkarta hemtjänst",
            "file": "files/karta.graphml",
        }
    )
    data["pages"][1]["body"].append(
        {"type": "process_map", "title": "Processkarta", "document": "karta-hemtjanst"}
    )
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [DOCTYPE, EXTERNAL_ENTITY, BILLION_LAUGHS],
    ids=["doctype", "external-entity", "billion-laughs"],
)
def test_a_yed_map_document_with_a_doctype_or_entities_is_refused(files_dir, content):
    before, stored = counts(), media_files()

    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(with_map_document(files_dir, content), files_dir=files_dir)

    assert len(caught.value.messages) == 1
    assert caught.value.messages[0].startswith(
        "documents[3] (karta-hemtjanst): file: kartan ”files/karta.graphml” kan inte tas emot: "
        "Filen innehåller en dokumenttypsdeklaration (DOCTYPE) eller entiteter."
    )
    assert counts() == before
    assert media_files() == stored


@pytest.mark.django_db
def test_a_document_file_that_is_not_a_yed_map_is_refused_as_one(files_dir):
    before, stored = counts(), media_files()

    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(with_map_document(files_dir, b"ingen karta"), files_dir=files_dir)

    assert len(caught.value.messages) == 1
    assert caught.value.messages[0].startswith(
        "documents[3] (karta-hemtjanst): file: kartan ”files/karta.graphml” kan inte tas emot: "
    )
    assert counts() == before
    assert media_files() == stored


@pytest.mark.django_db
def test_a_valid_yed_map_document_is_imported(files_dir, staff_client):
    content = (
        Path(__file__).parents[1] / "processmaps" / "fixtures" / "hemtjanst.graphml"
    ).read_bytes()
    import_ledningssystem(with_map_document(files_dir, content), files_dir=files_dir)

    document = GovernedDocument.objects.get(key="karta-hemtjanst")
    assert document.file is not None and document.file_extension == "GRAPHML"
    page = soup(staff_client.get(ProcessPage.objects.get(slug="hemtjanst").url))
    assert {a["href"] for a in page.select("a") if text_of(a) == "Processkarta"} == {
        document.open_url
    }
