"""A logged-in person outside a page's or a collection's restriction gets a 403 page in
Swedish, never a redirect to the login page (which would send them straight back: a loop).

Registered as Wagtail's before_serve_page and before_serve_document hooks (wagtail_hooks.py);
they run before Wagtail's own restriction checks, which still send anonymous visitors to the
login page and ask for a password where a restriction has one. The rule itself is the
management system's one visibility rule (intranet/ledning/visibility.py)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from intranet.ledning import visibility

logger = logging.getLogger(__name__)


def refuse_if_restricted(obj: Any, request: HttpRequest) -> None:
    """Raise PermissionDenied (the 403 page) when a logged-in person may not view obj."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    if visibility.viewer(request).refused(obj):
        logger.info("Restricted %s %s refused to user %s", type(obj).__name__, obj.pk, user.pk)
        raise PermissionDenied("restricted")


def before_serve_page(page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    refuse_if_restricted(page, request)


def before_serve_document(document: Any, request: HttpRequest) -> None:
    refuse_if_restricted(document, request)
