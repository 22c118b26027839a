"""Background work of the search: reading the text of uploaded files."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import conf, documents


@shared_task(
    soft_time_limit=conf.DEFAULTS["EXTRACT_TIMEOUT_SECONDS"] * 2,
    time_limit=conf.DEFAULTS["EXTRACT_TIMEOUT_SECONDS"] * 3,
    ignore_result=True,
)
def extract_document_text(document_id: int) -> None:
    try:
        documents.extract_document_text(document_id)
    except SoftTimeLimitExceeded:
        documents.record_failure(document_id, "tidsgränsen för textutläsning överskreds")


#: Documents handed over per message by queue_text_extraction's callers.
QUEUE_CHUNK = 1000


@shared_task(ignore_result=True)
def queue_text_extraction(document_ids: list[int]) -> None:
    """Queue the text extraction of each of these documents, one task each (each with its own
    time limit, spread over the workers). A bulk import hands its thousands of new files over
    in a few such messages, so that queuing them costs the worker, not the import."""
    for document_id in document_ids:
        extract_document_text.delay(document_id)
