"""The admin side of approval: the messages an editor gets when the approval guard
(services.guard) would refuse a publication, and the roles approvers approve as. The Wagtail
hooks in wagtail_hooks.py register these and nothing else.

These hooks only answer early with a clear message; the guard itself sits at the publishing
step and refuses whatever view asked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ApproverRole
from .services import guard


def edit_url(obj) -> str:
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse("wagtailsnippets_ledning_governeddocument:edit", args=[obj.pk])


def refuse_direct_publish(request, obj):
    """before_publish_page / before_publish (edit and create forms, reverting): what the guard
    would refuse is not attempted. The draft is kept; the editor is sent back to it with the
    reason."""
    reason = guard.refusal(obj)
    if reason is None:
        return None
    messages.error(request, reason)
    return HttpResponseRedirect(edit_url(obj))


def refuse_bulk_publish(request, action_type, objects, action):
    """before_bulk_action: a bulk publish that includes something the guard would refuse
    publishes nothing and says what and why."""
    if action_type != "publish":
        return None
    candidates = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for obj in objects:
            if isinstance(obj, Page):
                candidates += list(obj.get_descendants().not_live().specific())
    refusals = []
    for obj in candidates:
        reason = guard.refusal(obj)
        if reason is not None:
            title = obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)
            refusals.append(f"{title}: {reason}")
    if not refusals:
        return None
    messages.error(request, _("Inget publicerades. %(reasons)s") % {"reasons": " ".join(refusals)})
    return HttpResponseRedirect(action.next_url)


def tell_copy_is_a_draft(request, page, new_page):
    """after_copy_page: a copy of governed content is a draft until it is approved, even when
    "publicera kopior" was ticked."""
    new_page = new_page.specific
    if guard.governed_model(new_page) is None or new_page.live:
        return None
    if request.POST.get("publish_copies") and page.live:
        messages.warning(
            request,
            _(
                "Kopian är sparad som utkast: en ny processsida måste fastställas innan den "
                "publiceras."
            ),
        )
    return None


class ApproverRoleViewSet(SnippetViewSet):
    """Roller vid fastställande: what "Fastställd av" says when a person (or anyone in a
    group) approves."""

    model = ApproverRole
    icon = "user"
    menu_label = gettext_lazy("Roller vid fastställande")
    menu_order = 400
    list_display = ["title", Column("user", label=gettext_lazy("Person")), "group"]
    ordering = ["title"]
