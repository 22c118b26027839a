"""The text inside attached files is searchable; bad files are logged and skipped."""

from __future__ import annotations

import io
import logging
import zipfile

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search import extraction
from search.models import DocumentText, ExtractionStatus

from ..factories import minimal_pdf
from .test_search import api, titles

DOCX_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p><w:p><w:r><w:t>Andra stycket</w:t></w:r></w:p>"
    "</w:body></w:document>"
)
ODT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    "<text:h>Rubrik</text:h><text:p>{}</text:p></office:text></office:body>"
    "</office:document-content>"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def zipped(member: str, xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, xml)
    return buffer.getvalue()


def docx(text: str) -> bytes:
    return zipped("word/document.xml", DOCX_XML.format(text))


def odt(text: str) -> bytes:
    return zipped("content.xml", ODT_XML.format(text))


def test_extracts_pdf_docx_odt():
    assert (
        "Dokumentation i hemtjansten"
        in extraction.extract("a.pdf", minimal_pdf("Dokumentation i hemtjansten")).text
    )
    assert extraction.extract("a.docx", docx("Särskilt boende")).text == (
        "Särskilt boende Andra stycket"
    )
    assert extraction.extract("a.odt", odt("Ekonomiskt bistånd")).text == (
        "Rubrik Ekonomiskt bistånd"
    )
    assert extraction.extract("a.xlsx", b"PK\x03\x04whatever") is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", zipped("word/document.xml", BILLION_LAUGHS), "DTD"),
        ("a.docx", zipped("word/document.xml", XXE), "DTD"),
        ("a.pdf", b"%PDF-1.4\n this is not a pdf at all", "PDF"),
        ("a.pdf", b"MZ\x90\x00 an executable", "inte en PDF"),
        ("a.docx", b"PK\x03\x04 broken zip", "kunde inte läsas"),
        ("a.odt", zipped("other.xml", "<x/>"), "content.xml saknas"),
    ],
)
def test_hostile_or_broken_files_are_refused(name, data, message):
    with pytest.raises(extraction.ExtractionError, match=message):
        extraction.extract(name, data)


def test_limits(settings):
    settings.SEARCH_EXTRACT_MAX_BYTES = 100
    with pytest.raises(extraction.ExtractionError, match="för stor"):
        extraction.extract("a.pdf", minimal_pdf("x" * 200))
    settings.SEARCH_EXTRACT_MAX_BYTES = 10_000_000
    settings.SEARCH_EXTRACT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(extraction.ExtractionError, match="uppackad"):
        extraction.extract("a.docx", docx("a" * 5000))
    settings.SEARCH_EXTRACT_MAX_UNCOMPRESSED_BYTES = 10_000_000
    settings.SEARCH_EXTRACT_MAX_CHARS = 10
    result = extraction.extract("a.docx", docx("a" * 50))
    assert result.truncated and len(result.text) == 10


def upload(title: str, name: str, data: bytes, capture):
    with capture(execute=True):
        return get_document_model().objects.create(title=title, file=ContentFile(data, name=name))


def test_uploaded_file_text_is_searchable_and_replacing_it_reindexes(
    make_document, staff_client, django_capture_on_commit_callbacks
):
    document = make_document("Rutin med bilaga", "rutin")
    file = upload(
        "bilaga",
        "bilaga.docx",
        docx("Kvalitetsledningssystemets bilaga om trygghetslarm"),
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        document.file = file
        document.save_revision().publish()
    data = api(staff_client, q="trygghetslarm")
    assert titles(data) == ["Rutin med bilaga"]
    assert "<mark>trygghetslarm</mark>" in data["results"][0]["snippet"]
    # Replacing the file: the old words go, the new ones come.
    with django_capture_on_commit_callbacks(execute=True):
        file.file = ContentFile(odt("Nattpatrullens rutiner"), name="bilaga.odt")
        file.file_hash = ""
        file.save()
    assert api(staff_client, q="trygghetslarm")["total"] == 0
    assert titles(api(staff_client, q="nattpatrull")) == ["Rutin med bilaga"]


def test_bad_upload_is_logged_and_skipped(
    make_document, staff_client, django_capture_on_commit_callbacks, caplog
):
    document = make_document("Rutin med trasig bilaga", "rutin")
    with caplog.at_level(logging.WARNING, logger="search"):
        file = upload(
            "trasig",
            "trasig.docx",
            zipped("word/document.xml", XXE),
            django_capture_on_commit_callbacks,
        )
    assert get_document_model().objects.filter(pk=file.pk).exists()
    row = DocumentText.objects.get(document=file)
    assert row.status == ExtractionStatus.FAILED and "DTD" in row.error
    assert "skipped text of document" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        document.file = file
        document.save_revision().publish()
    assert titles(api(staff_client, q="trasig bilaga")) == ["Rutin med trasig bilaga"]


def test_upload_stands_when_the_broker_is_down(db, django_capture_on_commit_callbacks, caplog):
    """Redis unreachable: the file is saved, the failure to queue its text is logged."""
    from tasks import celery_app

    from ..governance.realparts import free_port

    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager, conf.task_publish_retry)
    celery_app.close()
    celery_app.amqp._producer_pool = None  # else it keeps publishing to the old transport
    conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    conf.task_always_eager = False
    conf.task_publish_retry = False
    try:
        with caplog.at_level(logging.ERROR, logger="search"):
            file = upload("bilaga", "bilaga.docx", docx("Text"), django_capture_on_commit_callbacks)
    finally:
        celery_app.close()
        celery_app.amqp._producer_pool = None
        conf.broker_url, conf.task_always_eager, conf.task_publish_retry = saved
    assert get_document_model().objects.filter(pk=file.pk).exists()
    assert "could not queue text extraction" in caplog.text
    assert not DocumentText.objects.filter(document=file).exists()
