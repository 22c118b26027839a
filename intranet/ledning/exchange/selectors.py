"""Export of the management system to the `ledningssystem/1` format (FORMAT.md): a read.

The export writes what the import (services.py) reads: importing an export into an empty
database reproduces the same workplaces, documents and pages. Blocks are written by walking
their declarations (blocks/shapes.py, exchange/streams.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from ..blocks.shapes import BODY_KINDS, SECTION
from ..models import (
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
    Workplace,
)
from ..versions.selectors import versions_of
from .streams import export_block, export_shape

FORMAT = "ledningssystem/1"
PAGE_KINDS = {
    StartPage: "start",
    AreaPage: "area",
    ProcessPage: "process",
    DocumentIndexPage: "documents",
}


class _Exporter:
    def __init__(self, files_dir: Path | None, include_history: bool = False):
        self.files_dir = files_dir
        self.include_history = include_history
        self.start: StartPage | None = None
        self.copied: set[str] = set()
        self.group_names = dict(Group.objects.values_list("pk", "name"))

    def file_path(self, file_obj: Any, name: str | None = None) -> str:
        """The relative path a Wagtail document's or image's file is written under (by default
        its own file name), copying it when --files is given."""
        return self.copied_file(file_obj.file, name or Path(file_obj.file.name).name)

    def snippet_file_path(self, fieldfile: Any) -> str:
        """Like file_path, for a model's own FileField (a process map's GraphML)."""
        return self.copied_file(fieldfile, Path(fieldfile.name).name)

    def copied_file(self, fieldfile: Any, name: str) -> str:
        relative = f"files/{name}"
        if self.files_dir is not None and relative not in self.copied:
            target = self.files_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                fieldfile.storage.open(fieldfile.name, "rb") as source,
                target.open("wb") as destination,
            ):
                shutil.copyfileobj(source, destination)
            self.copied.add(relative)
        return relative

    def workplaces(self) -> list[dict[str, Any]]:
        workplaces = list(Workplace.objects.select_related("parent").order_by("name"))
        by_parent: dict[int | None, list[Workplace]] = {}
        for workplace in workplaces:
            by_parent.setdefault(workplace.parent_id, []).append(workplace)
        ordered: list[Workplace] = []

        def visit(parent_id: int | None) -> None:
            for child in by_parent.get(parent_id, []):
                ordered.append(child)
                visit(child.pk)

        visit(None)
        return [
            {"key": w.key, "name": w.name, "parent": w.parent.key if w.parent else None}
            for w in ordered
        ]

    def documents(self) -> list[dict[str, Any]]:
        documents = (
            GovernedDocument.objects.live()
            .select_related("file")
            .prefetch_related("tagged_items__tag", "workplaces")
            .order_by("key")
        )
        result = []
        for document in documents:
            file_path = None
            if document.file is not None:
                extension = Path(document.file.file.name).suffix.lower()
                file_path = self.file_path(document.file, f"{document.key}{extension}")
            result.append(
                {
                    "key": document.key,
                    "type": document.document_type,
                    "title": document.title,
                    "summary": document.summary,
                    "file": file_path,
                    "url": document.url or None,
                    "author": document.author,
                    "owner": document.owner,
                    "owner_group": self.group_names.get(document.owner_group_id),
                    "reviewed_by": document.reviewed_by,
                    "approved_by": document.approved_by,
                    "approved_on": _date(document.approved_on),
                    "revised_on": _date(document.revised_on),
                    "tags": sorted(
                        (item.tag.name for item in document.tagged_items.all()), key=str.lower
                    ),
                    "workplaces": sorted(w.key for w in document.workplaces.all()),
                }
            )
            if self.include_history:
                result[-1]["history"] = self.history(document)
        return result

    def history(self, document: GovernedDocument) -> list[dict[str, Any]]:
        """The document's earlier approved versions, oldest first (its files as
        files/<key>-version-<n>.<ext>)."""
        entries = []
        for version in reversed(versions_of(document)):
            if version.in_force:
                continue
            file_path = None
            if version.file is not None:
                extension = Path(version.file.file.name).suffix.lower()
                name = f"{document.key}-version-{version.number}{extension}"
                file_path = self.file_path(version.file, name)
            entries.append(
                {
                    "number": version.number,
                    "title": version.title,
                    "file": file_path,
                    "url": version.url or None,
                    "approved_by": version.approved_by,
                    "approved_on": _date(version.approved_on),
                    "in_force_from": _date(version.in_force_from),
                    "in_force_to": _date(version.in_force_to),
                    "change_note": version.change_note,
                }
            )
        return entries

    def relative_path(self, page: Page) -> str | None:
        if self.start is None or not page.url_path.startswith(self.start.url_path):
            return None
        return page.url_path[len(self.start.url_path) :].strip("/")

    def page_link(self, page: Page) -> dict[str, str]:
        path = self.relative_path(page)
        if path is None:
            return {"url": page.full_url or page.url_path}
        return {"page": path}

    def sections(self, stream: Any) -> list[dict[str, Any]]:
        return [export_shape(SECTION.shape, child.value, self) for child in stream]

    def page(self, page: Page) -> dict[str, Any] | None:
        kind = PAGE_KINDS.get(type(page))
        path = self.relative_path(page)
        if kind is None or path is None:
            return None
        entry: dict[str, Any] = {"type": kind, "path": path}
        if kind == "start":
            entry["slug"] = page.slug
        entry["title"] = page.title
        entry["intro"] = page.intro
        if kind == "start":
            entry["sections"] = self.sections(page.sections)
        elif kind == "area":
            entry["groups"] = self.sections(page.groups)
        elif kind == "process":
            entry.update(
                {
                    "page_owner": page.page_owner,
                    "owner_group": self.group_names.get(page.owner_group_id),
                    "process_kind": page.process_kind or None,
                    "process_owner": page.process_owner,
                    "process_lead": page.process_lead,
                    "reviewed_by": page.reviewed_by,
                    "approved_by": page.approved_by,
                    "approved_on": _date(page.approved_on),
                    "revised_on": _date(page.revised_on),
                    "workplaces": sorted(w.key for w in page.workplaces.all()),
                    "body": [
                        exported
                        for exported in (
                            export_block(BODY_KINDS[child.block_type], child.value, self)
                            for child in page.body
                        )
                        if exported is not None
                    ],
                }
            )
        else:
            entry["document_types"] = list(page.document_types)
        return entry

    def pages(self) -> list[dict[str, Any]]:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return []
        self.start = StartPage.objects.child_of(site.root_page).order_by("path").first()
        if self.start is None:
            return []
        pages = [self.start, *Page.objects.descendant_of(self.start).order_by("path").specific()]
        return [entry for entry in (self.page(page) for page in pages) if entry is not None]


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_ledningssystem(
    files_dir: str | Path | None = None, include_history: bool = False
) -> dict[str, Any]:
    """The whole management system as a `ledningssystem/1` document; with `files_dir`, the
    document and map files are copied there under files/. With `include_history`, each document
    also carries its earlier approved versions ("history")."""
    exporter = _Exporter(Path(files_dir) if files_dir else None, include_history)
    workplaces = exporter.workplaces()
    documents = exporter.documents()
    pages = exporter.pages()
    return {"format": FORMAT, "workplaces": workplaces, "documents": documents, "pages": pages}
