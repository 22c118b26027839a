"""The engine used when Elasticsearch or OpenSearch is configured: Wagtail's search backend
(with the Swedish analyzer of search/es_settings.py) ranks pages and indexed models; the site's
own index (SearchEntry) decides what the user may view and supplies what a result shows.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from .engines import EngineResult, StemEngine, _facets, _filtered
from .indexing import indexed_models
from .models import SearchEntry
from .query import ParsedQuery

FETCH = 500


def _query(parsed: ParsedQuery):
    """Every clause must match, through one of its alternatives (the admin's synonym list
    applies here as well as in the index's own synonym filter)."""
    clauses = []
    for clause in parsed.clauses:
        alternatives = [
            PlainText(words[0]) if len(words) == 1 else Phrase(" ".join(words))
            for words in clause.alternatives
        ]
        clauses.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    return clauses[0] if len(clauses) == 1 else And(clauses)


class WagtailEngine:
    def _hits(self, parsed: ParsedQuery, visible: Q) -> list[int]:
        backend = get_search_backend()
        query = _query(parsed)
        scored: list[tuple[float, int, int]] = []
        sources = [(Page, Page.objects.live().filter(depth__gt=1))]
        for model in indexed_models():
            queryset = model._default_manager.all()
            if hasattr(model, "live"):
                queryset = queryset.filter(live=True)
            sources.append((model, queryset))
        for model, queryset in sources:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
            results = backend.search(query, queryset).annotate_score("_score")
            for obj in results[:FETCH]:
                scored.append((getattr(obj, "_score", 0.0) or 0.0, content_type.pk, obj.pk))
        scored.sort(key=lambda item: -item[0])
        keys = [(ct, pk) for _, ct, pk in scored]
        entries = {
            (ct, pk): entry_id
            for entry_id, ct, pk in SearchEntry.objects.filter(visible)
            .filter(object_id__in={pk for _, pk in keys})
            .values_list("id", "content_type_id", "object_id")
        }
        return [entries[key] for key in keys if key in entries]

    def search(
        self, parsed: ParsedQuery, visible: Q, kind: str, tag: str, offset: int, limit: int
    ) -> EngineResult:
        if parsed.is_empty:
            return EngineResult()
        ranked = self._hits(parsed, visible)
        matched = SearchEntry.objects.filter(id__in=ranked)
        wanted = set(_filtered(matched, kind, tag).values_list("id", flat=True))
        ordered = [entry_id for entry_id in ranked if entry_id in wanted]
        kind_counts, tag_counts = _facets(matched, kind, tag)
        return EngineResult(
            ids=ordered[offset : offset + limit],
            total=len(ordered),
            kind_counts=kind_counts,
            tag_counts=tag_counts,
        )

    def autocomplete(self, words: list[str], visible: Q, limit: int) -> list[int]:
        return StemEngine().autocomplete(words, visible, limit)
