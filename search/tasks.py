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
