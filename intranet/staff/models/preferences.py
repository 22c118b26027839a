from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notifications(models.TextChoices):
    """How a person wants to hear about revised documents and pages that concern them."""

    IMMEDIATE = "immediate", _("Direkt, ett e-postmeddelande per ändring")
    DIGEST = "digest", _("En sammanfattning per dag")
    OFF = "off", _("Inga e-postmeddelanden")


class UserPreferences(models.Model):
    """One person's choices on Min sida: their workplaces, whether they have edited their
    shortcuts, and how they want to be notified."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="staff_preferences",
    )
    workplaces = models.ManyToManyField(
        "ledning.Workplace",
        verbose_name=_("arbetsplatser"),
        blank=True,
        related_name="staff_preferences",
    )
    notifications = models.CharField(
        _("e-post om ändringar"),
        max_length=16,
        choices=Notifications.choices,
        default=Notifications.IMMEDIATE,
    )
    shortcuts_customised = models.BooleanField(
        _("har egna genvägar"),
        default=False,
        help_text=_("Falskt så länge personen har arbetsplatsernas standardgenvägar."),
    )

    class Meta:
        verbose_name = _("inställningar")
        verbose_name_plural = _("inställningar")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def get_for_user(cls, user) -> UserPreferences:
        """The person's preferences; an unsaved instance with the defaults when they have
        never changed anything (reading never writes)."""
        if user is None or not user.is_authenticated:
            return cls()
        return cls.objects.filter(user=user).first() or cls(user=user)
