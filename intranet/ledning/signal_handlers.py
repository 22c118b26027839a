"""Receivers connected in LedningConfig.ready(): they only hand over to the services."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_unpublished, post_page_move, published, workflow_approved


def on_published(sender, instance, revision=None, **kwargs) -> None:
    from .services.approval import record_publication

    record_publication(instance, revision)


def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    from .services.approval import handle_workflow_approved

    handle_workflow_approved(instance, user)


def on_page_tree_changed(sender, instance=None, **kwargs) -> None:
    """A page saved (published, unpublished, renamed), moved or deleted: the cached
    navigation (selectors.support_processes_by_area) may be out of date."""
    if instance is None or isinstance(instance, Page):
        from .selectors import forget_navigation

        forget_navigation()


def connect() -> None:
    post_save.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_saved")
    post_delete.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_deleted")
    page_unpublished.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_unpublished")
    post_page_move.connect(on_page_tree_changed, dispatch_uid="ledning_navigation_moved")
    published.connect(on_published, dispatch_uid="ledning_record_publication")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="ledning_workflow_approved")
