"""The statement's address and its feedback form (staff only, like every page of the site)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services, tasks
from .forms import FeedbackForm


def _live_statement():
    page = selectors.statement_page()
    if page is None:
        raise Http404(_("Det finns ingen tillgänglighetsredogörelse."))
    return page


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    """The footer's fixed address: to the statement page wherever editors have put it."""
    return redirect(_live_statement().url)


@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    page = _live_statement()
    form = FeedbackForm(request.POST)
    if form.is_valid() and not selectors.may_send_feedback(request.user):
        form.add_error(
            None,
            _(
                "Du har skickat %(count)d synpunkter den senaste timmen. Vänta en stund och "
                "försök igen, eller kontakta LS-administratörerna direkt."
            )
            % {"count": selectors.FEEDBACK_PER_HOUR},
        )
    if not form.is_valid():
        context = {**page.get_context(request), "feedback_form": form}
        return TemplateResponse(request, page.get_template(request), context, status=400)
    services.submit_feedback(
        request.user, form.cleaned_data["message"], form.cleaned_data["about_url"]
    )
    transaction.on_commit(partial(tasks.queue_feedback))
    messages.success(
        request,
        _(
            "Tack! Din synpunkt är skickad till LS-administratörerna. De svarar dig per e-post "
            "om de behöver veta mer."
        ),
    )
    return redirect(page.url + "#synpunkter")
