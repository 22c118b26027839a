"""The change log and the outbox of revision notices (a notice per approved change of
substance, a delivery per recipient)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...governed import GovernedTarget
from ...models.approval import ChangeKind


class ChangeLogKind(models.TextChoices):
    """What a change-log entry records: the editor's two kinds of change (ChangeKind, same
    values), content written by the import, and a review that found the content still correct
    (seed 004: yearly revision; "granskad utan ändring" sets no new revision date)."""

    ADMINISTRATIVE = ChangeKind.ADMINISTRATIVE.value, ChangeKind.ADMINISTRATIVE.label
    SUBSTANCE = ChangeKind.SUBSTANCE.value, ChangeKind.SUBSTANCE.label
    IMPORT = "import", _("Import")
    REVIEWED = "granskad", _("Granskad utan ändring")


class ChangeLogEntry(GovernedTarget):
    """One published change of a process page or governed document (seed 000: administrative
    changes are recorded but not revised; changes of substance are approved and revised), an
    import, or a review without change."""

    kind = models.CharField(
        _("typ av ändring"), max_length=16, choices=ChangeLogKind.choices, db_index=True
    )
    note = models.TextField(_("vad har ändrats"), blank=True)
    type_label = models.CharField(_("typ"), max_length=100, blank=True)
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("föregående publicerade version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver_name = models.CharField(_("fastställd av"), max_length=255, blank=True)
    approver_role = models.CharField(_("fastställd som"), max_length=255, blank=True)
    revised_on = models.DateField(_("reviderad datum"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now, db_index=True)
    summary = models.JSONField(_("sammanfattning av ändringen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringslogg")
        ordering = ["-published_at", "-pk"]

    @property
    def title_names_type(self) -> bool:
        """Whether the title starts with the type ("Rutin Genomförandeplan" is a rutin), so
        that subjects and news say the type once, not "rutin Rutin Genomförandeplan"."""
        kind = self.type_label.strip().casefold()
        title = self.title.strip().casefold()
        return bool(kind) and (title == kind or title.startswith(kind + " "))

    @property
    def editor_name(self) -> str:
        if self.editor is None:
            return ""
        return self.editor.get_full_name() or self.editor.get_username()


class Notice(models.Model):
    """The notice to staff about one approved change of substance (the outbox's message).

    It is written in the same transaction as the approval, together with one Delivery per
    recipient; sending happens afterwards and may be retried any number of times."""

    change = models.OneToOneField(
        ChangeLogEntry,
        verbose_name=_("ändring"),
        on_delete=models.CASCADE,
        related_name="notice",
    )
    subject = models.CharField(_("ämne"), max_length=255)
    url = models.URLField(_("adress"), max_length=500)
    news_url = models.CharField(_("nyhet"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("information om ändring")
        verbose_name_plural = _("information om ändringar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Direkt")
    DIGEST = "digest", _("Daglig sammanfattning")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckad")


class OutboxDelivery(models.Model):
    """One recipient's copy of a message in an outbox (a notice, a review reminder …): where
    it goes, and the state of its sending.

    A worker claims rows (status "sending", a claim token and the time, a lease that expires if
    the worker dies) and marks each one sent in the transaction that completes the message
    (services/delivery.py, services/mail.py). A subclass adds the message it is a copy of and
    the recipient (with a related name of its own)."""

    email = models.EmailField(_("e-postadress"), max_length=254)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def new_token() -> uuid.UUID:
        """A claim's token: the rows one claim took carry it."""
        return uuid.uuid4()


class Delivery(OutboxDelivery):
    """One recipient's copy of a notice: immediately or in the daily digest (mode). Each one is
    marked sent on its own; the unique constraint keeps a recipient from ever getting two rows
    for the same notice."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("information"), on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="ledning_deliveries",
    )
    mode = models.CharField(
        _("sätt"), max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "recipient"], name="ledning_delivery_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "mode", "next_attempt_at"], name="ledning_delivery_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.email}"
