"""Import of a `ledningssystem/1` file: validate everything first, then write in one transaction.

Idempotent: entries are matched by key (workplaces, documents) and path (pages); an entry whose
stored state already equals the file is left alone, a changed one gets a new published revision.
Atomic: any invalid entry stops the import with messages naming entry and field, and nothing is
written — not even files in storage.

Fast (README, "Import av ett helt ledningssystem"): new governed documents are written in
batches (rows, tags, workplaces, revisions, Wagtail's log entries and the change log, a few
statements per batch of BATCH); the index work every save would do — Wagtail's search index and
reference index, the site's own search index — is paused while the import writes and done once,
set-based, at the end of its transaction (``deferred_indexing``, ``content_imported``).
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import datetime
import functools
import gc
import json
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connections, models, reset_queries, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import ClusterableModel, get_all_child_relations
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import COMMENTS_RELATION_NAME, Collection, Page, ReferenceIndex, Revision, Site
from wagtail.search.backends import get_search_backends
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from .. import conf
from ..blocks.shapes import BODY_KINDS, SECTION
from ..governance.models import ChangeLogEntry, ChangeLogKind
from ..governance.services.guard import content_import
from ..governance.services.summary import summarize_change
from ..governed import GovernedMixin
from ..models import (
    AreaPage,
    DocumentIndexPage,
    DocumentVersion,
    GovernedDocument,
    GovernedDocumentTag,
    ProcessPage,
    StartPage,
    Workplace,
)
from ..models.pages import INTRO_FEATURES
from . import pagebatch, searchbatch
from .errors import (
    ImportValidationError,
    field_path,
    flatten_validation_error,
    label_of,
    located,
)
from .files import file_hash, file_problems, stored_file_hash
from .reader import DataSource, ImportSource, open_source
from .richtext import clean_html
from .schema import MAX_DEPTH, source_errors
from .streams import Reference, import_block, references

PAGE_TYPES: dict[str, type[Page]] = {
    "start": StartPage,
    "area": AreaPage,
    "process": ProcessPage,
    "documents": DocumentIndexPage,
}
SECTIONS = ["workplaces", "documents", "pages"]
SECTION_FIELDS = {"start": "sections", "area": "groups"}
PROCESS_FIELDS = [
    "page_owner",
    "process_kind",
    "process_owner",
    "process_lead",
    "reviewed_by",
    "approved_by",
    "approved_on",
    "revised_on",
]

Progress = Callable[[str], None]

#: Rows written per statement by the batch paths, and objects indexed per pass.
BATCH = 500
#: Pages written per batch (at most BATCH). A batch of pages holds every document its pages
#: choose, their stream values and revisions; the batch's peak memory grows with its size, not
#: with the file's.
PAGE_BATCH = 100

#: Sent once, inside the import's transaction after everything is written, with what it wrote:
#: ``objects`` = {model: [pk, …]} (pages under their specific models, governed documents,
#: Wagtail documents and images) and ``files`` = the ids of the Wagtail documents whose files
#: it stored. Receivers index them in one pass (the site's search app does); while the import
#: runs, ``import_running()`` is true and per-save index work can wait for this signal.
content_imported = Signal()

#: Sent during the import's index pass, inside its transaction, for every BATCH objects of one
#: model it wrote (``sender`` = the model, ``objects`` = the objects): loaded once for every index
#: — their files joined, tags and child relations prefetched, their StreamFields converted with
#: every chosen page and document read for the whole batch — so that a receiver (the site's own
#: search index) indexes them without reading them again.
content_batch_loaded = Signal()

_running: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ledning_import_running", default=False
)


def import_running() -> bool:
    """True while an import writes (its index work comes at the end: ``content_imported``)."""
    return _running.get()


@contextlib.contextmanager
def deferred_indexing() -> Iterator[None]:
    """Pause the index work of every save: Wagtail's search index (its post_save handlers are
    disconnected for the time) and reference index (Wagtail's disable_reference_index_auto_update),
    and tell the site's receivers (import_running). The caller brings the indexes up to date
    once, at the end (``_Importer.index_written``). The signal handlers are process-wide: the
    import runs from its management command, not beside requests in a web process."""
    paused = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    token = _running.set(True)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _running.reset(token)
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


def chunked(items: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]
        forget_queries()


def forget_queries() -> None:
    """After each batch. With DEBUG on (the development settings), Django keeps the text of
    every statement; an import writes thousands of large ones: dropped, so that memory stays
    flat however large the file (not while a test counts them). And, while
    ``collected_per_batch`` holds, the batch's objects are let go at once (see there)."""
    if settings.DEBUG and not any(c.force_debug_cursor for c in connections.all()):
        reset_queries()
    if _collecting.get():
        gc.collect()
        _trim_heap()


_collecting: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ledning_import_collecting", default=False
)


@contextlib.contextmanager
def collected_per_batch() -> Iterator[None]:
    """The objects of a batch (model instances, their prefetch caches and stream values) refer
    to each other: Python frees them only in a full garbage collection, and those come rarer as
    a process holds more objects, so that the garbage of many batches piled up before one came
    (memory growing with the file). While this holds, every batch ends with a full collection;
    the objects there before the import (the code of Django, Wagtail and the site) are set
    aside first (``gc.freeze``), so that a collection goes through the batch's objects only
    (a few ms instead of over 100 ms). Then glibc is asked to hand freed memory back to the
    system (``malloc_trim``), so that the process's RSS shows what it holds."""
    gc.collect()
    gc.freeze()
    token = _collecting.set(True)
    try:
        yield
    finally:
        _collecting.reset(token)
        gc.unfreeze()


def _trim_heap() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where there is none (another C library, another system)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _remember_file_text(obj: models.Model, fresh_files: set[int]) -> None:
    """Read the text of obj's file once (Wagtail's search asks ``search_file_text`` for every
    field it prepares: five queries per document), and not at all for a file this import has
    just stored: its text is read after the commit, and indexed then."""
    text = "" if getattr(obj, "file_id", None) in fresh_files else obj.search_file_text()
    # An instance attribute shadows the method for this object alone.
    obj.search_file_text = lambda: text  # type: ignore[method-assign]


def update_indexes(
    model: type[models.Model], pks: Iterable[int], fresh_files: Iterable[int] = ()
) -> None:
    """Wagtail's search index and reference index entries for these objects, as saving each
    would write them, in a few statements per BATCH objects. ``fresh_files``: ids of the files
    stored by this import (no text read from them yet)."""
    fresh = set(fresh_files)
    searched = model in set(get_indexed_models())
    referenced = ReferenceIndex.is_indexed(model)
    if not searched and not referenced and not content_batch_loaded.has_listeners(model):
        return
    content_types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    indexes = search_indexes(model) if searched else []
    with title_norms_once(indexes):
        _update_indexes(model, pks, fresh, indexes, referenced, content_types)


