"""Receivers connected in LedningConfig.ready(): they only hand over to the services."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, Revision
from wagtail.signals import page_unpublished, post_page_move, published

from .governance import tasks
from .governance.services import approval, guard
from .readconfirm import services as readconfirm
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


def connect() -> None:
    pre_save.connect(on_pre_save, dispatch_uid="ledning_approval_guard")
    post_save.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_saved")
    post_delete.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_deleted")
    page_unpublished.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_unpublished")
    post_page_move.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_moved")
    published.connect(on_published, dispatch_uid="ledning_record_publication")
