"""Receivers connected in PortalConfig.ready(): a changed page or site drops the cached menus and
the cached sites of requests."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_unpublished, post_page_move

from intranet.ledning.exchange import content_imported

from .menus import forget_menus_now_and_on_commit
from .sites import forget_sites_now_and_on_commit


def on_tree_changed(sender, instance=None, **kwargs) -> None:
    if instance is None or isinstance(instance, Page | Site):
        forget_menus_now_and_on_commit()
        forget_sites_now_and_on_commit()


def on_content_imported(sender, **kwargs) -> None:
    """The management system's import writes pages in batches, without a save() each."""
    forget_menus_now_and_on_commit()
    forget_sites_now_and_on_commit()


def connect() -> None:
    content_imported.connect(on_content_imported, dispatch_uid="portal_menus_imported")
    # Any Page subclass: sender is the concrete model, so no sender filter here.
    post_save.connect(on_tree_changed, dispatch_uid="portal_menus_saved")
    post_delete.connect(on_tree_changed, dispatch_uid="portal_menus_deleted")
    page_unpublished.connect(on_tree_changed, dispatch_uid="portal_menus_unpublished")
    post_page_move.connect(on_tree_changed, dispatch_uid="portal_menus_moved")
