"""Writing the search index: one SearchEntry per live page and live governed document.

What text an object contributes is declared on its model (`search_fields`): its title, the
fields boosted 2 or more (and intro/summary) as the lead, the rest as the body. A governed
document's attached file contributes the text extracted from it (DocumentText).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils.encoding import force_str
from modelsearch.index import RelatedFields, SearchField
from wagtail.models import Page

from . import conf, text
from .models import DocumentText, ExtractionStatus, SearchEntry, SearchEntryTag

logger = logging.getLogger(__name__)

LEAD_FIELDS = {"intro", "summary", "search_description"}
SKIP_FIELDS = {"title", "search_file_text"}
METADATA_FIELDS = ("reviewed_by", "approved_by", "approved_on", "revised_on", "author", "owner")
BATCH = 500


def indexed_models() -> list[type[models.Model]]:
    """Non-page models in the index (pages are always in it): SEARCH_INDEXED_MODELS."""
    labels = conf.get("INDEXED_MODELS")
    return [apps.get_model(label) for label in labels]


def base_model(model: type[models.Model]) -> type[models.Model]:
    """The model whose content type names an entry: Page for every page type (page ids are one
    space, so a page's id alone finds its entry), the model itself for any other indexed model.
    The one place that tells a page from another indexed object."""
    return Page if issubclass(model, Page) else model


def is_indexed_model(model: type[models.Model]) -> bool:
    """Every page type, and the models of SEARCH_INDEXED_MODELS (and their subclasses)."""
    return base_model(model) is Page or issubclass(model, tuple(indexed_models()))


def is_indexable(obj: Any) -> bool:
    """An object of an indexed model, except the page tree's root."""
    if not is_indexed_model(type(obj)):
        return False
    return base_model(type(obj)) is not Page or obj.depth > 1


def _is_live(obj: Any) -> bool:
    return bool(getattr(obj, "live", True))


def kind_of(obj: Any) -> str:
    kind = getattr(obj, "search_kind", None)
    if callable(kind):
        kind = kind()
    return kind or conf.get("DEFAULT_PAGE_KIND")


def _prepare(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_prepare(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_prepare(item) for item in value.values())
    return force_str(value)


def _field_texts(
    obj: Any, fields: Iterable[Any], boosted: bool = False
) -> Iterator[tuple[bool, str]]:
    """(is_lead, text) for every SearchField of obj (and its RelatedFields)."""
    for field in fields:
        if isinstance(field, SearchField):
            if field.field_name in SKIP_FIELDS and not boosted:
                continue
            lead = boosted or field.field_name in LEAD_FIELDS or (field.boost or 0) >= 2
            try:
                value = field.get_value(obj)
            except Exception:  # a broken field must not stop indexing the rest
                logger.exception("Search: cannot read %s of %r", field.field_name, obj)
                continue
            yield lead, text.plain_text(_prepare(value))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, models.Manager):
                related = related.all()
            elif callable(related):
                related = related()
            items = related if isinstance(related, Iterable) else [related]
            for item in items:
                # A related field (tags) is part of the lead: it says what the object is about.
                yield from _field_texts(item, field.fields, boosted=True)


def _file_text(obj: Any, texts: dict[int, str] | None = None) -> str:
    file_id = getattr(obj, "file_id", None)
    if not file_id:
        return ""
    if texts is not None:
        return texts.get(file_id, "")
    row = DocumentText.objects.filter(document_id=file_id, status=ExtractionStatus.OK).first()
    return row.text if row else ""


def _place(obj: Any) -> tuple[str, str]:
    """(address, tree path): a page's URL on its site (its tree URL without a site) and its tree
    path; any other object's get_absolute_url() and no path."""
    if base_model(type(obj)) is Page:
        return obj.get_url() or obj.url_path, obj.path
    return obj.get_absolute_url(), ""


def _date(obj: Any) -> datetime.date | None:
    value = getattr(obj, "date", None) or getattr(obj, "last_published_at", None)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _metadata(obj: Any) -> dict[str, str]:
    data = {}
    for name in METADATA_FIELDS:
        value = getattr(obj, name, None)
        if value:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    file = getattr(obj, "file", None) if getattr(obj, "file_id", None) else None
    if file is not None:
        data["file_extension"] = file.file_extension.upper()
        # A governed document's permanent file address (ledning.governed.document_url), any
        # other object's file as Wagtail serves it.
        data["file_url"] = getattr(obj, "open_url", "") or file.url
    return data


def _tags(obj: Any) -> list[str]:
    tags = getattr(obj, "tags", None)
    if tags is None or not hasattr(tags, "all"):
        return []
    return sorted({tag.name for tag in tags.all()})


def build_entry(
    obj: Any, file_texts: dict[int, str] | None = None
) -> tuple[SearchEntry, list[str]]:
    """The (unsaved) index entry of obj and its tags."""
    lead_parts: list[str] = []
    body_parts: list[str] = []
    for is_lead, value in _field_texts(obj, obj.get_search_fields()):
        if value:
            (lead_parts if is_lead else body_parts).append(value)
    title = str(obj.title if hasattr(obj, "title") else obj)[:255]
    lead = "\n".join(dict.fromkeys(lead_parts))
    body = "\n".join(dict.fromkeys(body_parts))
    file_text = _file_text(obj, file_texts)
    url, page_path = _place(obj)
    tags = _tags(obj)
    entry = SearchEntry(
        content_type=_content_type(base_model(type(obj))),
        object_id=obj.pk,
        kind=kind_of(obj),
        title=title,
        url=url[:500],
        lead=lead,
        body=body,
        file_text=file_text,
        compounds=text.compound_text([title, lead, body]),
        title_stems=text.stem_text(title) + " ".join(dict.fromkeys(text.index_words(title))) + " ",
        stems=text.stem_text(" ".join([title, lead, body, file_text])),
        page_path=page_path,
        collection_id=(
            obj.file.collection_id if getattr(obj, "file_id", None) and obj.file else None
        ),
        date=_date(obj),
        metadata=_metadata(obj),
        tag_names=sorted({name[:100] for name in tags}),
    )
    return entry, tags


def _content_type(obj_or_model: Any) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def remove_object(obj: Any) -> None:
    base = base_model(type(obj))
    SearchEntry.objects.filter(content_type=_content_type(base), object_id=obj.pk).delete()


@transaction.atomic
def index_object(obj: Any) -> SearchEntry | None:
    """Bring obj's entry up to date: written when it is live, removed when it is not. A page
    is indexed as its specific type (what its search_fields declare)."""
    obj = getattr(obj, "specific_deferred", obj)
    if not is_indexable(obj):
        return None
    if not _is_live(obj):
        remove_object(obj)
        return None
    entry, tags = build_entry(obj)
    values = {
        f.attname: getattr(entry, f.attname)
        for f in SearchEntry._meta.concrete_fields
        if f.name not in ("id", "content_type", "object_id", "updated_at")
    }
    saved, _ = SearchEntry.objects.update_or_create(
        content_type=entry.content_type, object_id=entry.object_id, defaults=values
    )
    SearchEntryTag.objects.filter(entry=saved).exclude(name__in=tags).delete()
    existing = set(SearchEntryTag.objects.filter(entry=saved).values_list("name", flat=True))
    SearchEntryTag.objects.bulk_create(
        [SearchEntryTag(entry=saved, name=name[:100]) for name in tags if name not in existing]
    )
    return saved


def index_page_subtree(page: Page) -> int:
    """Re-index a page and every page under it (after a move: their paths changed)."""
    count = 0
    for descendant in Page.objects.descendant_of(page, inclusive=True).live().specific():
        index_object(descendant)
        count += 1
    return count


def index_objects_using_file(document_id: int) -> int:
    """Re-index the indexed objects whose attached file is this document."""
    count = 0
    for model in indexed_models():
        if not any(f.name == "file" for f in model._meta.get_fields()):
            continue
        for obj in model._default_manager.filter(file_id=document_id):
            index_object(obj)
            count += 1
    return count


def _iter_objects() -> Iterator[Any]:
    """A queryset per page type (its live pages below the root) and per indexed model."""
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page and not model._meta.abstract:
            queryset = model.objects.live().filter(depth__gt=1, content_type=_content_type(model))
            yield queryset.order_by("pk")
    for model in indexed_models():
        queryset = model._default_manager.all()
        if hasattr(model, "live"):
            queryset = queryset.filter(live=True)
        if any(f.name == "file" for f in model._meta.get_fields()):
            queryset = queryset.select_related("file")
        if any(f.name == "tags" for f in model._meta.get_fields()):
            queryset = queryset.prefetch_related("tags")
        yield queryset.order_by("pk")


def count_indexable() -> int:
    return sum(queryset.count() for queryset in _iter_objects())


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index in one transaction (searches see the old index until commit)."""
    file_texts = dict(
        DocumentText.objects.filter(status=ExtractionStatus.OK).values_list("document_id", "text")
    )
    total = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for queryset in _iter_objects():
            batch: list[tuple[SearchEntry, list[str]]] = []
            for obj in queryset.iterator(chunk_size=BATCH):
                entry, tags = build_entry(obj, file_texts)
                batch.append((entry, tags))
                if len(batch) >= BATCH:
                    total += _write(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                total += _write(batch)
                if progress:
                    progress(len(batch))
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner right away, not when autovacuum gets to it; outside
        # a transaction also VACUUM: every row of the old index is dead now, and until they are
        # gone each search reads them beside the live ones from the GIN index and the table
        # (twice the pages; a common word of 10,500 entries took 1.3–2× as long).
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute("ANALYZE search_searchentry")
            else:
                cursor.execute("VACUUM (ANALYZE) search_searchentry, search_searchentrytag")
    return total


def index_loaded(model: type[models.Model], objects: list[Any]) -> int:
    """The entries of these objects of one model, already loaded by the caller (the import's
    index pass, intranet.ledning.exchange.content_batch_loaded: their files joined, tags
    prefetched, StreamFields converted for the batch): live ones written again, the rest
    removed, in a few statements. Returns the number written."""
    if not is_indexed_model(model) or not objects:
        return 0
    pks = [obj.pk for obj in objects]
    objects = [obj for obj in objects if is_indexable(obj) and _is_live(obj)]
    file_ids = [obj.file_id for obj in objects if getattr(obj, "file_id", None)]
    file_texts = dict(
        DocumentText.objects.filter(
            document_id__in=file_ids, status=ExtractionStatus.OK
        ).values_list("document_id", "text")
    )
    content_type = _content_type(base_model(model))
    SearchEntry.objects.filter(content_type=content_type, object_id__in=pks).delete()
    return _write([build_entry(obj, file_texts) for obj in objects])


def _write(batch: list[tuple[SearchEntry, list[str]]]) -> int:
    entries = SearchEntry.objects.bulk_create([entry for entry, _ in batch])
    SearchEntryTag.objects.bulk_create(
        [
            SearchEntryTag(entry=entry, name=name[:100])
            for entry, (_, tags) in zip(entries, batch, strict=True)
            for name in tags
        ]
    )
    return len(entries)
