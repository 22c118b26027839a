from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import GovernedDocument


def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A governed document's own page: its header metadata and where it is listed."""
    document = get_object_or_404(GovernedDocument.objects.live().for_listing(), key=key)
    return render(
        request,
        "ledning/documents/document_detail.html",
        {
            "document": document,
            "tags": list(document.tags.all()),
            "listed_on": selectors.pages_listing_document(document),
        },
    )
