"""Läskvittens: the request, each person's confirmation, and the reminders' outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..governance.models.changelog import OutboxDelivery
from ..governed import GovernedTarget
from ..stamps import CacheStamp

#: The stamp under which the targets of the open requests are cached (selectors.open_targets):
#: dropped whenever a request is saved, closed or deleted.
OPEN_TARGETS_STAMP = CacheStamp("ledning:read-requests:stamp")


def open_targets_stamp() -> str:
    """The current stamp of the open requests (a new one after every change)."""
    return OPEN_TARGETS_STAMP.current()


def forget_open_targets() -> None:
    """The open requests changed (stamps.py: now and when the transaction commits)."""
    OPEN_TARGETS_STAMP.drop()


class RequestStatus(models.TextChoices):
    OPEN = "oppen", _("Öppen")
    CLOSED = "stangd", _("Stängd")
    SUPERSEDED = "ersatt", _("Ersatt av en ny version")


class ReadRequest(GovernedTarget):
    """A request that staff confirm they have read one approved revision of a process page or
    governed document ("läskvittens"). Who is asked is read when asked (selectors.audience):
    the members of its workplaces (with or without those under them), its groups and the
    people it names, active and allowed to view it; whoever leaves drops out."""

    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workplaces = models.ManyToManyField(
        "ledning.Workplace", verbose_name=_("arbetsplatser"), blank=True, related_name="+"
    )
    include_subworkplaces = models.BooleanField(_("med underliggande arbetsplatser"), default=True)
    groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("grupper"), blank=True, related_name="+"
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("personer"), blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begärd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("bekräftas senast"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("begärd"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)

    class Meta:
        verbose_name = _("läskvittens")
        verbose_name_plural = _("läskvittenser")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [
            ("view_readconfirm_report", _("Kan se uppföljningen av läskvittenser")),
            ("view_readconfirm_names_report", _("Kan se vilka som inte har bekräftat")),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="ledning_readreq_due_idx")]

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class ReadConfirmation(models.Model):
    """One person's "Jag har läst och förstått": who, when, and the exact revision."""

    request = models.ForeignKey(
        ReadRequest,
        verbose_name=_("läskvittens"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="ledning_read_confirmations",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), default=timezone.now)

    class Meta:
        verbose_name = _("läsbekräftelse")
        verbose_name_plural = _("läsbekräftelser")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user"], name="ledning_read_confirmation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ← {self.user_id}"


class ReadReminderKind(models.TextChoices):
    REMINDER = "paminnelse", _("Påminnelse före sista dag")
    ESCALATION = "eskalering", _("Inte bekräftad i tid")


class ReadReminder(models.Model):
    """A reminder (before the due date, to those who have not confirmed) or the escalation
    (after it, to the requester and the LS-administrators) of one request: written once, with
    one delivery per recipient."""

    request = models.ForeignKey(
        ReadRequest, verbose_name=_("läskvittens"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("typ"), max_length=16, choices=ReadReminderKind.choices)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse om läskvittens")
        verbose_name_plural = _("påminnelser om läskvittenser")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="ledning_read_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"


class ReadReminderDelivery(OutboxDelivery):
    """One recipient's copy of a reminder or escalation (the outbox: claimed, sent in one
    digest per person, marked sent in the transaction that completes the message; governance's
    outbox fields, so governance's claiming and sending serve it)."""

    reminder = models.ForeignKey(
        ReadReminder,
        verbose_name=_("påminnelse"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("utskick av påminnelse om läskvittens")
        verbose_name_plural = _("utskick av påminnelser om läskvittenser")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="ledning_read_reminder_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="ledning_readrem_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id} → {self.email}"
