"""The search index of the site and what search remembers.

`SearchEntry` is one row per live page and per live governed document: the text to search
(title, lead, body, the attached file's text), what a result shows (kind, URL, approval
metadata, tags) and what decides who may see it (the page's tree path, the file's
collection). On PostgreSQL a migration adds a weighted `tsvector` column generated from the text
columns, with a GIN index (search/engines.py queries it); elsewhere `stems` holds Snowball stems.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class Kind(models.TextChoices):
    SIDA = "sida", _("Sida")
    RIKTLINJE = "riktlinje", _("Riktlinje")
    RUTIN = "rutin", _("Rutin")
    BLANKETT = "blankett", _("Blankett")
    INFORMATIONSMATERIAL = "informationsmaterial", _("Informationsmaterial")
    NYHET = "nyhet", _("Nyhet")


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    file_text = models.TextField(blank=True)
    compounds = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    title_stems = models.TextField(blank=True)
    # Who may see it: a page's tree path (view restrictions apply to a subtree), a document's
    # file collection (private collections).
    page_path = models.CharField(max_length=255, blank=True, db_index=True)
    collection_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    date = models.DateField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    # The names of its tags (SearchEntryTag) as a list, sorted: the tag facet counts them in the
    # same pass over the hits as the kinds, without a join per hit.
    tag_names = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_unique_object"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SearchEntryTag(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "name"], name="search_entry_tag_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Synonym(models.Model):
    """Words that mean the same to the search: an abbreviation and its long form."""

    terms = models.CharField(
        _("ord med samma betydelse"),
        max_length=500,
        unique=True,
        help_text=_(
            "Förkortning och långform, åtskilda med kommatecken, t.ex. "
            "”SoL, socialtjänstlagen”. En sökning på ett av dem hittar alla."
        ),
    )
    enabled = models.BooleanField(_("används"), default=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def alternatives(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class ExtractionStatus(models.TextChoices):
    OK = "ok", _("Text utläst")
    FAILED = "failed", _("Kunde inte läsas")
    SKIPPED = "skipped", _("Hoppades över")
    UNSUPPORTED = "unsupported", _("Filtypen stöds inte")


class DocumentText(models.Model):
    """The text extracted from an uploaded file (PDF, DOCX, ODT)."""

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="search_text"
    )
    file_hash = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=16, choices=ExtractionStatus.choices)
    text = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utläst text")
        verbose_name_plural = _("utlästa texter")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"


class ZeroResultQuery(models.Model):
    """A search that found nothing, counted per day (the report "Sökningar utan träffar")."""

    query_string = models.CharField(max_length=255)
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_zero_unique")
        ]
        # The report "Sökstatistik" (what staff search for, with and without results).
        permissions = [("view_search_statistics", _("Kan se sökstatistik"))]

    def __str__(self) -> str:
        return self.query_string
