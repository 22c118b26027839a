"""Receivers connected in LedningConfig.ready(): they only hand over to the services."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, Revision
from wagtail.signals import page_unpublished, post_page_move, published

from .selectors import forget_navigation


def on_pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """The approval guard, where every publish path of Wagtail ends: a process page or governed
    document saved live with a new live revision, or a revision scheduled for publishing."""
    if raw:
        return
    if isinstance(instance, Revision):
        from .services.guard import check_revision_save

        check_revision_save(instance, update_fields)
        return
    from .models import GovernedDocument

    if isinstance(instance, Page | GovernedDocument):
        from .services.guard import check_save

        check_save(instance, update_fields)


def on_published(sender, instance, revision=None, **kwargs) -> None:
    from .services.approval import record_publication

    record_publication(instance, revision)


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
