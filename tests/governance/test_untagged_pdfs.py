"""Governed documents whose file is a PDF without tags are flagged to their owners in the
report *PDF utan taggar*: a screen reader cannot follow such a file's structure, and DIGG
counts documents used in the work as in scope of the accessibility law."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.governance.selectors import pdf_is_tagged
from intranet.portal.demo.versions import demo_pdf
from tests.conftest import soup, text_of

pytestmark = pytest.mark.django_db


def tagged_pdf() -> bytes:
    """A one-page PDF with a structure tree and /MarkInfo /Marked true, as a word processor's
    "tagged PDF" export writes (the tags' content does not matter here)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
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
