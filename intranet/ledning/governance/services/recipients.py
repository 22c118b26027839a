"""Who is told about an approved change, and how each of them wants to be told.

The host app names the people concerned and their preferences (contract.py, one call per
object and one per set of people); the management system adds its own followers ("Bevaka")
and removes everyone who may not view the object (the one visibility rule, visibility.py), is
inactive or has no e-mail address. All of it is one query on the users, however many they
are."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from ... import contract, visibility
from ...governed import Governed, target_filter
from ..models import DeliveryMode, Subscription

MODES = {contract.IMMEDIATE: DeliveryMode.IMMEDIATE, contract.DIGEST: DeliveryMode.DIGEST}


def followers(obj: Governed) -> QuerySet:
    """Ids of the users following obj, or (for a document) a process page that lists it."""
    following = target_filter(obj) | Q(page_id__in=obj.get_governed_page_ids())
    return Subscription.objects.filter(following).values("user_id")


def notice_recipients(obj: Governed) -> QuerySet:
    """The users to tell about an approved change of obj: named by the host app or following
    it, active, with an e-mail address and allowed to view it; in a stable order."""
    users = (
        get_user_model()
        .objects.filter(contract.notice_recipients(obj) | Q(pk__in=followers(obj)))
        .filter(is_active=True)
        .exclude(email="")
    )
    return visibility.viewers(users, obj).order_by("pk")


def delivery_modes(users: QuerySet) -> dict[str, Any]:
    """How the users want to be told, as the outbox writes it: {"digest": ids, "off": ids};
    everyone else immediately. One call to the host app for all of them."""
    preferences = contract.notification_preferences(users)
    return {
        contract.DIGEST: sorted(
            pk for pk, value in preferences.items() if value == contract.DIGEST
        ),
        contract.OFF: sorted(pk for pk, value in preferences.items() if value == contract.OFF),
    }
