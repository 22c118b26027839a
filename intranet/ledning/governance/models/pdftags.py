"""Whether a document file is a tagged PDF, found out once when the file is stored (the report
*PDF utan taggar* then asks the database, not the files). A row is about the file it was read
from: its hash and name; a file replaced since has no answer until it is read again."""

from __future__ import annotations

from django.conf import settings
from django.db import models

DOCUMENT_MODEL = getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document")


class PdfTagCheck(models.Model):
    file = models.OneToOneField(
        DOCUMENT_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ledning_pdf_check",
    )
    # Wagtail's file_hash and the stored name of the file that was read.
    file_hash = models.CharField(max_length=40, blank=True)
    file_name = models.CharField(max_length=255)
    tagged = models.BooleanField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.file_name}: {'tagged' if self.tagged else 'untagged'}"
