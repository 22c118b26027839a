from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from . import selectors, visibility
from .models import GovernedDocument


def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A governed document's own page: its header metadata and where it is listed.

    A document whose file lies in a collection the person may not view is refused with 403,
    as a restricted page is (the site's 403 page names no part of it)."""
    document = get_object_or_404(GovernedDocument.objects.live().for_listing(), key=key)
    viewer = visibility.viewer(request)
    if not viewer.may_view_document(document):
        raise PermissionDenied("restricted document")
    response = render(
        request,
        "ledning/documents/document_detail.html",
        {
            "document": document,
            "tags": list(document.tags.all()),
            "listed_on": selectors.listing_pages_page(document, viewer, request.path, request.GET),
        },
    )
    if viewer.hidden_collection_ids or viewer.hidden_page_paths:
        add_never_cache_headers(response)
    return response


def moved(request: HttpRequest, *, to: str, **kwargs: object) -> HttpResponse:
    """An address the app had before its move, sent on to the route ``to`` it has now: 301 for
    GET and HEAD, 308 otherwise (a form rendered before the move posts again), query string
    kept. Nothing is looked up: every key is sent on alike, so an old address reveals no more
    than the new one (which applies the visibility rule as always)."""
    url = reverse(f"ledning:{to}", kwargs=kwargs)
    query = request.META.get("QUERY_STRING", "")
    if query:
        url = f"{url}?{query}"
    safe = request.method in ("GET", "HEAD")
    return HttpResponsePermanentRedirect(url, preserve_request=not safe)
