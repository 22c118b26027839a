"""Receivers connected in LedningConfig.ready(): they only hand over to the services."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.signals import page_unpublished, post_page_move, published

from .exchange import content_imported
from .governance import tasks
from .governance.services import approval, guard, pdftags, reviews
from .models import GovernedDocument, GovernedDocumentTag, forget_document_counts
from .readconfirm import services as readconfirm
from .readconfirm.models import ReadRequest, forget_open_targets
from .selectors import forget_navigation


def on_pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """The approval guard, where every publish path of Wagtail ends: a process page or governed
    document saved live with a new live revision, or a revision scheduled for publishing."""
    if raw:
        return
    if isinstance(instance, Revision):
        guard.check_revision_save(instance, update_fields)
    elif guard.governed_model(instance) is not None:
        guard.check_save(instance, update_fields)


def on_published(sender, instance, revision=None, **kwargs) -> None:
    """Every publication of governed content goes into the change log; an approved change of
    substance also has its notice written, and once the publication has committed, its news
    item published and its sending queued."""
    recorded = approval.record_publication(instance, revision)
    if recorded is not None:
        # Läskvittens: a change of substance closes the earlier request, opens the asked one.
        readconfirm.after_publication(instance, revision)
    if recorded is not None and recorded.notice is not None:
        transaction.on_commit(partial(tasks.notice_approved, recorded.notice.pk))


def on_page_tree_changed(sender, instance=None, **kwargs) -> None:
    """A page saved (published, unpublished, renamed), moved or deleted: the cached
    navigation (selectors.support_processes_by_area) may be out of date."""
    if instance is None or isinstance(instance, Page):
        forget_navigation()


def on_content_imported(sender, **kwargs) -> None:
    """The import writes new pages in batches, without a save() each: the cached navigation
    is dropped once, when it has written them."""
    forget_navigation()


def on_content_imported_reviews(sender, objects=None, **kwargs) -> None:
    """The import writes new pages as rows and publishes them with one update: the stored
    review due dates of what it wrote are worked out once it has written them."""
    reviews.update_review_dates(objects or {})


def on_documents_changed(sender, **kwargs) -> None:
    """A governed document, its tags, a tag or a document file (its collection decides who
    may see it) saved or deleted, or an import done: the document index pages' cached counts
    (selectors.document_index) may be out of date."""
    forget_document_counts()


def on_document_file_saved(sender, instance, raw=False, **kwargs) -> None:
    """A document file uploaded or replaced: whether it is a tagged PDF is read now, once
    (the report *PDF utan taggar* asks the stored answer)."""
    if not raw:
        pdftags.check_files([instance])


def on_content_imported_pdfs(sender, files=None, **kwargs) -> None:
    """The import stores its files as rows, without a save() each: the PDFs among them are
    read once it has written them."""
    pdftags.check_file_ids(files or ())


def on_read_request_changed(sender, **kwargs) -> None:
    """A read request opened, closed or deleted: the cached targets of the open requests
    (readconfirm.selectors.open_targets) may be out of date."""
    forget_open_targets()


#: What the document index pages' counts are made of.
COUNTED = (GovernedDocument, GovernedDocumentTag, Tag)


def connect() -> None:
    for index, model in enumerate((*COUNTED, get_document_model())):
        uid = f"ledning_counts_{index}"
        post_save.connect(on_documents_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(on_documents_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    post_save.connect(
        on_document_file_saved, sender=get_document_model(), dispatch_uid="ledning_pdf_tags"
    )
    content_imported.connect(on_content_imported_pdfs, dispatch_uid="ledning_pdf_tags_imported")
    post_save.connect(on_read_request_changed, sender=ReadRequest, dispatch_uid="ledning_rr_saved")
    post_delete.connect(
        on_read_request_changed, sender=ReadRequest, dispatch_uid="ledning_rr_deleted"
    )
    content_imported.connect(on_documents_changed, dispatch_uid="ledning_counts_imported")
    content_imported.connect(on_content_imported, dispatch_uid="ledning_navigation_imported")
    content_imported.connect(on_content_imported_reviews, dispatch_uid="ledning_review_dates")
    pre_save.connect(on_pre_save, dispatch_uid="ledning_approval_guard")
    post_save.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_saved")
    post_delete.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_deleted")
    page_unpublished.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_unpublished")
    post_page_move.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_moved")
    published.connect(on_published, dispatch_uid="ledning_record_publication")
