"""Min sida and the star. Thin: forms check the input, services make the change, and every
change is a POST (CSRF-protected) that redirects back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from . import selectors, services
from .forms import (
    AddToolForm,
    NotificationsForm,
    PageForm,
    PersonalLinkForm,
    ShortcutForm,
    WorkplacesForm,
)
from .models import Shortcut
from .state import state_for


def _min_sida_url(anchor: str = "") -> str:
    return reverse("staff:min_sida") + (f"#{anchor}" if anchor else "")


def _render_min_sida(request: HttpRequest, status: int = 200, **forms) -> TemplateResponse:
    user = request.user
    state = state_for(request)
    preferences = state.preferences
    chosen = set(state.workplace_ids)
    tree = state.tree
    shortcuts = state.shortcuts
    chosen_tools = {item.tool_id for item in shortcuts if item.tool_id}
    context = {
        "workplace_nodes": tree.flat(),
        "chosen_workplaces": chosen,
        "chosen_workplace_names": tree.names(chosen),
        "shortcuts": shortcuts,
        "shortcuts_customised": preferences.shortcuts_customised,
        "available_tools": [
            tool for tool in selectors.tool_catalogue() if tool.pk not in chosen_tools
        ],
        "bookmarks": state.bookmarks,
        "notifications": preferences.notifications,
        "tool_form": forms.get("tool_form") or AddToolForm(),
        "link_form": forms.get("link_form") or PersonalLinkForm(),
        "notifications_form": forms.get("notifications_form")
        or NotificationsForm(initial={"notifications": preferences.notifications}),
        "user_name": user.get_full_name() or user.get_username(),
    }
    return TemplateResponse(request, "staff/min_sida.html", context, status=status)


@require_GET
def min_sida(request: HttpRequest) -> TemplateResponse:
    return _render_min_sida(request)


@require_POST
def save_workplaces(request: HttpRequest) -> HttpResponse:
    form = WorkplacesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Arbetsplatserna kunde inte sparas. Försök igen."))
        return redirect(_min_sida_url("arbetsplatser"))
    services.set_workplaces(request.user, form.cleaned_data["workplaces"])
    messages.success(request, _("Dina arbetsplatser är sparade."))
    return redirect(_min_sida_url("arbetsplatser"))


@require_POST
def add_tool(request: HttpRequest) -> HttpResponse:
    form = AddToolForm(request.POST)
    if not form.is_valid():
        return _render_min_sida(request, status=400, tool_form=form)
    try:
        services.add_tool_shortcut(request.user, form.cleaned_data["tool"])
    except services.LimitReached as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s är tillagt bland dina genvägar.") % {"name": form.cleaned_data["tool"]},
        )
    return redirect(_min_sida_url("genvagar"))


@require_POST
def add_link(request: HttpRequest) -> HttpResponse:
    form = PersonalLinkForm(request.POST)
    if not form.is_valid():
        return _render_min_sida(request, status=400, link_form=form)
    try:
        services.add_personal_link(
            request.user, form.cleaned_data["name"], form.cleaned_data["url"]
        )
    except services.LimitReached as error:
        messages.error(request, error.message)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_min_sida(request, status=400, link_form=form)
    else:
        messages.success(
            request,
            _("Länken %(name)s är tillagd bland dina genvägar.")
            % {"name": form.cleaned_data["name"]},
        )
    return redirect(_min_sida_url("genvagar"))


def _shortcut_form(request: HttpRequest) -> ShortcutForm:
    form = ShortcutForm(request.POST)
    if not form.is_valid():
        raise Http404
    return form


@require_POST
def move_shortcut(request: HttpRequest) -> HttpResponse:
    form = _shortcut_form(request)
    try:
        services.move_shortcut(
            request.user,
            form.cleaned_data["shortcut"],
            form.cleaned_data["direction"] or "up",
            tool_id=form.cleaned_data["tool"],
        )
    except Shortcut.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("Ordningen på dina genvägar är ändrad."))
    return redirect(_min_sida_url("genvagar"))


@require_POST
def remove_shortcut(request: HttpRequest) -> HttpResponse:
    form = _shortcut_form(request)
    try:
        services.remove_shortcut(
            request.user, form.cleaned_data["shortcut"], tool_id=form.cleaned_data["tool"]
        )
    except Shortcut.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("Genvägen är borttagen."))
    return redirect(_min_sida_url("genvagar"))


@require_POST
def reset_shortcuts(request: HttpRequest) -> HttpResponse:
    services.reset_shortcuts(request.user)
    messages.success(request, _("Du har nu dina arbetsplatsers standardgenvägar."))
    return redirect(_min_sida_url("genvagar"))


@require_POST
def save_notifications(request: HttpRequest) -> HttpResponse:
    form = NotificationsForm(request.POST)
    if not form.is_valid():
        return _render_min_sida(request, status=400, notifications_form=form)
    services.set_notification_preference(request.user, form.cleaned_data["notifications"])
    messages.success(request, _("Dina val för e-post är sparade."))
    return redirect(_min_sida_url("aviseringar"))


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request: HttpRequest, candidate: str, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _readable_page(request: HttpRequest, page_id: int) -> Page:
    """A live page the person may see (view restrictions apply), or 404."""
    page = get_object_or_404(Page.objects.live(), pk=page_id)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


@require_POST
def toggle_bookmark(request: HttpRequest) -> HttpResponse:
    """The star: bookmark the page or remove the bookmark. JSON for the page's script, a
    redirect back to the page without JavaScript."""
    form = PageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    page = _readable_page(request, form.cleaned_data["page"])
    try:
        bookmarked = services.toggle_bookmark(request.user, page)
    except services.LimitReached as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=409)
        messages.error(request, error.message)
        bookmarked = False
    url = page.get_url(request) or "/"
    if _wants_json(request):
        return JsonResponse(
            {
                "bookmarked": bookmarked,
                "label": _("Ta bort bokmärke") if bookmarked else _("Lägg till bokmärke"),
                "status": _("Sidan är bokmärkt.") if bookmarked else _("Bokmärket är borttaget."),
                "page": {"id": page.pk, "title": page.title, "url": url},
            }
        )
    return redirect(_safe_next(request, form.cleaned_data["next"], url))


@require_POST
def remove_bookmark(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if services.remove_bookmark(request.user, form.cleaned_data["page"]):
        messages.success(request, _("Bokmärket är borttaget."))
    return redirect(_min_sida_url("bokmarken"))
