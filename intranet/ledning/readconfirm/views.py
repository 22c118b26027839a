"""The staff's side of läskvittens: the "Jag har läst och förstått" button posts here. Thin:
checks the input and calls the service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import visibility
from ..governed import public_url
from . import selectors, services


@login_required
@require_POST
def confirm(request: HttpRequest, request_id: int) -> HttpResponse:
    """Record that the person has read and understood the request's version."""
    read_request = selectors.request_for_confirmation(request_id)
    target = read_request.target if read_request is not None else None
    if target is None or not visibility.viewer(request).may_view(target):
        raise Http404
    target_url = public_url(target) or "/"
    try:
        confirmation = services.confirm(request.user, read_request)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Tack! Du bekräftade %(date)s att du har läst och förstått ”%(title)s”.")
            % {
                "date": timezone.localtime(confirmation.confirmed_at).strftime("%Y-%m-%d %H:%M"),
                "title": read_request.title,
            },
        )
    next_url = request.POST.get("next") or target_url
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = target_url
    return HttpResponseRedirect(next_url)
