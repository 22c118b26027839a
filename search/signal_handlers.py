"""Keep the search index current: publishing, unpublishing, moving and deleting pages and
indexed objects, and uploading or replacing files (their text is read in a Celery task).

While the management system's import writes (intranet.ledning.exchange.import_running), the
per-object work waits: the import's one index pass at its end sends content_batch_loaded for
every batch it wrote (loaded once for all indexes), then content_imported."""

from __future__ import annotations

import logging
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from intranet.ledning.exchange import content_batch_loaded, content_imported, import_running

from . import indexing
from .tasks import QUEUE_CHUNK, extract_document_text, queue_text_extraction

logger = logging.getLogger(__name__)


def _on_commit(function, *args) -> None:
    transaction.on_commit(partial(function, *args))


def _index(model, pk: int) -> None:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return
    indexing.index_object(obj)


def on_page_published(sender, instance, **kwargs) -> None:
    if import_running():
        return
    _on_commit(_index, Page, instance.pk)


def on_page_unpublished(sender, instance, **kwargs) -> None:
    _on_commit(_index, Page, instance.pk)


def on_page_moved(sender, instance, **kwargs) -> None:
    def reindex(pk: int) -> None:
        page = Page.objects.filter(pk=pk).first()
        if page is not None:
            indexing.index_page_subtree(page)

    _on_commit(reindex, instance.pk)


def on_published(sender, instance, **kwargs) -> None:
    if import_running():
        return
    if indexing.is_indexable(instance):
        _on_commit(_index, type(instance), instance.pk)


def on_deleted(sender, instance, **kwargs) -> None:
    """Connected for the indexed models only (register())."""
    indexing.remove_object(instance)


def on_document_saved(sender, instance, created=False, **kwargs) -> None:
    """A file uploaded or replaced: read its text in the background (after the commit, so the
    worker sees it); the objects attaching it get its (new) collection at once."""
    if import_running():
        return
    _on_commit(indexing.index_objects_using_file, instance.pk)
    _on_commit(_queue_extraction, [instance.pk])


def _queue_extraction(document_ids: list[int]) -> None:
    for document_id in document_ids:
        try:
            extract_document_text.delay(document_id)
        except Exception:  # the broker is down: the upload stands, the text can wait
            logger.exception(
                "Search: could not queue text extraction of document %s "
                "(run rebuild_search_index --extract later)",
                document_id,
            )


def _queue_extraction_in_bulk(document_ids: list[int]) -> None:
    """The text of many new files (an import's): a message per QUEUE_CHUNK documents, which
    the worker turns into a task per document (tasks.queue_text_extraction)."""
    for start in range(0, len(document_ids), QUEUE_CHUNK):
        chunk = document_ids[start : start + QUEUE_CHUNK]
        try:
            queue_text_extraction.delay(chunk)
        except Exception:  # the broker is down: the import stands, the text can wait
            logger.exception(
                "Search: could not queue text extraction of %d imported documents "
                "(run rebuild_search_index --extract later)",
                len(chunk),
            )


def on_content_batch_loaded(sender, objects, **kwargs) -> None:
    """The import's one index pass, in its transaction, a batch of one model at a time: the
    objects it wrote, loaded once for every index, indexed in bulk."""
    indexing.index_loaded(sender, objects)


def on_content_imported(sender, objects, files, **kwargs) -> None:
    """The import is written (and indexed, content_batch_loaded): the text of the files it
    stored is read in the background once it has committed."""
    if files:
        _on_commit(_queue_extraction_in_bulk, list(files))


def register() -> None:
    page_published.connect(on_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search_page_moved")
    published.connect(on_published, dispatch_uid="search_published")
    unpublished.connect(on_published, dispatch_uid="search_unpublished")
    for model in apps.get_models():
        if indexing.is_indexed_model(model):
            post_delete.connect(
                on_deleted, sender=model, dispatch_uid=f"search_del_{model._meta.label}"
            )
    post_save.connect(on_document_saved, sender=get_document_model(), dispatch_uid="search_doc")
    content_batch_loaded.connect(on_content_batch_loaded, dispatch_uid="search_batch_imported")
    content_imported.connect(on_content_imported, dispatch_uid="search_content_imported")
