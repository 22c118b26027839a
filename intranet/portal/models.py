from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from intranet.ledning.models import StartPage
from intranet.ledning.models.routing import SubtreeRoutingMixin

from .accessibility.models import (
    AccessibilityFeedback,
    AccessibilityFeedbackDelivery,
    AccessibilityStatementPage,
)

__all__ = [
    "AccessibilityFeedback",
    "AccessibilityFeedbackDelivery",
    "AccessibilityStatementPage",
    "HomePage",
]


class HomePage(SubtreeRoutingMixin, Page):
    """The intranet's home page (HEM on Ines): the site root, with the person's news and
    shortcuts (from the staff app) and links to the management system."""

    intro = RichTextField(_("inledning"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "ledning.StartPage",
        "staff.NewsIndexPage",
        "portal.AccessibilityStatementPage",
    ]
    max_count = 1

    template = "portal/pages/home_page.html"

    class Meta:
        verbose_name = _("intranätets startsida")
        verbose_name_plural = _("intranätets startsidor")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["management_systems"] = (
            StartPage.objects.child_of(self).live().public().order_by("path")
        )
        return context
