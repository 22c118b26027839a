"""The admin side of approval: the messages an editor gets when the approval guard
(services/guard.py) would refuse a publication. The Wagtail hooks in ledning/wagtail_hooks.py
register these and nothing else.

These hooks only answer early with a clear message; the guard itself sits at the publishing
step and refuses whatever view asked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ...governed import as_governed, is_governed
from ..services import guard


def refuse_direct_publish(request, obj):
    """before_publish_page / before_publish (edit and create forms, reverting): what the guard
    would refuse is not attempted. The draft is kept; the editor is sent back to it with the
    reason."""
    reason = guard.refusal(obj)
    if reason is None:
        return None
    messages.error(request, reason)
    return HttpResponseRedirect(as_governed(obj).get_admin_edit_url())


def refuse_bulk_publish(request, action_type, objects, action):
    """before_bulk_action: a bulk publish that includes something the guard would refuse
    publishes nothing and says what and why."""
    if action_type != "publish":
        return None
    candidates = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        # Only the pages' bulk publish offers "include descendants".
        for page in objects:
            candidates += list(page.get_descendants().not_live().specific())
    refusals = []
    for obj in candidates:
        reason = guard.refusal(obj)
        if reason is not None:
            governed = as_governed(obj)
            # A page is named by its latest draft's title, as the admin names it.
            title = getattr(governed, "get_admin_display_title", governed.__str__)()
            refusals.append(f"{title}: {reason}")
    if not refusals:
        return None
    messages.error(request, _("Inget publicerades. %(reasons)s") % {"reasons": " ".join(refusals)})
    return HttpResponseRedirect(action.next_url)


def tell_copy_is_a_draft(request, page, new_page):
    """after_copy_page: a copy of governed content is a draft until it is approved, even when
    "publicera kopior" was ticked."""
    new_page = new_page.specific
    if not is_governed(new_page) or new_page.live:
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
