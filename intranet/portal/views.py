from __future__ import annotations

import logging
import math

from axes.helpers import get_client_username, get_cool_off
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .health import health

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to a login attempt while the account or the client
    address is locked out (too many failures), in Swedish, with the minutes to wait."""
    logger.warning(
        "Login refused: too many failed logins for account %r or from address %s (%s)",
        get_client_username(request, credentials),
        getattr(request, "axes_ip_address", None),
        request.path,
    )
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "registration/lockout.html", {"minutes": minutes}, status=429)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answers without login: can the web process reach its database and Redis? 503 if not."""
    healthy, report = health()
    return JsonResponse(
        {"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for without reading the page (and before login): the
    static icon. A temporary redirect, as the static file's name carries its hash in
    production and changes with it."""
    return HttpResponseRedirect(static("portal/img/favicon.ico"))
