"""What staff and owners do around the content: change proposals ("lista för kontinuerliga
uppdateringar"), following a page or document ("Bevaka"), and review reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ...governed import GovernedPart, GovernedTarget
from ...models.approval import ChangeKind
from .changelog import OutboxDelivery


class ProposalStatus(models.TextChoices):
    NEW = "ny", _("Ny")
    IN_PROGRESS = "pagar", _("Pågår")
    DONE = "klar", _("Klar")
    REJECTED = "avvisad", _("Avvisad")


class ChangeProposal(GovernedTarget):
    """A proposed change or reported error (seed 000, "Föreslå ändringar och påpeka
    felaktigheter"). Administrative ones go to the LS-administrators, those of substance to the
    page's owner; together they are the administrators' list of continuous updates."""

    text = models.TextField(_("förslag"))
    kind = models.CharField(_("typ av ändring"), max_length=16, choices=ChangeKind.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föreslagen av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="ledning_proposals",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_ledning_proposals",
    )
    response = models.TextField(_("anteckning"), blank=True)
    created_at = models.DateTimeField(_("inkommen"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    notified_at = models.DateTimeField(_("skickad till mottagare"), null=True, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title", read_only=True),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("proposed_by", read_only=True)]),
                FieldPanel("text", read_only=True),
            ],
            heading=_("Förslaget"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("assignee")]), FieldPanel("response")],
            heading=_("Hantering"),
        ),
    ]

    class Meta:
        verbose_name = _("ändringsförslag")
        verbose_name_plural = _("ändringsförslag")
        ordering = ["-created_at", "-pk"]

    @property
    def proposer_name(self) -> str:
        user = self.proposed_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()


class Subscription(GovernedPart):
    """A member of staff follows ("Bevaka") a page or a governed document and is told about
    its approved changes of substance; deleted with the page or document."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="ledning_subscriptions",
    )
    title = None
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=Q(page__isnull=False),
                name="ledning_subscription_page_once",
            ),
            models.UniqueConstraint(
                fields=["user", "document"],
                condition=Q(document__isnull=False),
                name="ledning_subscription_document_once",
            ),
            models.CheckConstraint(
                condition=Q(page__isnull=False, document__isnull=True)
                | Q(page__isnull=True, document__isnull=False),
                name="ledning_subscription_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.page_id or self.document_id}"


class ReminderKind(models.TextChoices):
    REMINDER = "paminnelse", _("Påminnelse före förfallodag")
    ESCALATION = "eskalering", _("Försenad granskning")


class ReviewReminder(GovernedTarget):
    """A review reminder or escalation, written once per due date together with one delivery
    per recipient (the outbox); each person gets their due deliveries as one digest."""

    kind = models.CharField(_("typ"), max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("ska granskas senast"))
    recipients = models.TextField(_("mottagare"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("granskningspåminnelse")
        verbose_name_plural = _("granskningspåminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "due_on"],
                condition=Q(page__isnull=False),
                name="ledning_reminder_page_once",
            ),
            models.UniqueConstraint(
                fields=["document", "kind", "due_on"],
                condition=Q(document__isnull=False),
                name="ledning_reminder_document_once",
            ),
        ]


class ReminderDelivery(OutboxDelivery):
    """One recipient's copy of a review reminder or escalation. A run of the reminders claims
    every due copy of a person and sends them together as one digest."""

    reminder = models.ForeignKey(
        ReviewReminder,
        verbose_name=_("granskningspåminnelse"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="ledning_reminder_deliveries",
    )

    class Meta:
        verbose_name = _("utskick av granskningspåminnelse")
        verbose_name_plural = _("utskick av granskningspåminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="ledning_reminder_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="ledning_reminder_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id} → {self.email}"
