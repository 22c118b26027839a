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
from wagtail.models import PageViewRestriction

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
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not visibility.viewer(request).page_rows:
        # The rule above read every page restriction of the site (this request's Viewer) and
        # there is none: Wagtail's own check, which runs next, is told so instead of asking
        # the database again (two queries on every page view: the page's ancestors, their
        # restrictions). Where any page is restricted, Wagtail asks as before.
        page.get_view_restrictions = PageViewRestriction.objects.none


def before_serve_document(document: Any, request: HttpRequest) -> None:
    refuse_if_restricted(document, request)
