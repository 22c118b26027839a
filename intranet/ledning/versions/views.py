"""Staff-facing views of document versions. Each applies the document's visibility
(visibility.py) exactly as the document's own page does: a document the person may not view is
refused (403), an earlier version's file also when its own collection is closed to them."""

from __future__ import annotations

import datetime
import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import visibility
from ..models import DocumentVersion, GovernedDocument
from . import selectors

SUPERSEDED_PREFIX = "ERSATT-"


def _document(request: HttpRequest, key: str) -> GovernedDocument:
    document = get_object_or_404(GovernedDocument.objects.live().for_listing(), key=key)
    if not visibility.viewer(request).may_view_document(document):
        raise PermissionDenied("restricted document")
    return document


def _version(request: HttpRequest, key: str, number: int) -> DocumentVersion:
    document = _document(request, key)
    found = selectors.version(document, number)
    if found is None:
        raise Http404
    if not selectors.may_view_version(visibility.viewer(request), found):
        raise PermissionDenied("restricted file")
    return found


def _private(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    viewer = visibility.viewer(request)
    if viewer.hidden_collection_ids or viewer.hidden_page_paths:
        add_never_cache_headers(response)
    return response


def _file_response(file_obj, *, superseded: bool) -> FileResponse:
    """The file as a download, named ERSATT-… when the version is no longer in force."""
    name = file_obj.file.name
    try:
        handle = file_obj.file.storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    filename = posixpath.basename(name)
    if superseded:
        filename = SUPERSEDED_PREFIX + filename
    response = FileResponse(
        handle,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        as_attachment=True,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def version_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """An approved version's own page; the version in force lives at the document's address."""
    found = _version(request, key, number)
    if found.in_force:
        return HttpResponseRedirect(found.document.get_absolute_url())
    response = render(
        request,
        "ledning/versions/version_detail.html",
        {"document": found.document, "version": found},
    )
    return _private(request, response)


@require_safe
def version_file(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """The file of one approved version, marked ERSATT in its name when superseded."""
    found = _version(request, key, number)
    if not found.file_id or found.file is None:
        raise Http404
    return _file_response(found.file, superseded=not found.in_force)


@require_safe
def current_file(request: HttpRequest, key: str) -> HttpResponse:
    """The permanent address of the version in force: its file (or its external address)."""
    document = _document(request, key)
    if document.file_id and document.file is not None:
        return _file_response(document.file, superseded=False)
    if document.url:
        return HttpResponseRedirect(document.url)
    raise Http404


@require_safe
def version_api(request: HttpRequest, key: str) -> JsonResponse:
    """JSON: the document's versions, and with ``?datum=ÅÅÅÅ-MM-DD`` the one that applied that
    day (``applied`` is null when none applied yet)."""
    document = _document(request, key)
    data = {
        "key": document.key,
        "title": document.title,
        "url": document.get_absolute_url(),
        "versions": [
            selectors.version_json(found, document)
            for found in selectors.versions_of(document)
            if found.in_force or selectors.may_view_version(visibility.viewer(request), found)
        ],
    }
    text = request.GET.get("datum", request.GET.get("date"))
    if text is not None:
        day = selectors.parse_day(text)
        if day is None:
            return JsonResponse(
                {"error": _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-01.")},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        data["date"] = day.isoformat()
        data["applied"] = _applied_json(request, document, day)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return _private(request, response)


def _applied_json(request: HttpRequest, document: GovernedDocument, day: datetime.date):
    applied = selectors.applied_on(document, day)
    if applied is None:
        return None
    if applied.version is not None and not selectors.may_view_version(
        visibility.viewer(request), applied.version
    ):
        # A version whose file lies in a collection closed to the person: when, not what.
        return {
            "number": applied.version.number,
            "in_force": applied.in_force,
            "in_force_from": applied.version.in_force_from.isoformat(),
            "in_force_to": applied.version.in_force_to.isoformat()
            if applied.version.in_force_to
            else None,
            "restricted": True,
        }
    return selectors.version_json(applied.version, document)
