"""Background work of the search: reading the text of uploaded files."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import conf


@shared_task(
    soft_time_limit=conf.DEFAULTS["EXTRACT_TIMEOUT_SECONDS"] * 2,
    time_limit=conf.DEFAULTS["EXTRACT_TIMEOUT_SECONDS"] * 3,
    ignore_result=True,
)
def extract_document_text(document_id: int) -> None:
    from .documents import extract_document_text as extract
    from .documents import record_failure

    try:
        extract(document_id)
    except SoftTimeLimitExceeded:
        record_failure(document_id, "tidsgränsen för textutläsning överskreds")
