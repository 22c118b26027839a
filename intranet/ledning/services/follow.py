"""Following a page or governed document ("Bevaka")."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from ..models import GovernedDocument, Subscription


def _target(obj: Any) -> dict[str, Any]:
    if isinstance(obj, GovernedDocument):
        return {"document": obj}
    return {"page_id": obj.pk}


def follow(user: Any, obj: Any) -> Subscription:
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(user=user, **_target(obj))
    except IntegrityError:  # a parallel request followed first
        subscription = Subscription.objects.get(user=user, **_target(obj))
    return subscription


def unfollow(user: Any, obj: Any) -> None:
    Subscription.objects.filter(user=user, **_target(obj)).delete()


def set_following(user: Any, obj: Any, following: bool) -> bool:
    if following:
        follow(user, obj)
    else:
        unfollow(user, obj)
    return following
