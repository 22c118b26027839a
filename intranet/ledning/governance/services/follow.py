"""Following a page or governed document ("Bevaka")."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from ..models import Subscription


def follow(user: Any, obj: Any) -> Subscription:
    target = Subscription.about(obj)
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(user=user, **target)
    except IntegrityError:  # a parallel request followed first
        subscription = Subscription.objects.get(user=user, **target)
    return subscription


def unfollow(user: Any, obj: Any) -> None:
    Subscription.objects.filter(Subscription.filter_for(obj), user=user).delete()


def set_following(user: Any, obj: Any, following: bool) -> bool:
    if following:
        follow(user, obj)
    else:
        unfollow(user, obj)
    return following
