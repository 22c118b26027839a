"""New pages written in batches, as the import moves a whole system in.

Wagtail writes a page one at a time: ``add_child`` (the tree path, the parent's child count,
the slug checks), then ``save_revision`` and ``publish`` (the revision, the live state, the log
entries, the signals). For thousands of pages that is thousands of round trips each. Here the
same rows are written a batch at a time:

- ``plan_children`` gives each new page its place in the tree as treebeard's ``add_child``
  would (the next step after the parent's last child, its depth, its ``url_path``, its locale),
  and counts the new children of every parent;
- ``insert_pages`` writes the ``wagtailcore_page`` rows in one statement per batch (with their
  ids back), and ``insert_specific_rows`` the rows of the page types' own tables (Django's
  ``bulk_create`` refuses multi-table inheritance, so both tables are inserted through the
  same ``_insert`` Django's own ``save()`` uses);
- ``resolved_choosers`` lets block validation accept chooser values that were just read from
  the database for the whole batch (Wagtail's ``ChooserBlock.clean`` asks for each one again).

What to write — the page's content, its revision, log entries and change log — stays with the
importer (services._Importer.create_pages)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connections, models, router
from django.db.models import F
from wagtail.blocks import ChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page


class TreePlan:
    """Where new children go: the next free step under each parent, and how many children
    each existing parent gains (written with ``apply``)."""

    def __init__(self) -> None:
        self.next_step: dict[str, int] = {}
        self.added: dict[int, int] = {}
        self.existing: dict[str, Page] = {}

    def place(self, parent: Page, page: Page) -> None:
        """Give page (unsaved) its place as parent's last child, as treebeard's add_child."""
        if parent.path not in self.next_step:
            if parent.pk is not None and not getattr(parent, "_import_new", False):
                last = parent.get_last_child() if parent.numchild else None
                self.next_step[parent.path] = (last._get_lastpos_in_path() + 1) if last else 1
                self.existing[parent.path] = parent
            else:
                self.next_step[parent.path] = 1
        step = self.next_step[parent.path]
        self.next_step[parent.path] = step + 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = parent
        page._import_new = True
        parent.numchild += 1
        if parent.path in self.existing:
            self.added[parent.pk] = self.added.get(parent.pk, 0) + 1

    def apply(self) -> None:
        """The existing parents' child counts, one statement per parent that gained children."""
        for pk, added in self.added.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + added)


def _batches(model: type[models.Model], fields: list[Any], objs: list[Any]) -> Iterator[list]:
    connection = connections[router.db_for_write(model)]
    size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
    for start in range(0, len(objs), size):
        yield objs[start : start + size]


def insert_pages(pages: list[Page]) -> None:
    """Write the ``wagtailcore_page`` rows of these unsaved pages (any page types), setting
    their ids; their own tables' rows come later (``insert_specific_rows``)."""
    if not pages:
        return
    using = router.db_for_write(Page)
    fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    for chunk in _batches(Page, fields, pages):
        rows = Page._base_manager._insert(
            chunk, fields=fields, returning_fields=[Page._meta.pk], using=using
        )
        for page, row in zip(chunk, rows, strict=True):
            page.pk = row[0]
            page.id = row[0]


def insert_specific_rows(model: type[Page], pages: list[Page]) -> None:
    """Write the rows of model's own table(s) for pages whose ``wagtailcore_page`` row exists."""
    if not pages:
        return
    using = router.db_for_write(model)
    chain = [m for m in reversed(model._meta.get_parent_list()) if m is not Page] + [model]
    for table_model in chain:
        fields = list(table_model._meta.local_concrete_fields)
        for chunk in _batches(table_model, fields, pages):
            table_model._base_manager._insert(chunk, fields=fields, using=using)
    for page in pages:
        page._state.adding = False
        page._state.db = using


@contextlib.contextmanager
def resolved_choosers() -> Iterator[None]:
    """While validating a batch whose stream values were read with ``bulk_to_python`` (every
    chosen page, document and image fetched for the whole batch), a chooser's value that is
    already such an object is checked as Wagtail's ``ChooserBlock.clean`` checks it — required,
    validators — without asking the database for it once more."""
    original = ChooserBlock.clean

    def clean(self: ChooserBlock, value: Any) -> Any:
        if isinstance(value, self.model_class) and value.pk is not None:
            self.field.validate(value)
            self.field.run_validators(value)
            return value
        return original(self, value)

    ChooserBlock.clean = clean  # type: ignore[method-assign]
    try:
        yield
    finally:
        ChooserBlock.clean = original  # type: ignore[method-assign]


def resolve_streams(objects: list[Any]) -> None:
    """Convert the StreamField values of these objects (loaded from the database, of one
    model) for the whole list at once: every chosen page, document and image is read in one
    query per block kind for all of them, instead of per object when each is first read (by
    the search index, the reference index, the site's own index)."""
    if not objects:
        return
    for field in type(objects[0])._meta.concrete_fields:
        if not isinstance(field, StreamField):
            continue
        raws = [list(getattr(obj, field.attname).raw_data) for obj in objects]
        for obj, value in zip(objects, field.stream_block.bulk_to_python(raws), strict=True):
            setattr(obj, field.attname, value)
