"""The accessibility statement page, and feedback about accessibility with its outbox rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from intranet.ledning.models import OutboxDelivery

from .forms import FeedbackForm

# Where DIGG, the supervisory authority, takes complaints about public-sector accessibility.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"
RICH_TEXT = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class Conformance(models.TextChoices):
    FULL = "full", _("helt förenlig")
    PARTIAL = "partial", _("delvis förenlig")
    NONE = "none", _("inte förenlig")


class AccessibilityStatementPage(Page):
    """Tillgänglighetsredogörelse: how well the intranet meets the law's requirements
    (EN 301 549, which refers to WCAG 2.1 AA), its known gaps, how it was assessed, how to
    report a problem (the form reaches the LS-administrators) and where to complain (DIGG)."""

    conformance = models.CharField(
        _("förenlighet med kraven"),
        max_length=16,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
        help_text=_("Hur väl intranätet uppfyller WCAG 2.1 nivå AA (EN 301 549 V3.2.1)."),
    )
    intro = RichTextField(_("inledning"), blank=True, features=RICH_TEXT)
    known_gaps = RichTextField(
        _("innehåll som inte är tillgängligt"),
        blank=True,
        features=RICH_TEXT,
        help_text=_("Kända brister, ärligt beskrivna, med vad som görs åt dem."),
    )
    assessed_on = models.DateField(_("bedömningen gjordes"))
    assessment_method = RichTextField(_("hur bedömningen gjordes"), blank=True, features=RICH_TEXT)
    complaint_url = models.URLField(
        _("adress för anmälan till tillsynsmyndigheten"), default=DIGG_COMPLAINT_URL
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("conformance"), FieldPanel("assessed_on"), FieldPanel("assessment_method")],
            heading=_("Bedömning"),
        ),
        FieldPanel("known_gaps"),
        FieldPanel("complaint_url"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("known_gaps"),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    template = "portal/accessibility/statement_page.html"

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("feedback_form", FeedbackForm())
        return context


class AccessibilityFeedback(models.Model):
    """A member of staff's report of an accessibility problem (from the statement's form)."""

    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickad av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("synpunkt"), max_length=FeedbackForm.MAX_MESSAGE)
    about_url = models.CharField(_("sida eller dokument"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skickad"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("synpunkt på tillgängligheten")
        verbose_name_plural = _("synpunkter på tillgängligheten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]


class AccessibilityFeedbackDelivery(OutboxDelivery):
    """One LS-administrator's copy of a piece of feedback, in the same outbox as notices."""

    feedback = models.ForeignKey(
        AccessibilityFeedback,
        verbose_name=_("synpunkt"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="accessibility_feedback_deliveries",
    )

    class Meta:
        verbose_name = _("utskick av synpunkt på tillgängligheten")
        verbose_name_plural = _("utskick av synpunkter på tillgängligheten")
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "recipient"], name="portal_a11y_feedback_once_per_recipient"
            )
        ]
