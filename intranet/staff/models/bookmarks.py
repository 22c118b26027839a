from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    """A page a person has starred (bokmärke); it shows in their Genvägar menu and Min sida."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="staff_bookmarks",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.CASCADE,
        related_name="staff_bookmarks",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("bokmärke")
        verbose_name_plural = _("bokmärken")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="staff_bookmark_unique_page"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.page_id}"
