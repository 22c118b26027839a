"""Services for attached files: extract and store their text, then re-index what uses them."""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail.documents import get_document_model

from . import conf, indexing
from .extraction import ExtractionError, extract
from .models import DocumentText, ExtractionStatus

logger = logging.getLogger(__name__)


def extract_document_text(document_id: int, force: bool = False) -> DocumentText | None:
    """Read the text of a Wagtail document's file into DocumentText (unless the same file was
    read before) and re-index the objects that attach it. Never raises for a bad file."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    row = DocumentText.objects.filter(document=document).first()
    file_hash = document.file_hash or ""
    if row and file_hash and row.file_hash == file_hash and not force:
        return row
    status, text, error = ExtractionStatus.OK, "", ""
    try:
        size = document.file.size
        if size > conf.get("EXTRACT_MAX_BYTES"):
            raise ExtractionError("filen är för stor")
        with document.file.open("rb") as handle:
            data = handle.read(conf.get("EXTRACT_MAX_BYTES") + 1)
        extracted = extract(document.file.name, data)
        if extracted is None:
            status = ExtractionStatus.UNSUPPORTED
        else:
            text = extracted.text
    except ExtractionError as problem:
        status, error = ExtractionStatus.FAILED, str(problem)[:500]
        logger.warning(
            "Search: skipped text of document %s (%s): %s", document.pk, document.file.name, error
        )
    except (OSError, ValueError) as problem:
        status, error = ExtractionStatus.FAILED, f"{type(problem).__name__}: {problem}"[:500]
        logger.warning("Search: cannot open document %s: %s", document.pk, error)
    with transaction.atomic():
        row, _ = DocumentText.objects.update_or_create(
            document=document,
            defaults={"file_hash": file_hash, "status": status, "text": text, "error": error},
        )
        indexing.index_objects_using_file(document.pk)
    return row


def record_failure(document_id: int, error: str) -> None:
    """Remember that a file could not be read in time (the task's time limit struck)."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    logger.warning("Search: skipped text of document %s: %s", document_id, error)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "file_hash": document.file_hash or "",
            "status": ExtractionStatus.FAILED,
            "text": "",
            "error": error[:500],
        },
    )
