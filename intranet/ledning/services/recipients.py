"""Who is told about an approved change, and how each of them wants to be told.

The staff app (or any other app) contributes through Wagtail hooks, which this app calls but
does not need:

- ``ledning_notice_recipients``: fn(obj) → users concerned by a page or governed document;
- ``ledning_notification_preference``: fn(user) → "immediate", "digest" or "off".

The management system adds its own followers ("Bevaka") and removes everyone who may not view
the object (the one visibility rule, visibility.py), is inactive or has no e-mail address."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail import hooks

from .. import visibility
from .common import specific

PREFERENCES = {"immediate", "digest", "off"}
CHUNK = 500


def _ids(users: Iterable[Any]) -> set[int]:
    ids: set[int] = set()
    if isinstance(users, QuerySet):
        return set(users.values_list("pk", flat=True))
    for user in users or ():
        pk = getattr(user, "pk", user)
        if pk is not None:
            ids.add(int(pk))
    return ids


def follower_ids(obj: Any) -> set[int]:
    """Users following the page or document, and for a document those following a process
    page that lists it."""
    from .. import selectors
    from ..models import GovernedDocument, Subscription

    obj = specific(obj)
    if isinstance(obj, GovernedDocument):
        page_ids = [page.pk for page in selectors.pages_listing_document(obj)]
        query = Q(document=obj) | Q(page_id__in=page_ids)
    else:
        query = Q(page_id=obj.pk)
    return set(Subscription.objects.filter(query).values_list("user_id", flat=True))


def candidate_ids(obj: Any) -> set[int]:
    """Everyone the hooks and the followers name, before any filtering."""
    ids = follower_ids(obj)
    for fn in hooks.get_hooks("ledning_notice_recipients"):
        ids |= _ids(fn(obj))
    return ids


def notice_recipients(obj: Any) -> list[Any]:
    """The users to tell about an approved change of obj: active, with an e-mail address and
    allowed to view it; in a stable order."""
    ids = sorted(candidate_ids(obj))
    user_model = get_user_model()
    recipients: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        users = user_model.objects.filter(pk__in=chunk, is_active=True).exclude(email="")
        recipients.extend(visibility.viewers(users, obj).distinct().order_by("pk"))
    return recipients


def notification_preference(user: Any) -> str:
    """ "immediate", "digest" or "off": the first hook that answers decides."""
    for fn in hooks.get_hooks("ledning_notification_preference"):
        answer = fn(user)
        if answer in PREFERENCES:
            return answer
    return "immediate"
