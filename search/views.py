"""The search page, the JSON search API and autocomplete; all need a logged-in user (the
project's LoginRequiredMiddleware), and all show only what the user may view."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import selectors, services


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("sida", request.GET.get("page", "1"))), 1000))
    except ValueError:
        return 1


def _params(request: HttpRequest) -> tuple[str, str, str]:
    return (
        request.GET.get("q", ""),
        request.GET.get("typ", request.GET.get("kind", "")),
        request.GET.get("tagg", request.GET.get("tag", "")),
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query, kind, tag = _params(request)
    page = _page_number(request)
    # The request's Viewer: worked out once, the page's header asks it too.
    outcome = services.search(selectors.viewer(request), query, kind=kind, tag=tag, page=page)
    if outcome.query and page == 1 and not kind and not tag:
        services.record_query(outcome.query, outcome.total)

    def link(**changes) -> str:
        params = {"q": outcome.query, "typ": outcome.kind, "tagg": outcome.tag, "sida": ""}
        params.update(changes)
        return "?" + urlencode({key: value for key, value in params.items() if value})

    kinds = [(facet, link(typ="" if facet.selected else facet.value)) for facet in outcome.kinds]
    tags = [(facet, link(tagg="" if facet.selected else facet.value)) for facet in outcome.tags]
    context = {
        "search": outcome,
        "kind_links": kinds,
        "tag_links": tags,
        "previous_url": link(sida=outcome.page - 1) if outcome.has_previous else "",
        "next_url": link(sida=outcome.page + 1) if outcome.has_next else "",
    }
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    query, kind, tag = _params(request)
    outcome = services.search(
        selectors.viewer(request), query, kind=kind, tag=tag, page=_page_number(request)
    )
    return JsonResponse(outcome.as_json(), json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")
    results = services.autocomplete(selectors.viewer(request), query)
    return JsonResponse(
        {"query": services.normalise(query), "results": results},
        json_dumps_params={"ensure_ascii": False},
    )