def search_indexes(model: type[models.Model]) -> list[Any]:
    """Wagtail's search indexes of model (one per backend that updates itself), each used for
    the whole pass: ``backend.add_bulk()`` is ``get_index_for_model(model).add_items()``."""
    return [
        backend.get_index_for_model(model) for backend in get_search_backends(with_auto_update=True)
    ]


@contextlib.contextmanager
def title_norms_once(indexes: list[Any]) -> Iterator[None]:
    """Wagtail's PostgreSQL search index (modelsearch) recomputes the title norms after every
    ``add_items()``: the average title length over its whole table, then an update of every
    entry whose norm is still 1.0 (all new entries; all entries when titles are equally long).
    Called per batch, the import's index pass grows with the square of its size. Here each
    index's norms are recomputed once, after the last batch (an index without such a step, as
    Elasticsearch's, is used as it is)."""
    deferred = [i for i in indexes if callable(getattr(i, "_refresh_title_norms", None))]
    refreshes = [index._refresh_title_norms for index in deferred]
    for index in deferred:
        index._refresh_title_norms = _later
    try:
        yield
    finally:
        for index in deferred:
            del index._refresh_title_norms
    for refresh in refreshes:
        refresh()


def _later(*args: Any, **kwargs: Any) -> None:
    """In place of an index's title-norm refresh while title_norms_once() holds it back."""


def _update_indexes(
    model: type[models.Model],
    pks: Iterable[int],
    fresh: set[int],
    indexes: list[Any],
    referenced: bool,
    content_types: list[ContentType],
) -> None:
    size = min(BATCH, PAGE_BATCH) if issubclass(model, Page) else BATCH
    for chunk in chunked(sorted(set(pks)), size):
        queryset = model._default_manager.filter(pk__in=chunk)
        fields = {f.name: f for f in model._meta.get_fields()}
        if "file" in fields and fields["file"].many_to_one:
            queryset = queryset.select_related("file")
        if "tags" in fields and fields["tags"].is_relation:
            queryset = queryset.prefetch_related("tags")
        if issubclass(model, ClusterableModel):
            # The reference index reads every child relation (a page's comments, …).
            queryset = queryset.prefetch_related(
                *(relation.get_accessor_name() for relation in get_all_child_relations(model))
            )
        objects = list(queryset)
        pagebatch.resolve_streams(objects)
        if callable(getattr(model, "search_file_text", None)):
            for obj in objects:
                _remember_file_text(obj, fresh)
        for index in indexes:
            searchbatch.add_items(index, model, objects)
        if referenced:
            ReferenceIndex.objects.filter(
                base_content_type=content_types[-1], object_id__in=[str(pk) for pk in chunk]
            ).delete()
            ReferenceIndex.objects.bulk_create(
                [
                    ReferenceIndex(
                        content_type=content_types[0],
                        base_content_type=content_types[-1],
                        object_id=str(obj.pk),
                        to_content_type_id=to_content_type_id,
                        to_object_id=to_object_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                    for obj in objects
                    for to_content_type_id, to_object_id, model_path, content_path in set(
                        ReferenceIndex._extract_references_from_object(obj)
                    )
                ],
                ignore_conflicts=True,
            )
        content_batch_loaded.send(sender=model, objects=objects)


def first_revisions(
    objects: list[Any], base_content_type: ContentType, now: datetime.datetime
) -> list[Revision]:
    """The first revision of each new object (a governed document, a page), as
    ``save_revision()`` writes it (its content from ``serializable_data()``), in one statement.
    A page's own type is its content type; ``base_content_type`` is that of the base model."""
    return Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=getattr(obj, "content_type_id", None) or base_content_type.pk,
                base_content_type=base_content_type,
                object_id=str(obj.pk),
                created_at=now,
                user=None,
                object_str=str(obj),
                content=obj.serializable_data(),
            )
            for obj in objects
        ]
    )


