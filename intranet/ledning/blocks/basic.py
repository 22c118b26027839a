"""Basic blocks: single values the struct blocks are built from."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..models.documents import DocumentType, GovernedDocument

# Documents already loaded for the blocks being converted (see GovernedDocumentChooserBlock).
_prefetched_documents: ContextVar[dict | None] = ContextVar("prefetched_documents", default=None)


class GovernedDocumentChooserBlock(SnippetChooserBlock):
    """Chooses a governed document. Loading a list of them costs one query, files included."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Styrande dokument"))
        super().__init__("ledning.GovernedDocument", **kwargs)

    @classmethod
    @contextmanager
    def prefetched(cls, ids: Iterable) -> Iterator[None]:
        """Load these documents in one query for every chooser converted inside the block,
        e.g. a document list's items and their nested children together."""
        ids = {value for value in ids if value is not None}
        documents = GovernedDocument.objects.for_listing().in_bulk(ids) if ids else {}
        token = _prefetched_documents.set({**(_prefetched_documents.get() or {}), **documents})
        try:
            yield
        finally:
            _prefetched_documents.reset(token)

    def bulk_to_python(self, values):
        objects = dict(_prefetched_documents.get() or {})
        missing = [value for value in values if value is not None and value not in objects]
        if missing:
            objects.update(self.model_class.objects.for_listing().in_bulk(missing))
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

    def get_preview_value(self):
        # Previews show a real document when there is one.
        return sample_documents(1)[0] if sample_documents(1) else None

    class Meta:
        icon = "doc-full"
        template = "ledning/blocks/governed_document.html"
        description = _("Ett styrande dokument: en riktlinje, rutin, blankett eller broschyr.")


def sample_documents(count: int) -> list[GovernedDocument]:
    """A few live documents for block previews in the admin."""
    return list(GovernedDocument.objects.live().for_listing().order_by("title")[:count])


class DocumentTypeBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Dokumenttyp"))
        super().__init__(choices=DocumentType.choices, **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["label"] = dict(DocumentType.choices).get(value, "")
        return context

    class Meta:
        icon = "list-ul"
        template = "ledning/blocks/document_type.html"
        preview_value = DocumentType.RUTIN.value
        description = _(
            "Vilken sorts styrande dokument: riktlinje, rutin, blankett eller broschyr."
        )


class RatingBlock(blocks.IntegerBlock):
    """A value 1–4 on the risk analysis scales (seed 004 §6.4)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 4)
        super().__init__(**kwargs)

    class Meta:
        icon = "order"
        template = "ledning/blocks/rating.html"
        preview_value = 3
        description = _("Ett värde från 1 till 4 i riskanalysen.")
