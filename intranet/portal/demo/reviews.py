"""Demo content for the review status: the demo's content is dated 2016–2018 (the seeds), so
nearly all of it would be overdue. The LS-administrator has reviewed it without change
(*Granskad utan ändring*, the same service as the admin's action) except one process page,
*Synpunkter och klagomål*, which stays overdue: staff see its calm *Granskning försenad*
badge, and the dashboard one overdue review.

Idempotent: nothing is recorded once any review without change exists."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from intranet.ledning.governance.selectors import review_items
from intranet.ledning.governance.services import record_review_without_change
from intranet.ledning.models import ChangeLogEntry, ChangeLogKind

from .users import LS_ADMINS

#: The one process page left overdue (its slug).
OVERDUE_SLUG = "synpunkter"
NOTE = "Genomgången vid den årliga revisionen: stämmer med arbetssättet."


def load_demo_reviews() -> list[str]:
    """Record the reviews; return the titles reviewed (none when run before)."""
    if ChangeLogEntry.objects.filter(kind=ChangeLogKind.REVIEWED).exists():
        return []
    reviewer = (
        get_user_model()
        .objects.filter(groups__name=LS_ADMINS, is_active=True)
        .order_by("username")
        .first()
    )
    if reviewer is None:
        return []
    reviewed = []
    for item in review_items(states={"overdue"}):
        if getattr(item.obj, "slug", None) == OVERDUE_SLUG:
            continue
        record_review_without_change(item.obj, reviewer, NOTE)
        reviewed.append(item.title)
    return reviewed