def latest_revision_of(base_content_type: ContentType) -> dict[str, Any]:
    """Update values setting each row's latest and live revision to its newest revision."""
    latest = Subquery(
        Revision.objects.filter(
            base_content_type=base_content_type,
            object_id=Cast(OuterRef("pk"), models.CharField()),
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    return {"latest_revision": latest, "live_revision": latest}


def import_entry(obj: Any, revision: Revision, now: datetime.datetime) -> ChangeLogEntry:
    """The change log's entry for content the import published for the first time, as
    approval.record_publication writes it inside ``content_import()``."""
    return ChangeLogEntry(
        **ChangeLogEntry.about(obj),
        kind=ChangeLogKind.IMPORT,
        note=(revision.content.get("change_note") or "").strip(),
        type_label=obj.get_kind_label(),
        revision=revision,
        previous_revision=None,
        editor=None,
        approver=None,
        approver_name="",
        approver_role="",
        revised_on=None,
        published_at=now,
        summary=summarize_change(None, obj),
    )


class PageHead(NamedTuple):
    """What the import keeps of every page entry: what the tree and the checks need."""

    path: str
    type: str
    slug: str | None
    title: str


@dataclass
class ImportReport:
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        parts = []
        for section, label in [
            ("workplaces", _("arbetsplatser")),
            ("documents", _("dokument")),
            ("pages", _("sidor")),
        ]:
            parts.append(
                _("%(label)s: %(created)d nya, %(updated)d ändrade, %(unchanged)d oförändrade")
                % {
                    "label": label,
                    "created": self.created[section],
                    "updated": self.updated[section],
                    "unchanged": self.unchanged[section],
                }
            )
        if self.created["versions"]:
            parts.append(_("tidigare versioner: %d nya") % self.created["versions"])
        text = "; ".join(parts) + "."
        if self.dry_run:
            text = _("Torrkörning, inget har sparats. ") + text
        return text

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


@contextlib.contextmanager
def _readable(path: Path) -> Iterator[None]:
    """A file that cannot be read as UTF-8 text becomes the import's Swedish message."""
    try:
        yield
    except FileNotFoundError as error:
        raise ImportValidationError([_("Filen %s finns inte.") % path]) from error
    except UnicodeDecodeError as error:
        raise ImportValidationError([_("Filen %s är inte kodad som UTF-8.") % path]) from error
    except OSError as error:
        raise ImportValidationError(
            [_("Filen %(path)s kan inte läsas: %(error)s") % {"path": path, "error": error}]
        ) from error


def load_import_file(path: str | Path) -> Any:
    """Read and parse an import file, with a clear message when that fails."""
    path = Path(path)
    with _readable(path):
        text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except RecursionError as error:
        raise ImportValidationError(
            [_("Filen har listor och objekt som är nästlade djupare än %d nivåer.") % MAX_DEPTH]
        ) from error
    except json.JSONDecodeError as error:
        raise ImportValidationError(
            [
                _("Filen är inte giltig JSON: rad %(line)d, kolumn %(column)d: %(message)s")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ]
        ) from error


def open_import_file(path: str | Path) -> ImportSource:
    """An import file to read entry by entry (reader.py: the import's memory does not grow
    with the file), with load_import_file's messages when it cannot be read. A file the
    entry-by-entry reading does not expect (a syntax error, …) is read whole by
    load_import_file, whose messages are then those of ``json.loads``. Close it after use
    (``with``)."""
    path = Path(path)
    try:
        with _readable(path):
            source = open_source(path)
    except RecursionError:
        source = None
    return source if source is not None else DataSource(load_import_file(path))


def import_ledningssystem(
    data: Any,
    *,
    files_dir: str | Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a whole management system: ``data`` is the parsed file or an ImportSource
    (open_import_file: the file read entry by entry). Raises ImportValidationError and writes
    nothing when any entry is invalid."""
    source = data if isinstance(data, ImportSource) else DataSource(data)
    errors = source_errors(source)
    if errors:
        raise ImportValidationError(errors)
    importer = _Importer(source, Path(files_dir) if files_dir else None, dry_run, progress)
    with collected_per_batch():
        importer.check()
        return _write(importer, dry_run)


def _write(importer: _Importer, dry_run: bool) -> ImportReport:
    try:
        with transaction.atomic(), content_import(), deferred_indexing():
            importer.write()
            if importer.errors:
                raise ImportValidationError(importer.sorted_errors())
            if dry_run:
                transaction.set_rollback(True)
            else:
                importer.index_written()
    except BaseException:
        importer.discard_stored_files()
        raise
    if dry_run:
        importer.discard_stored_files()
    else:
        importer.delete_replaced_files()
    return importer.report


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _strip_ids(value: Any) -> Any:
    """Stream data without the block ids Wagtail adds, for comparing content."""
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    if isinstance(value, dict):
        is_child = "type" in value and "value" in value
        return {k: _strip_ids(v) for k, v in value.items() if not (is_child and k == "id")}
    return value


def canonical_stream(stream_value: Iterable[Any]) -> list[Any]:
    """The stored form of a StreamField value, ids left out: equal content compares equal."""
    return _strip_ids([child.get_prep_value() for child in stream_value])


class _Importer:
    """Reads the entries of its source in passes (checks, documents, history, pages) and keeps
    of them only what cross-references need: the workplaces (few), every document's key and
    type, every page's path, type, slug and title. Memory: one batch of entries at a time."""

    def __init__(
        self, source: ImportSource, files_dir: Path | None, dry_run: bool, progress: Progress | None
    ):
        self.source = source
        self.files_dir = files_dir
        self.files_base: Path | None = None  # files_dir resolved, once
        self.progress = progress or (lambda label: None)
        self.report = ImportReport(dry_run=dry_run)
        self.errors: list[str] = []
        self.error_order: list[tuple[int, int, int]] = []
        # The workplaces whole; of documents and pages what cross-references need, by index.
        self.workplace_entries: list[dict] = list(source.entries("workplaces"))
        self.document_keys: list[str] = []
        self.has_history = False
        self.page_heads: list[PageHead] = []
        self.stored_files: list[tuple[Any, str]] = []
        self.replaced_files: list[tuple[Any, str]] = []
        self.workplaces: dict[str, Workplace] = {}
        self.document_ids: dict[str, int] = {}
        self.document_types: dict[str, str] = {}
        self.pages: dict[str, Page] = {}
        self.page_ids: dict[str, int] = {}
        self.new_pages: set[str] = set()
        self.images: dict[str, Any] = {}
        self.graphml_documents: dict[str, Any] = {}
        # What the import wrote, for the index pass at its end: {model: {pk}}.
        # (Arrays of 8-byte ids, not sets of ints: a tenth of the memory at 100,000 documents;
        # an id written twice is indexed once.)
        self.written: dict[type[models.Model], array] = {}
        self.stored_file_ids: list[int] = []
        self.tag_objects: dict[str, Tag] = {}
        self.groups: dict[str, int] = {}

    # ------------------------------------------------------------------ checks before writing

    def error(self, section: str, index: int, parts: list[Any], message: str) -> None:
        label = self.label(section, index)
        self.errors.append(located(label, field_path(parts), message))
        self.error_order.append((SECTIONS.index(section), index, len(self.error_order)))

    def label(self, section: str, index: int) -> str:
        """errors.entry_label of an entry, from what is kept of it."""
        if section == "workplaces":
            return label_of(section, index, self.workplace_entries[index])
        if section == "documents":
            return label_of(section, index, {"key": self.document_keys[index]})
        return label_of(section, index, {"path": self.page_heads[index].path})

    def sorted_errors(self) -> list[str]:
        """Errors in file order: workplaces, documents, pages, each by entry."""
        return [text for _key, text in sorted(zip(self.error_order, self.errors, strict=True))]

    def resolve_file(self, relpath: str) -> Path | None:
        """The file for a relative path under --files, or None (with the reason in errors)."""
        if self.files_dir is None:
            return None
        if self.files_base is None:
            self.files_base = self.files_dir.resolve()
        base = self.files_base
        candidate = (base / relpath).resolve()
        if base not in candidate.parents:
            return None
        return candidate

    def check_file(self, section: str, index: int, parts: list[Any], relpath: str) -> None:
        if self.files_dir is None:
            self.error(section, index, parts, _("filen ”%s” kräver --files KATALOG") % relpath)
            return
        path = self.resolve_file(relpath)
        if path is None:
            self.error(section, index, parts, _("”%s” ligger utanför --files-katalogen") % relpath)
        elif not path.is_file():
            self.error(section, index, parts, _("filen ”%s” finns inte") % path)
        elif path.stat().st_size > conf.get("IMPORT_MAX_FILE_SIZE"):
            self.error(
                section,
                index,
                parts,
                _("filen ”%(path)s” är större än %(limit)d MB")
                % {"path": relpath, "limit": conf.get("IMPORT_MAX_FILE_SIZE") // (1024 * 1024)},
            )
        else:
            for message in file_problems(parts[-1], path, relpath):
                self.error(section, index, parts, message)

    def check(self) -> None:
        self.groups = dict(Group.objects.values_list("name", "pk"))
        self.check_workplaces()
        self.check_documents()
        self.check_pages()
        if self.errors:
            raise ImportValidationError(self.sorted_errors())

    def check_workplaces(self) -> None:
        in_file: dict[str, int] = {}
        for index, entry in enumerate(self.workplace_entries):
            if entry["key"] in in_file:
                self.error("workplaces", index, ["key"], _("nyckeln finns redan i filen"))
            in_file[entry["key"]] = index
        existing = dict(Workplace.objects.values_list("key", "parent__key"))
        parents = {**existing, **{e["key"]: e.get("parent") for e in self.workplace_entries}}
        for index, entry in enumerate(self.workplace_entries):
            parent = entry.get("parent")
            if parent is None:
                continue
            if parent not in parents:
                self.error(
                    "workplaces", index, ["parent"], _("arbetsplatsen ”%s” finns inte") % parent
                )
                continue
            seen = {entry["key"]}
            while parent is not None:
                if parent in seen:
                    self.error(
                        "workplaces", index, ["parent"], _("arbetsplatserna bildar en cirkel")
                    )
                    break
                seen.add(parent)
                parent = parents.get(parent)
        self.known_workplaces = set(parents)

    def check_documents(self) -> None:
        seen: set[str] = set()
        self.document_types = dict(GovernedDocument.objects.values_list("key", "document_type"))
        for index, entry in enumerate(self.source.entries("documents")):
            key = entry["key"]
            self.document_keys.append(key)
            self.has_history = self.has_history or bool(entry.get("history"))
            if key in seen:
                self.error("documents", index, ["key"], _("nyckeln finns redan i filen"))
            seen.add(key)
            # One string per type, not one per document.
            self.document_types[key] = sys.intern(entry["type"])
            if entry.get("file"):
                self.check_file("documents", index, ["file"], entry["file"])
            self.check_owner_group("documents", index, entry)
            self.check_history(index, entry.get("history") or [])
            for position, workplace in enumerate(entry.get("workplaces") or []):
                if workplace not in self.known_workplaces:
                    self.error(
                        "documents",
                        index,
                        ["workplaces", position],
                        _("arbetsplatsen ”%s” finns inte") % workplace,
                    )

    def check_owner_group(self, section: str, index: int, entry: dict) -> None:
        """An owner role names a group that is already there: groups carry permissions, so
        the import never creates one (an administrator sets them up under Inställningar →
        Grupper), as a key of a workplace must be in the file or the database."""
        name = entry.get("owner_group")
        if name and name not in self.groups:
            self.error(
                section,
                index,
                ["owner_group"],
                _("gruppen ”%s” finns inte (lägg upp den under Inställningar → Grupper)") % name,
            )

    def check_history(self, index: int, history: list[dict]) -> None:
        """Earlier versions: numbered upwards, each ending no earlier than it began, files
        as a document's file is checked."""
        previous = 0
        for position, version in enumerate(history):
            where = ["history", position]
            if version["number"] <= previous:
                self.error(
                    "documents",
                    index,
                    [*where, "number"],
                    _("versionerna ska stå i nummerordning, den äldsta först"),
                )
            previous = version["number"]
            if version["in_force_to"] < version["in_force_from"]:
                self.error(
                    "documents",
                    index,
                    [*where, "in_force_to"],
                    _("versionen upphör före den dag den började gälla"),
                )
            if version.get("file") and version.get("url"):
                self.error(
                    "documents",
                    index,
                    [*where, "url"],
                    _("Ange antingen en fil eller en extern adress, inte båda."),
                )
            if version.get("file"):
                self.check_file("documents", index, [*where, "file"], version["file"])

    def group_id(self, name: str | None) -> int | None:
        return self.groups[name] if name else None

    def existing_page_types(self) -> dict[str, type[Page]]:
        """Paths (relative to the start page) of pages already in the database, with types."""
        start = self.existing_start_page()
        if start is None:
            return {}
        known: dict[str, type[Page]] = {"": StartPage}
        prefix = start.url_path
        for page in Page.objects.descendant_of(start).only("url_path", "content_type"):
            known[page.url_path[len(prefix) :].strip("/")] = page.specific_class or Page
        return known

    def existing_start_page(self) -> StartPage | None:
        root = self.site_root()
        first = self.page_heads[0] if self.page_heads else None
        start_pages = StartPage.objects.child_of(root)
        if first and first.type == "start":
            return start_pages.filter(slug=first.slug).first()
        return start_pages.order_by("path").first()

    def site_root(self) -> Page:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            site = Site.objects.select_related("root_page").first()
        if site is None:
            raise ImportValidationError([_("Webbplatsen saknar en standardsajt (Site) i Wagtail.")])
        return site.root_page

    def check_pages(self) -> None:
        self.page_heads = [
            PageHead(e["path"], e["type"], e.get("slug"), e["title"])
            for e in self.source.entries("pages")
        ]
        if not self.page_heads:
            return
        existing = self.existing_page_types()
        known: dict[str, type[Page]] = dict(existing)
        in_file: set[str] = set()
        for index, entry in enumerate(self.page_heads):
            path, cls = entry.path, PAGE_TYPES[entry.type]
            if path in in_file:
                self.error("pages", index, ["path"], _("sökvägen finns redan i filen"))
                continue
            in_file.add(path)
            if entry.type == "start":
                if index != 0:
                    self.error("pages", index, ["type"], _("startsidan ska stå först i pages"))
                if not cls.can_exist_under(self.site_root()):
                    self.error(
                        "pages",
                        index,
                        ["type"],
                        _("startsidan får inte ligga under webbplatsens rotsida"),
                    )
                known[""] = cls
                continue
            if index == 0 and "" not in known:
                self.error(
                    "pages",
                    index,
                    ["path"],
                    _('det finns ingen startsida: lägg först en sida med type start och path ""'),
                )
                known[""] = StartPage
            parent_path = path.rsplit("/", 1)[0] if "/" in path else ""
            parent_cls = known.get(parent_path)
            if parent_cls is None:
                self.error(
                    "pages",
                    index,
                    ["path"],
                    _("föräldersidan ”%s” finns inte tidigare i filen eller i databasen")
                    % parent_path,
                )
            elif cls not in parent_cls.allowed_subpage_models() or (
                parent_cls not in cls.allowed_parent_page_models()
            ):
                self.error(
                    "pages",
                    index,
                    ["type"],
                    _("sidtypen ”%(child)s” får inte ligga under sidtypen ”%(parent)s”")
                    % {
                        "child": cls._meta.verbose_name,
                        "parent": parent_cls._meta.verbose_name,
                    },
                )
            if path in existing and existing[path] is not cls:
                self.error(
                    "pages",
                    index,
                    ["type"],
                    _("sidan finns redan som %s") % existing[path]._meta.verbose_name,
                )
            known[path] = cls
        self.known_paths = set(known)
        for index, entry in enumerate(self.source.entries("pages")):
            self.check_page_content(index, entry)

    def check_reference(self, index: int, reference: Reference) -> None:
        """That a page, document or file a block refers to is there (and of the right type)."""
        where, value = reference.parts, reference.value
        if reference.kind == "page":
            if value not in self.known_paths:
                self.error("pages", index, where, _("sidan ”%s” finns inte") % value)
        elif reference.kind == "document":
            actual = self.document_types.get(value)
            wanted = reference.document_type
            if actual is None:
                self.error("pages", index, where, _("dokumentet ”%s” finns inte") % value)
            elif wanted and actual != wanted:
                self.error(
                    "pages",
                    index,
                    where,
                    _("”%(key)s” är av typen %(actual)s, listan gäller %(wanted)s")
                    % {"key": value, "actual": actual, "wanted": wanted},
                )
        else:
            self.check_file("pages", index, where, value)

    def check_page_content(self, index: int, entry: dict) -> None:
        self.check_owner_group("pages", index, entry)
        for key in ("sections", "groups"):
            for s, section in enumerate(entry.get(key) or []):
                for reference in references(SECTION.shape, section, [key, s], section):
                    self.check_reference(index, reference)
        for position, workplace in enumerate(entry.get("workplaces") or []):
            if workplace not in self.known_workplaces:
                self.error(
                    "pages",
                    index,
                    ["workplaces", position],
                    _("arbetsplatsen ”%s” finns inte") % workplace,
                )
        for b, block in enumerate(entry.get("body") or []):
            kind = BODY_KINDS[block["type"]]
            for reference in references(kind.shape, block, ["body", b], block):
                self.check_reference(index, reference)

    # ------------------------------------------------------------------ writing

    def write(self) -> None:
        self.collection = self.import_collection()
        self.write_workplaces()
        self.write_documents()
        self.write_history()
        if self.errors:
            # Pages refer to the documents; report what is wrong with them first.
            raise ImportValidationError(self.sorted_errors())
        self.write_pages()

    def import_collection(self) -> Collection:
        name = conf.get("IMPORT_COLLECTION")
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    def count(self, section: str, created: bool, changed: bool) -> None:
        if created:
            self.report.created[section] += 1
        elif changed:
            self.report.updated[section] += 1
        else:
            self.report.unchanged[section] += 1

    def write_workplaces(self) -> None:
        existing = {w.key: w for w in Workplace.objects.select_related("parent")}
        status: dict[str, tuple[bool, bool]] = {}
        for entry in self.workplace_entries:
            workplace = existing.get(entry["key"])
            created = workplace is None
            if created:
                workplace = Workplace.objects.create(key=entry["key"], name=entry["name"])
                existing[entry["key"]] = workplace
            changed = workplace.name != entry["name"]
            workplace.name = entry["name"]
            status[entry["key"]] = (created, changed)
        for entry in self.workplace_entries:
            workplace = existing[entry["key"]]
            parent = existing.get(entry.get("parent")) if entry.get("parent") else None
            created, changed = status[entry["key"]]
            if workplace.parent_id != (parent.pk if parent else None):
                workplace.parent = parent
                changed = True
            if created or changed:
                workplace.save()
            self.count("workplaces", created, changed)
            self.progress(entry["key"])
        self.workplaces = existing

    def workplace_objects(self, keys: Iterable[str]) -> list[Workplace]:
        missing = [key for key in keys if key not in self.workplaces]
        if missing:
            self.workplaces.update({w.key: w for w in Workplace.objects.filter(key__in=missing)})
        return [self.workplaces[key] for key in keys]

    def store_file(self, model: Any, relpath: str, title: str, existing: Any | None) -> Any:
        """A Wagtail document or image holding the file; an existing one gets its file
        replaced (keeping its id and URL) only when the content differs."""
        path = self.resolve_file(relpath)
        assert path is not None  # checked before writing
        if existing is not None and stored_file_hash(existing) == file_hash(path):
            return existing
        target = existing or model(title=title, collection=self.collection)
        if existing is not None:
            self.replaced_files.append((existing.file.storage, existing.file.name))
        with path.open("rb") as handle:
            content = File(handle, name=path.name)
            target.file = content
            if hasattr(target, "_set_document_file_metadata"):
                target._set_document_file_metadata()
            elif hasattr(target, "_set_image_file_metadata"):
                target._set_image_file_metadata()
            handle.seek(0)
            # The file goes to storage first and is noted at once, so that a failure while
            # saving the row still lets discard_stored_files() remove it.
            target.file.save(path.name, content, save=False)
            self.stored_files.append((target.file.storage, target.file.name))
            target.title = target.title or title
            target.save()
        self.wrote(type(target), [target.pk])
        if isinstance(target, get_document_model()):
            self.stored_file_ids.append(target.pk)
        return target

    def wrote(self, model: type[models.Model], pks: Iterable[int]) -> None:
        self.written.setdefault(model, array("q")).extend(pks)

    def index_written(self) -> None:
        """The one index pass at the end of the transaction: every object written is loaded once,
        a batch at a time, for Wagtail's search and reference indexes and the site's receivers
        of content_batch_loaded; then content_imported tells what was written."""
        for model, pks in self.written.items():
            update_indexes(model, pks, self.stored_file_ids)
        content_imported.send(
            sender=type(self),
            objects={model: sorted(set(pks)) for model, pks in self.written.items()},
            files=sorted(self.stored_file_ids),
        )

    def new_file(self, model: Any, relpath: str, title: str) -> Any:
        """An unsaved Wagtail document holding the file, its file already in storage (and
        noted, so that a failure removes it again)."""
        path = self.resolve_file(relpath)
        assert path is not None  # checked before writing
        target = model(title=title, collection=self.collection)
        with path.open("rb") as handle:
            content = File(handle, name=path.name)
            target.file = content
            target._set_document_file_metadata()
            handle.seek(0)
            target.file.save(path.name, content, save=False)
            self.stored_files.append((target.file.storage, target.file.name))
        return target

    def tags_named(self, names: Iterable[str]) -> list[Tag]:
        """Tag rows for these names, created when missing (a query for the new names only)."""
        missing = [name for name in names if name not in self.tag_objects]
        if missing:
            self.tag_objects.update({t.name: t for t in Tag.objects.filter(name__in=missing)})
            for name in missing:
                if name not in self.tag_objects:
                    self.tag_objects[name] = Tag.objects.create(name=name)
        return [self.tag_objects[name] for name in names]

    def create_documents(self, batch: list[tuple[int, dict]]) -> None:
        """New governed documents, live as the import writes them, BATCH at a time: what
        save(), save_revision() and publish() write for each — the row, its file, tags and
        workplaces, a revision, Wagtail's log entries (created, published) and the change
        log's import entry — in a few statements for the whole batch."""
        document_model = get_document_model()
        now = timezone.now()
        files = {
            index: self.new_file(document_model, entry["file"], entry["title"])
            for index, entry in batch
            if entry.get("file")
        }
        document_model.objects.bulk_create(files.values())
        self.wrote(document_model, [f.pk for f in files.values()])
        self.stored_file_ids.extend(f.pk for f in files.values())
        ready: list[tuple[int, GovernedDocument, list[Tag]]] = []
        for index, entry in batch:
            document = GovernedDocument(
                key=entry["key"],
                file=files.get(index),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                **self.document_values(entry),
            )
            document.workplaces.set(self.workplace_objects(sorted(entry.get("workplaces") or [])))
            # A new document has no named owners: said here, its revision's content is built
            # without asking the database for each document.
            document.owner_users.set([])
            tags = self.tags_named(sorted(entry.get("tags") or [], key=str.lower))
            try:
                # The file was just stored, the key checked against the file and the database.
                document.full_clean(
                    exclude=["file"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for parts, message in flatten_validation_error(error):
                    self.error("documents", index, parts, message)
                continue
            ready.append((index, document, tags))
        if not ready:
            return
        documents = GovernedDocument.objects.bulk_create([d for _i, d, _t in ready])
        GovernedDocumentTag.objects.bulk_create(
            [GovernedDocumentTag(content_object=d, tag=t) for _i, d, tags in ready for t in tags]
        )
        through = GovernedDocument.workplaces.through
        through.objects.bulk_create(
            [
                through(governeddocument_id=d.pk, workplace_id=w.pk)
                for d in documents
                for w in d.workplaces.all()
            ]
        )
        content_type = ContentType.objects.get_for_model(GovernedDocument)
        for _i, document, tags in ready:
            document.tagged_items = [
                GovernedDocumentTag(content_object=document, tag=t) for t in tags
            ]
        revisions = first_revisions(documents, content_type, now)
        GovernedDocument.objects.filter(pk__in=[d.pk for d in documents]).update(
            **latest_revision_of(content_type)
        )
        log_model = log_registry.get_log_model_for_model(GovernedDocument)
        log_model.objects.bulk_create(
            [
                log_model(
                    content_type=content_type,
                    label=str(d),
                    action=action,
                    data={},
                    timestamp=now,
                    revision=revision,
                    content_changed=True,
                    object_id=str(d.pk),
                )
                for d, revision in zip(documents, revisions, strict=True)
                for action in ("wagtail.create", "wagtail.publish")
            ]
        )
        for d, revision in zip(documents, revisions, strict=True):
            d.latest_revision = d.live_revision = revision
        ChangeLogEntry.objects.bulk_create(
            [
                import_entry(d, revision, now)
                for d, revision in zip(documents, revisions, strict=True)
            ]
        )
        self.wrote(GovernedDocument, [d.pk for d in documents])
        for index, document, _t in ready:
            # The key string kept since the checks, not this pass's copy of it.
            self.document_ids[self.document_keys[index]] = document.pk
        forget_queries()

    def document_values(self, entry: dict) -> dict[str, Any]:
        date = _day
        return {
            "document_type": entry["type"],
            "title": entry["title"],
            "summary": entry.get("summary") or "",
            "url": entry.get("url") or "",
            "author": entry.get("author") or "",
            "owner": entry.get("owner") or "",
            "owner_group_id": self.group_id(entry.get("owner_group")),
            "reviewed_by": entry.get("reviewed_by") or "",
            "approved_by": entry.get("approved_by") or "",
            "approved_on": date(entry.get("approved_on")),
            "revised_on": date(entry.get("revised_on")),
        }

    def write_documents(self) -> None:
        document_model = get_document_model()
        pending: list[tuple[int, dict]] = []
        existing: dict[str, GovernedDocument] = {}
        for index, entry in enumerate(self.source.entries("documents")):
            if index % BATCH == 0:
                # The stored documents of the next BATCH entries, read together and let go
                # after them: memory stays flat however large the system.
                keys = self.document_keys[index : index + BATCH]
                existing = (
                    GovernedDocument.objects.select_related("file")
                    .prefetch_related("tagged_items__tag", "workplaces")
                    .in_bulk(keys, field_name="key")
                )
                forget_queries()
            document = existing.get(entry["key"])
            created = document is None
            if created:
                pending.append((index, entry))
                if len(pending) >= BATCH:
                    self.create_documents(pending)
                    pending = []
                self.count("documents", True, True)
                self.progress(entry["key"])
                continue
            values = self.document_values(entry)
            tags = sorted(entry.get("tags") or [], key=str.lower)
            workplace_keys = sorted(entry.get("workplaces") or [])
            relpath = entry.get("file")
            changed = created or any(getattr(document, k) != v for k, v in values.items())
            if not created:
                current_tags = sorted(
                    (t.tag.name for t in document.tagged_items.all()), key=str.lower
                )
                current_workplaces = sorted(w.key for w in document.workplaces.all())
                changed = changed or current_tags != tags or current_workplaces != workplace_keys
                if relpath is None:
                    changed = changed or document.file_id is not None
                elif document.file_id is None:
                    changed = True
                else:
                    path = self.resolve_file(relpath)
                    changed = changed or stored_file_hash(document.file) != file_hash(path)
            if changed:
                for name, value in values.items():
                    setattr(document, name, value)
                document.file = (
                    self.store_file(document_model, relpath, entry["title"], document.file)
                    if relpath
                    else None
                )
                document.tags.set(tags, clear=True) if not created else document.tags.set(tags)
                document.workplaces.set(self.workplace_objects(workplace_keys))
                try:
                    document.full_clean()
                except ValidationError as error:
                    for parts, message in flatten_validation_error(error):
                        self.error("documents", index, parts, message)
                    continue
                document.save()
                document.save_revision(log_action=True).publish()
                self.wrote(GovernedDocument, [document.pk])
            self.document_ids[self.document_keys[index]] = document.pk
            self.count("documents", created, changed)
            self.progress(entry["key"])
        if pending:
            self.create_documents(pending)
        missing = set(self.document_types) - set(self.document_ids)
        if missing:
            self.document_ids.update(
                GovernedDocument.objects.filter(key__in=missing).values_list("key", "pk")
            )

    def write_history(self) -> None:
        """Earlier approved versions (``history``), for documents that have no recorded
        versions yet: each as it was, its file stored beside the others, and the version in
        force after them (numbered next, in force from the day the last one ended). A document
        that already has versions keeps its own record: importing again changes nothing.
        The documents' entries are read once more, BATCH histories at a time."""
        if not self.has_history:
            return
        histories: dict[str, list[dict]] = {}
        for entry in self.source.entries("documents"):
            if entry.get("history"):
                histories[entry["key"]] = entry["history"]
                if len(histories) >= BATCH:
                    self.write_histories(histories)
                    histories = {}
        if histories:
            self.write_histories(histories)

    def write_histories(self, histories: dict[str, list[dict]]) -> None:
        """write_history for these documents (key: history)."""
        pks = {self.document_ids[key]: key for key in histories if key in self.document_ids}
        recorded = set(
            DocumentVersion.objects.filter(document_id__in=list(pks)).values_list(
                "document_id", flat=True
            )
        )
        todo = sorted(pk for pk in pks if pk not in recorded)
        document_model = get_document_model()
        for chunk in chunked(todo):
            documents = GovernedDocument.objects.filter(pk__in=chunk).only(
                "title",
                "file",
                "url",
                "approved_by",
                "approved_on",
                "revised_on",
                "live_revision",
            )
            versions: list[DocumentVersion] = []
            files: list[tuple[DocumentVersion, Any]] = []
            for document in documents:
                history = histories[pks[document.pk]]
                for item in history:
                    version = DocumentVersion(
                        document=document,
                        number=item["number"],
                        title=item["title"],
                        url=item.get("url") or "",
                        approved_by=item.get("approved_by") or "",
                        approved_on=_day(item.get("approved_on")),
                        in_force_from=_day(item["in_force_from"]),
                        in_force_to=_day(item["in_force_to"]),
                        change_note=item.get("change_note") or "",
                    )
                    if item.get("file"):
                        files.append(
                            (version, self.new_file(document_model, item["file"], item["title"]))
                        )
                    versions.append(version)
                versions.append(
                    DocumentVersion(
                        document=document,
                        number=history[-1]["number"] + 1,
                        revision_id=document.live_revision_id,
                        title=document.title,
                        file_id=document.file_id,
                        url=document.url,
                        approved_by=document.approved_by,
                        approved_on=document.revised_on or document.approved_on,
                        in_force_from=_day(history[-1]["in_force_to"]),
                    )
                )
            document_model.objects.bulk_create([f for _v, f in files])
            self.wrote(document_model, [f.pk for _v, f in files])
            for version, file in files:
                version.file = file
            DocumentVersion.objects.bulk_create(versions)
            self.report.created["versions"] += len(versions) - len(documents)

    # pages

    def write_pages(self) -> None:
        if not self.page_heads:
            return
        start = self.existing_start_page()
        if start is not None:
            self.pages[""] = start
            prefix = start.url_path
            for page in Page.objects.descendant_of(start).specific():
                self.pages[page.url_path[len(prefix) :].strip("/")] = page
        self.place_new_pages()
        self.page_ids = {path: page.pk for path, page in self.pages.items()}
        size = min(BATCH, PAGE_BATCH)
        pending: list[tuple[int, dict]] = []
        stored: list[tuple[int, dict]] = []
        for index, entry in enumerate(self.source.entries("pages")):
            batch = pending if entry["path"] in self.new_pages else stored
            batch.append((index, entry))
            if len(pending) >= size:
                self.create_pages(pending)
                pending = []
            if len(stored) >= size:
                self.write_stored_pages(stored)
                stored = []
            self.progress(entry["path"] or "/")
        if pending:
            self.create_pages(pending)
        if stored:
            self.write_stored_pages(stored)

    def write_stored_pages(self, batch: list[tuple[int, dict]]) -> None:
        """Pages already in the database, BATCH at a time: what each holds and what the file
        gives are compared with every chosen document and page of the batch read in one query
        per block kind (not per page), their workplaces in one query; write_page then saves
        the changed ones."""
        values = {entry["path"]: self.page_values(entry) for _index, entry in batch}
        pages = [self.pages[entry["path"]] for _index, entry in batch]
        by_model: dict[type[Page], list[Page]] = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        for objects in by_model.values():
            pagebatch.resolve_streams(objects)
        desired: dict[tuple[str, str], Any] = {}
        raws: dict[tuple[type[Page], str], list[tuple[str, list]]] = {}
        for path, (_plain, streams, _keys) in values.items():
            for name, raw in streams.items():
                raws.setdefault((type(self.pages[path]), name), []).append((path, raw))
        for (cls, name), items in raws.items():
            stream_block = cls._meta.get_field(name).stream_block
            converted = stream_block.bulk_to_python([raw for _path, raw in items])
            for (path, _raw), value in zip(items, converted, strict=True):
                desired[(path, name)] = value
        workplaces: dict[int, list[str]] = {}
        field = ProcessPage._meta.get_field("workplaces")
        rows = field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}__in": [page.pk for page in pages]}
        ).values_list(field.m2m_field_name(), f"{field.m2m_reverse_field_name()}__key")
        for page_id, key in rows:
            workplaces.setdefault(page_id, []).append(key)
        for index, entry in batch:
            path = entry["path"]
            page = self.pages[path]
            self.write_page(
                index,
                entry,
                prepared=values[path],
                desired={name: desired[(path, name)] for name in values[path][1]},
                workplace_keys_now=sorted(workplaces.get(page.pk, [])),
            )
            # Compared (and saved if changed): let go of it and of the documents it chose.
            self.pages.pop(path, None)
        forget_queries()

    def place_new_pages(self) -> None:
        """The pages of the file that are not in the database yet, each given its place in the
        tree (as add_child would) and its ``wagtailcore_page`` row, BATCH rows a statement:
        every page then has its id before any content refers to it."""
        plan = pagebatch.TreePlan()
        created: list[Page] = []
        for entry in self.page_heads:
            path = entry.path
            if path in self.pages:
                continue
            cls = PAGE_TYPES[entry.type]
            if entry.type == "start":
                parent, slug = self.site_root(), entry.slug
            else:
                parent_path, _sep, slug = path.rpartition("/")
                parent = self.pages[parent_path]
            # A new start page shows in the intranet's main menu, as on Ines.
            page = cls(
                title=entry.title,
                slug=slug,
                live=False,
                show_in_menus=entry.type == "start",
            )
            plan.place(parent, page)
            self.pages[path] = page
            self.new_pages.add(path)
            created.append(page)
        pagebatch.insert_pages(created)
        plan.apply()

    def create_pages(self, batch: list[tuple[int, dict]]) -> None:
        """New pages, live as the import writes them, BATCH at a time: what add_child(),
        save_revision() and publish() write for each — the page type's row with its content,
        the workplaces, a revision, Wagtail's log entries (created, edited, published), the live
        state, and the change log's import entry for a process page —
        in a few statements for the whole batch. Content is validated as write_page validates
        it (the blocks' rules and the model's), with the chosen objects read once per batch."""
        now = timezone.now()
        prepared: list[tuple[int, Page, dict[str, Any]]] = []
        raw_streams: dict[tuple[type[Page], str], list[tuple[Page, list]]] = {}
        for index, entry in batch:
            page = self.pages[entry["path"]]
            plain, streams, workplace_keys = self.page_values(entry)
            for name, value in plain.items():
                setattr(page, name, value)
            for name, raw in streams.items():
                raw_streams.setdefault((type(page), name), []).append((page, raw))
            if workplace_keys is not None:
                page.workplaces.set(self.workplace_objects(workplace_keys))
            if isinstance(page, GovernedMixin):
                # A new page has no named owners: said here, its revision is built without
                # asking the database.
                getattr(page, page.owner_users_field).set([])
            # Nor comments (the revision lists them).
            setattr(page, COMMENTS_RELATION_NAME, [])
            prepared.append((index, page, streams))
        # Every chosen page, document and image of the batch, one query per block kind.
        for (cls, name), items in raw_streams.items():
            stream_block = cls._meta.get_field(name).stream_block
            values = stream_block.bulk_to_python([raw for _page, raw in items])
            for (page, _raw), value in zip(items, values, strict=True):
                setattr(page, name, value)
        relations = [f.name for f in Page._meta.concrete_fields if f.is_relation]
        ready: list[Page] = []
        with pagebatch.resolved_choosers():
            for index, page, streams in prepared:
                problems = []
                for name in streams:
                    # Block rules (clean()) are not part of the model's full_clean().
                    try:
                        page._meta.get_field(name).stream_block.clean(getattr(page, name))
                    except ValidationError as error:
                        problems.extend(flatten_validation_error(error, [name]))
                if not isinstance(page, StartPage):
                    # Its siblings are the pages of the file and the database under the same
                    # parent, whose paths (so slugs) are known to differ.
                    page._check_slug_is_unique = lambda: None  # type: ignore[method-assign]
                try:
                    # Relations are ids the import resolved itself (parent, locale, content
                    # type, owner group); uniqueness is the tree plan's (paths, new keys).
                    page.full_clean(
                        exclude=[
                            *relations,
                            *(f.name for f in type(page)._meta.concrete_fields if f.is_relation),
                        ],
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as error:
                    problems.extend(flatten_validation_error(error))
                finally:
                    page.__dict__.pop("_check_slug_is_unique", None)
                if problems:
                    for parts, message in problems:
                        self.error("pages", index, parts, message)
                    continue
                ready.append(page)
        if not ready:
            return
        page_type = ContentType.objects.get_for_model(Page)
        revisions = first_revisions(ready, page_type, now)
        by_model: dict[type[Page], list[Page]] = {}
        for page in ready:
            by_model.setdefault(type(page), []).append(page)
        for model, pages in by_model.items():
            pagebatch.insert_specific_rows(model, pages)
            for name in ("workplaces",):
                field = next((f for f in model._meta.many_to_many if f.name == name), None)
                if field is None:
                    continue
                through = field.remote_field.through
                source = field.m2m_field_name()
                target = field.m2m_reverse_field_name()
                through.objects.bulk_create(
                    [
                        through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                        for page in pages
                        for item in getattr(page, name).all()
                    ]
                )
            self.wrote(model, [page.pk for page in pages])
        Page.objects.filter(pk__in=[page.pk for page in ready]).update(
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
            **latest_revision_of(page_type),
        )
        for page, revision in zip(ready, revisions, strict=True):
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = now
            page.latest_revision_created_at = now
            page.latest_revision = page.live_revision = revision
        log_model = log_registry.get_log_model_for_model(Page)
        # As Wagtail logs a new page (add_child), its revision (save_revision) and publication.
        log_model.objects.bulk_create(
            [
                log_model(
                    content_type_id=page.content_type_id,
                    label=page.get_admin_display_title(),
                    action=action,
                    data={},
                    timestamp=now,
                    revision=revision if action != "wagtail.create" else None,
                    content_changed=True,
                    page_id=page.pk,
                )
                for page, revision in zip(ready, revisions, strict=True)
                for action in ("wagtail.create", "wagtail.edit", "wagtail.publish")
            ]
        )
        ChangeLogEntry.objects.bulk_create(
            [
                import_entry(page, revision, now)
                for page, revision in zip(ready, revisions, strict=True)
                if isinstance(page, GovernedMixin)
            ]
        )
        for _index, entry in batch:
            # Placed and written: nothing needs the object any more (its content holds every
            # chosen document).
            self.pages.pop(entry["path"], None)
        for _page in ready:
            self.count("pages", True, True)
        forget_queries()

    # what the blocks refer to, for streams.import_block

    def page_id(self, path: str) -> int:
        return self.page_ids[path]

    def document_id(self, key: str) -> int:
        return self.document_ids[key]

    def file_id(self, kind: str, relpath: str, title: str) -> int:
        """Id of the image or GraphML document for a process map, reusing identical files."""
        cache = self.images if kind == "image" else self.graphml_documents
        if relpath not in cache:
            model = get_image_model() if kind == "image" else get_document_model()
            path = self.resolve_file(relpath)
            digest = file_hash(path)
            match = None
            for candidate in model.objects.filter(collection=self.collection, title=title):
                if stored_file_hash(candidate) == digest:
                    match = candidate
                    break
            cache[relpath] = match or self.store_file(model, relpath, title, None)
        return cache[relpath].pk

    def page_values(self, entry: dict) -> tuple[dict[str, Any], dict[str, list], list[str] | None]:
        """(plain field values, stream field raw values, workplace keys or None)."""
        kind = entry["type"]
        plain: dict[str, Any] = {
            "title": entry["title"],
            "intro": clean_html(entry.get("intro"), INTRO_FEATURES),
        }
        streams: dict[str, list] = {}
        workplaces = None
        if kind in SECTION_FIELDS:
            name = SECTION_FIELDS[kind]
            streams[name] = [
                import_block(SECTION, section, self) for section in entry.get(name) or []
            ]
        elif kind == "process":
            plain["owner_group_id"] = self.group_id(entry.get("owner_group"))
            for name in PROCESS_FIELDS:
                value = entry.get(name)
                if name in ("approved_on", "revised_on"):
                    value = datetime.date.fromisoformat(value) if value else None
                else:
                    value = value or ""
                plain[name] = value
            streams["body"] = [
                import_block(BODY_KINDS[block["type"]], block, self)
                for block in entry.get("body") or []
            ]
            workplaces = sorted(entry.get("workplaces") or [])
        elif kind == "documents":
            plain["document_types"] = list(entry["document_types"])
        return plain, streams, workplaces

    def write_page(
        self,
        index: int,
        entry: dict,
        prepared: tuple[dict[str, Any], dict[str, list], list[str] | None],
        desired: dict[str, Any],
        workplace_keys_now: list[str],
    ) -> None:
        """A page already in the database, saved with a new published revision when the file
        changes it. ``prepared`` is its page_values(), ``desired`` its stream values as the
        file gives them, ``workplace_keys_now`` its workplaces' keys (write_stored_pages)."""
        path = entry["path"]
        page = self.pages[path]
        created = path in self.new_pages
        plain, streams, workplace_keys = prepared
        changed = created or any(getattr(page, k) != v for k, v in plain.items())
        if entry["type"] == "start" and page.slug != entry["slug"]:
            changed = True
        desired_streams = {}
        for name in streams:
            desired_streams[name] = desired[name]
            if not changed and canonical_stream(getattr(page, name)) != canonical_stream(
                desired[name]
            ):
                changed = True
        if workplace_keys is not None and not changed:
            changed = workplace_keys_now != workplace_keys
        if changed:
            for name, value in plain.items():
                setattr(page, name, value)
            for name, value in desired_streams.items():
                setattr(page, name, value)
            if workplace_keys is not None:
                page.workplaces.set(self.workplace_objects(workplace_keys))
            problems = []
            for name, value in desired_streams.items():
                # Block rules (clean()) are not part of the model's full_clean().
                try:
                    page._meta.get_field(name).stream_block.clean(value)
                except ValidationError as error:
                    problems.extend(flatten_validation_error(error, [name]))
            try:
                page.full_clean()
            except ValidationError as error:
                problems.extend(flatten_validation_error(error))
            if problems:
                for parts, message in problems:
                    self.error("pages", index, parts, message)
                return
            # Checked above: the revision need not run full_clean() a second time.
            page.save_revision(log_action=True, clean=False).publish()
            self.wrote(type(page), [page.pk])
        self.count("pages", created, changed)

    # ------------------------------------------------------------------ files

    def discard_stored_files(self) -> None:
        """Remove files this import put in storage (the database rows are rolled back)."""
        for storage, name in self.stored_files:
            with contextlib.suppress(OSError):
                storage.delete(name)
        self.stored_files.clear()

    def delete_replaced_files(self) -> None:
        for storage, name in self.replaced_files:
            with contextlib.suppress(OSError):
                storage.delete(name)
