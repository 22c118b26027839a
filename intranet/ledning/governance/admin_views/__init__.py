"""Governance in the Wagtail admin: the early answers of the approval guard (publishing.py),
*Granskad utan ändring* (review.py) and the governance reports (reports.py). Only
ledning/wagtail_hooks.py registers them."""

from .publishing import refuse_bulk_publish, refuse_direct_publish, tell_copy_is_a_draft
from .reports import (
    changes_menu_item,
    orphans_menu_item,
    ownerless_menu_item,
    report_urls,
    review_menu_item,
    untagged_pdfs_menu_item,
)
from .review import page_review_menu_item, review_urls, snippet_review_menu_item

__all__ = [
    "changes_menu_item",
    "orphans_menu_item",
    "ownerless_menu_item",
    "page_review_menu_item",
    "refuse_bulk_publish",
    "refuse_direct_publish",
    "report_urls",
    "review_menu_item",
    "review_urls",
    "snippet_review_menu_item",
    "tell_copy_is_a_draft",
    "untagged_pdfs_menu_item",
]
