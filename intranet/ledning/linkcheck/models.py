"""Link checking: every distinct link target found in the live content, its last verdict, and
every place it stands (page or governed document, field, block path, owners)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..governed import GovernedPart


class Verdict(models.TextChoices):
    OK = "ok", _("Fungerar")
    REDIRECTED = "redirected", _("Omdirigeras")
    BROKEN = "broken", _("Trasig")
    TIMEOUT = "timeout", _("Svarar inte")
    ERROR = "error", _("Fel vid kontroll")
    SKIPPED = "skipped", _("Kontrolleras inte")


# The verdicts people are told about (report view, e-mail).
PROBLEM_VERDICTS = (Verdict.BROKEN, Verdict.TIMEOUT, Verdict.ERROR)


class LinkKind(models.TextChoices):
    EXTERNAL = "external", _("Extern adress")
    PAGE = "page", _("Sida")
    DOCUMENT = "document", _("Fil")
    IMAGE = "image", _("Bild")
    GOVERNED_DOCUMENT = "governeddocument", _("Styrande dokument")
    MAILTO = "mailto", _("E-postadress")
    TEL = "tel", _("Telefonnummer")
    OTHER = "other", _("Annan adress")


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class Link(models.Model):
    """One distinct link target. Internal targets have URLs of the form ``page:12``,
    ``page:12#avsnitt``, ``document:5``, ``image:7`` or ``governeddocument:3``."""

    key = models.CharField(max_length=64, unique=True, editable=False)
    url = models.TextField(_("adress"))
    kind = models.CharField(_("sort"), max_length=20, choices=LinkKind.choices)
    verdict = models.CharField(
        _("resultat"), max_length=12, choices=Verdict.choices, blank=True, db_index=True
    )
    status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    redirect_to = models.TextField(_("omdirigeras till"), blank=True)
    redirects = models.JSONField(_("omdirigeringar"), default=list, blank=True)
    first_seen_at = models.DateTimeField(_("först hittad"), auto_now_add=True)
    last_checked_at = models.DateTimeField(_("senast kontrollerad"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("senast fungerande"), null=True, blank=True)
    first_broken_at = models.DateTimeField(_("trasig sedan"), null=True, blank=True)
    reported_at = models.DateTimeField(_("rapporterad"), null=True, blank=True)
    ignored = models.BooleanField(_("ignoreras"), default=False, db_index=True)
    ignored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ignorerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ignored_at = models.DateTimeField(_("ignorerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("länk")
        verbose_name_plural = _("länkar")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def save(self, *args, **kwargs):
        self.key = url_key(self.url)
        super().save(*args, **kwargs)


class LinkPlace(GovernedPart):
    """Where a link stands: a live page or governed document (deleted with it), its field and
    block path."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="places")
    title = models.CharField(_("sida eller dokument"), max_length=255)
    field = models.CharField(_("fält"), max_length=100)
    block_path = models.CharField(_("block"), max_length=500, blank=True)
    block_id = models.CharField(max_length=64, blank=True)
    text = models.CharField(_("länktext"), max_length=255, blank=True)
    owner_role = models.CharField(_("sidansvarig"), max_length=255, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("ansvariga")
    )

    class Meta:
        verbose_name = _("länkens plats")
        verbose_name_plural = _("länkarnas platser")
        ordering = ["title", "field", "block_path"]

    def __str__(self) -> str:
        return f"{self.title}: {self.where}"

    @property
    def where(self) -> str:
        return f"{self.field}{self.block_path}"


class LinkCheckRun(models.Model):
    """One full check: when, and what it found."""

    started_at = models.DateTimeField(_("startad"))
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    links = models.PositiveIntegerField(_("länkar"), default=0)
    checked = models.PositiveIntegerField(_("kontrollerade"), default=0)
    problems = models.PositiveIntegerField(_("problem"), default=0)

    class Meta:
        verbose_name = _("länkkontroll")
        verbose_name_plural = _("länkkontroller")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
