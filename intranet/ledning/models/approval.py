from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ChangeKind(models.TextChoices):
    """What kind of change an edit is (seed 000, "Fastställa ändringar")."""

    ADMINISTRATIVE = "administrativ", _("Administrativ ändring")
    SUBSTANCE = "vikt", _("Ändring av vikt")


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

    # "Fastställd av" and "Reviderad" are stamped by the system when a change of substance is
    # approved (governance.approval); editors cannot type them.
    approval_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldRowPanel(
                    [FieldPanel("approved_by", read_only=True), FieldPanel("approved_on")]
                ),
                FieldPanel("revised_on", read_only=True),
            ],
            heading=_("Granskning och fastställande"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_approval_metadata(self) -> bool:
        return bool(self.reviewed_by or self.approved_by or self.approved_on or self.revised_on)


class ChangeTracking(models.Model):
    """What the editor says about the change being made, and how often the content is reviewed.

    The change fields travel with each revision: the kind decides whether the change is
    published at once (administrative) or only through the approval workflow (substance), and
    the note is what staff are told."""

    change_kind = models.CharField(
        _("typ av ändring"),
        max_length=16,
        choices=ChangeKind.choices,
        blank=True,
        help_text=_(
            "Administrativ ändring (stavfel, trasig länk) publiceras direkt utan nytt "
            "revideringsdatum. Ändring av vikt (ändrat arbetssätt, nya uppgifter för en roll) "
            "måste fastställas och berörd personal informeras."
        ),
    )
    change_note = models.TextField(
        _("vad har ändrats"),
        blank=True,
        help_text=_(
            "Kort beskrivning av ändringen. Skickas till berörd personal vid ändring av vikt."
        ),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("granskningsintervall (månader)"),
        null=True,
        blank=True,
        help_text=_(
            "Lämna tomt för att använda standardintervallet för typen (oftast 12 månader)."
        ),
    )

    change_panels = [
        MultiFieldPanel(
            [
                FieldPanel("change_kind", widget=forms.RadioSelect),
                FieldPanel("change_note"),
            ],
            heading=_("Ändringen"),
        )
    ]

    class Meta:
        abstract = True
