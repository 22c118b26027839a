"""Basic blocks: single values the struct blocks are built from."""

from __future__ import annotations

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..models.documents import DocumentType


class GovernedDocumentChooserBlock(SnippetChooserBlock):
    """Chooses a governed document. Loading a list of them costs one query, files included."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Styrande dokument"))
        super().__init__("ledning.GovernedDocument", **kwargs)

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        objects = self.model_class.objects.for_listing().in_bulk(ids) if ids else {}
        result = []
        seen = set()
        for value in values:
            obj = objects.get(value)
            if obj is not None and value in seen:
                # The same document listed twice gets instances of its own.
                obj = copy.copy(obj)
            seen.add(value)
            result.append(obj)
        return result

    class Meta:
        icon = "doc-full"


class DocumentTypeBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Dokumenttyp"))
        super().__init__(choices=DocumentType.choices, **kwargs)

    class Meta:
        icon = "list-ul"


class RatingBlock(blocks.IntegerBlock):
    """A value 1–4 on the risk analysis scales (seed 004 §6.4)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 4)
        super().__init__(**kwargs)

    class Meta:
        icon = "order"
