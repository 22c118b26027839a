"""Governed documents whose file is a PDF without tags are flagged to their owners in the
report *PDF utan taggar*: a screen reader cannot follow such a file's structure, and DIGG
counts documents used in the work as in scope of the accessibility law."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject
from wagtail.documents import get_document_model

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.governance.selectors import pdf_is_tagged
from intranet.ledning.governance.services.pdftags import check_unchecked
from intranet.ledning.models import GovernedDocument, PdfTagCheck
from intranet.portal.demo.versions import demo_pdf
from tests.conftest import soup, text_of

pytestmark = pytest.mark.django_db


def tagged_pdf(width: int = 595) -> bytes:
    """A one-page PDF with a structure tree and /MarkInfo /Marked true, as a word processor's
    "tagged PDF" export writes (the tags' content does not matter here)."""
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=842)
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree = writer._add_object(root)
    writer._root_object.update(
        {
            NameObject("/StructTreeRoot"): tree,
            NameObject("/MarkInfo"): DictionaryObject({NameObject("/Marked"): BooleanObject(True)}),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document(key: str, title: str, file: str, **fields) -> dict:
    return {"key": key, "type": "rutin", "title": title, "file": file, **fields}


@pytest.fixture
def imported(tmp_path):
    (tmp_path / "otaggad.pdf").write_bytes(demo_pdf("Rutin utan taggar"))
    (tmp_path / "taggad.pdf").write_bytes(tagged_pdf())
    (tmp_path / "trasig.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    (tmp_path / "anteckning.txt").write_text("Inte en PDF", encoding="utf-8")
    import_ledningssystem(
        {
            "format": "ledningssystem/1",
            "documents": [
                document("otaggad", "Rutin utan taggar", "otaggad.pdf", owner="Enhetschef"),
                document("taggad", "Rutin med taggar", "taggad.pdf"),
                document("trasig", "Rutin i trasig PDF", "trasig.pdf"),
                document("text", "Rutin i textfil", "anteckning.txt"),
            ],
        },
        files_dir=tmp_path,
    )
    return tmp_path


def test_the_check_reads_the_catalog():
    assert pdf_is_tagged(io.BytesIO(tagged_pdf())) is True
    assert pdf_is_tagged(io.BytesIO(demo_pdf("Otaggad"))) is False
    assert pdf_is_tagged(io.BytesIO(b"%PDF-1.4\ngarbage")) is False


def test_the_report_lists_untagged_pdfs_with_their_owner(client, governance, imported):
    client.force_login(governance.admin)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("ledning_reports:untagged_pdfs") in menu
    response = client.get(reverse("ledning_reports:untagged_pdfs"))
    assert response.status_code == 200
    rows = {text_of(row.find("td")): text_of(row) for row in soup(response).select("tbody tr")}
    assert set(rows) == {"Rutin utan taggar", "Rutin i trasig PDF"}
    assert "PDF utan taggar" in rows["Rutin utan taggar"]
    assert "Enhetschef" in rows["Rutin utan taggar"]  # the owner written on the document
    # Nothing about the tagged PDF, nor about a file that is no PDF at all.


def test_staff_without_the_report_permission_do_not_see_it(client, imported, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("ledning_reports:untagged_pdfs"))
    assert response.status_code in (302, 403)


def report_rows(client) -> set[str]:
    response = client.get(reverse("ledning_reports:untagged_pdfs"))
    assert response.status_code == 200
    return {text_of(row.find("td")) for row in soup(response).select("tbody tr")}


def test_viewing_the_report_reads_no_file_and_costs_the_same_for_more_pdfs(
    client, governance, imported, monkeypatch
):
    """Whether a PDF is tagged is found out once, when its file is stored: viewing the report
    reads no file however many PDFs there are, and the database picks the rows."""
    client.force_login(governance.admin)
    opened: list[int] = []
    document_model = get_document_model()
    open_file = document_model.open_file

    def counting_open_file(self):
        opened.append(self.pk)
        return open_file(self)

    monkeypatch.setattr(document_model, "open_file", counting_open_file)

    def count() -> int:
        report_rows(client)  # warm the menus and the site
        with CaptureQueriesContext(connection) as queries:
            assert report_rows(client) == {"Rutin utan taggar", "Rutin i trasig PDF"}
        return len(queries)

    few = count()
    for index in range(5):
        (imported / f"taggad-{index}.pdf").write_bytes(tagged_pdf(width=600 + index))
    import_ledningssystem(
        {
            "format": "ledningssystem/1",
            "documents": [
                document(f"taggad-{index}", f"Taggad rutin {index}", f"taggad-{index}.pdf")
                for index in range(5)
            ],
        },
        files_dir=imported,
    )
    opened.clear()
    assert count() == few
    assert opened == []


def test_a_file_replaced_in_the_documents_admin_is_checked_again(
    client, governance, imported, django_user_model
):
    superuser = django_user_model.objects.create_superuser("admin", "admin@kommun.example", "x")
    client.force_login(superuser)
    assert report_rows(client) == {"Rutin utan taggar", "Rutin i trasig PDF"}
    file = GovernedDocument.objects.get(key="otaggad").file
    response = client.post(
        reverse("wagtaildocs:edit", args=[file.pk]),
        {
            "title": file.title,
            "collection": file.collection_id,
            "tags": "",
            "file": SimpleUploadedFile("ny-taggad.pdf", tagged_pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    assert report_rows(client) == {"Rutin i trasig PDF"}
    # And back to an untagged file: listed again.
    client.post(
        reverse("wagtaildocs:edit", args=[file.pk]),
        {
            "title": file.title,
            "collection": file.collection_id,
            "tags": "",
            "file": SimpleUploadedFile("ny-otaggad.pdf", demo_pdf("Otaggad"), "application/pdf"),
        },
    )
    assert report_rows(client) == {"Rutin utan taggar", "Rutin i trasig PDF"}


def test_files_stored_before_the_answers_were_kept_are_read_once(client, governance, imported):
    """After the upgrade no file has a stored answer yet: the first view reads the PDFs once,
    later views read none."""
    PdfTagCheck.objects.all().delete()
    client.force_login(governance.admin)
    assert report_rows(client) == {"Rutin utan taggar", "Rutin i trasig PDF"}
    assert PdfTagCheck.objects.count() == 3  # the three PDFs; not the text file
    assert check_unchecked() == 0
