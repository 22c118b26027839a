"""Whether a document file is a tagged PDF, read once when the file is stored — uploaded or
replaced (the documents' post_save), imported (content_imported) — and kept in PdfTagCheck, so
that the report *PDF utan taggar* asks the database. A file without an answer about its
present content (stored before the answers were kept, or written past save()) is read when
the report is next viewed (check_unchecked), once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from wagtail.documents import get_document_model

from ...models import GovernedDocument, PdfTagCheck
from ..selectors import pdf_is_tagged

BATCH = 200


def is_pdf(file: Any) -> bool:
    return bool(file.file) and file.file.name.lower().endswith(".pdf")


def read_tagged(file: Any) -> bool:
    """pdf_is_tagged for a Wagtail document's file; a file that cannot be opened counts as
    untagged, as one that cannot be read does."""
    try:
        with file.open_file() as stream:
            return pdf_is_tagged(stream)
    except OSError:
        return False


def check_files(files: Iterable[Any]) -> int:
    """Read each PDF among these Wagtail documents whose stored answer is missing or about
    another file (hash or name), and store the answer; how many were read."""
    pdfs = [file for file in files if is_pdf(file)]
    if not pdfs:
        return 0
    known = {
        check.file_id: check
        for check in PdfTagCheck.objects.filter(file_id__in=[file.pk for file in pdfs])
    }
    rows = []
    for file in pdfs:
        check = known.get(file.pk)
        if check and (check.file_hash, check.file_name) == (file.file_hash, file.file.name):
            continue
        rows.append(
            PdfTagCheck(
                file_id=file.pk,
                file_hash=file.file_hash,
                file_name=file.file.name,
                tagged=read_tagged(file),
            )
        )
    PdfTagCheck.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["file"],
        update_fields=["file_hash", "file_name", "tagged"],
    )
    return len(rows)


def check_file_ids(pks: Iterable[int]) -> int:
    """check_files for the Wagtail documents with these ids, BATCH at a time."""
    pks = sorted(set(pks))
    document_model = get_document_model()
    read = 0
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        read += check_files(document_model.objects.filter(pk__in=chunk, file__iendswith=".pdf"))
    return read


def unchecked_file_ids() -> list[int]:
    """The PDF files of live governed documents without an answer about their present
    content (one query; none once every file has been read)."""
    fresh = PdfTagCheck.objects.filter(
        file=OuterRef("file_id"),
        file_hash=OuterRef("file__file_hash"),
        file_name=OuterRef("file__file"),
    )
    return list(
        GovernedDocument.objects.live()
        .filter(file__file__iendswith=".pdf")
        .exclude(Exists(fresh))
        .values_list("file_id", flat=True)
        .distinct()
    )


def check_unchecked() -> int:
    """Read the files unchecked_file_ids() names; how many were read."""
    return check_file_ids(unchecked_file_ids())
