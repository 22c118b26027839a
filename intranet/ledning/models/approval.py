from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ApprovalMetadata(models.Model):
    """The header every governed document and process page carries (seed 000, "Dokumentens
    utseende"): who reviewed it, who approved it and when, and when it was last revised."""

    reviewed_by = models.CharField(_("granskad av"), max_length=255, blank=True)
    approved_by = models.CharField(_("fastställd av"), max_length=255, blank=True)
    approved_on = models.DateField(_("fastställd datum"), null=True, blank=True)
    revised_on = models.DateField(
        _("reviderad datum"),
        null=True,
        blank=True,
        help_text=_("Sätts bara vid ändringar av vikt, inte vid administrativa ändringar."),
    )

    approval_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldRowPanel([FieldPanel("approved_by"), FieldPanel("approved_on")]),
                FieldPanel("revised_on"),
            ],
            heading=_("Granskning och fastställande"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_approval_metadata(self) -> bool:
        return bool(self.reviewed_by or self.approved_by or self.approved_on or self.revised_on)
