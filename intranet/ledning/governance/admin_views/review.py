"""*Granskad utan ändring* in the admin: an item in the editor's action menu of a process page or
governed document, and the view that records the review (services/reviews.py). Only the owners
and the LS-administrators see the item or may post the view (selectors.may_confirm_review).
ledning/wagtail_hooks.py registers the URLs and menu items."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.action_menu import ActionMenuItem as PageActionMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from ...governed import GovernedMixin, as_governed, is_governed
from ...models import GovernedDocument, ProcessPage
from ..forms import ReviewForm
from ..selectors import may_confirm_review, review_item
from ..services.reviews import record_review_without_change

LABEL = gettext_lazy("Granskad utan ändring")
KINDS = {model.governed_kind: model for model in (ProcessPage, GovernedDocument)}


def confirm_url(obj: Any) -> str:
    return reverse("ledning_review:confirm", args=[obj.governed_kind, obj.pk])


class ConfirmReviewView(WagtailAdminTemplateMixin, FormView):
    """GET: what is being confirmed and when it was last revised and reviewed; POST: record."""

    template_name = "ledning/governance/review_confirm.html"
    form_class = ReviewForm
    page_title = LABEL
    header_icon = "circle-check"

    def dispatch(self, request, *args, **kwargs):
        model = KINDS.get(kwargs["kind"])
        if model is None:
            raise Http404
        self.object = get_object_or_404(model.objects.live(), pk=kwargs["pk"])
        if not may_confirm_review(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.object.title)

    def next_url(self) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return self.object.get_admin_edit_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            item=review_item(self.object),
            next=self.next_url(),
            action_url=self.request.path,
        )
        return context

    def form_valid(self, form):
        record_review_without_change(self.object, self.request.user, form.cleaned_data["note"])
        item = review_item(self.object)
        messages.success(
            self.request,
            _("”%(title)s” är granskad utan ändring. Nästa granskning senast %(date)s.")
            % {"title": self.object.title, "date": item.due_on.isoformat() if item.due_on else "–"},
        )
        return HttpResponseRedirect(self.next_url())


def review_urls():
    patterns = [path("<str:kind>/<int:pk>/", ConfirmReviewView.as_view(), name="confirm")]
    return [
        path(
            "ledningssystem/granskad/",
            include((patterns, "ledning_review"), namespace="ledning_review"),
        )
    ]


# --- the item in the editor's action menu ----------------------------------------------------


class ReviewedMenuItemMixin:
    """The item in both action menus (a page's, a snippet's); ``context_key`` names where the
    menu's context holds the page or the document."""

    label = LABEL
    name = "action-reviewed-without-change"
    icon_name = "circle-check"
    order = 60
    context_key: str

    def is_shown(self, context) -> bool:
        obj = context.get(self.context_key)
        return (
            context.get("view") == "edit"
            and is_governed(obj)
            and may_confirm_review(context["request"].user, obj)
        )

    def get_url(self, parent_context) -> str:
        return confirm_url(as_governed(parent_context[self.context_key]))


class PageReviewedMenuItem(ReviewedMenuItemMixin, PageActionMenuItem):
    context_key = "page"


class SnippetReviewedMenuItem(ReviewedMenuItemMixin, SnippetActionMenuItem):
    context_key = "instance"


def page_review_menu_item() -> PageReviewedMenuItem:
    return PageReviewedMenuItem()


def snippet_review_menu_item(model) -> SnippetReviewedMenuItem | None:
    return SnippetReviewedMenuItem() if issubclass(model, GovernedMixin) else None
