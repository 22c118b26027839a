"""Staff-facing governance views: propose a change, follow a page or document, the list of
approved changes. Thin: they check input and call the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .. import visibility
from ..governed import public_url
from ..models import AreaPage, DocumentIndexPage, GovernedDocument, ProcessPage, StartPage
from . import selectors, tasks
from .forms import ProposalForm
from .services.follow import set_following
from .services.proposals import create_proposal, proposal_route

# The pages staff may propose changes to and follow: the management system's own.
TARGET_PAGES = (StartPage, AreaPage, ProcessPage, DocumentIndexPage)


def _may_view(request: HttpRequest, obj: Any) -> bool:
    return visibility.viewer(request).may_view(obj)


def _page_target(page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, TARGET_PAGES):
        raise Http404
    return page


def _document_target(key: str) -> GovernedDocument:
    return get_object_or_404(GovernedDocument.objects.live(), key=key)


@login_required
def propose_for_page(request: HttpRequest, page_id: int) -> HttpResponse:
    return _propose(request, _page_target(page_id))


@login_required
def propose_for_document(request: HttpRequest, key: str) -> HttpResponse:
    return _propose(request, _document_target(key))


def _propose(request: HttpRequest, target: Any) -> HttpResponse:
    if not _may_view(request, target):
        raise Http404
    form = ProposalForm(request.POST or None)
    context = {"target": target, "target_url": (public_url(target) or "/"), "form": form}
    if request.method == "POST" and form.is_valid():
        proposal = create_proposal(
            request.user, target, form.cleaned_data["text"], form.cleaned_data["kind"]
        )
        transaction.on_commit(partial(tasks.queue_proposal, proposal.pk))
        context.update({"proposal": proposal, "route": proposal_route(proposal)})
        return render(request, "ledning/governance/proposal_thanks.html", context)
    return render(request, "ledning/governance/proposal_form.html", context)


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow or stop following ("Bevaka") the page or document named in the form."""
    if request.POST.get("document"):
        target = _document_target(request.POST["document"])
    else:
        try:
            target = _page_target(int(request.POST.get("page", "")))
        except ValueError as error:
            raise Http404 from error
    if not _may_view(request, target):
        raise Http404
    set_following(request.user, target, request.POST.get("follow") == "1")
    next_url = request.POST.get("next") or (public_url(target) or "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = public_url(target) or "/"
    return HttpResponseRedirect(next_url)


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    """Approved changes of substance (ledningssystemets ändringar), newest first."""
    pager = selectors.notices_page(visibility.viewer(request), request.path, request.GET)
    return render(
        request, "ledning/governance/changes.html", {"pager": pager, "notices": pager.objects}
    )
