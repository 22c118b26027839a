"""Export of the management system to the `ledningssystem/1` format (FORMAT.md).

The exporter writes what the importer reads: importing an export into an empty database
reproduces the same workplaces, documents and pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from wagtail.models import Page, Site

from ..models import (
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
    Workplace,
)

FORMAT = "ledningssystem/1"
PAGE_KINDS = {
    StartPage: "start",
    AreaPage: "area",
    ProcessPage: "process",
    DocumentIndexPage: "documents",
}


class _Exporter:
    def __init__(self, files_dir: Path | None):
        self.files_dir = files_dir
        self.document_keys: dict[int, str] = {}
        self.start: StartPage | None = None
        self.copied: dict[str, str] = {}

    def file_path(self, file_obj: Any, name: str) -> str:
        """The relative path a file is written under, copying it when --files is given."""
        relative = f"files/{name}"
        if self.files_dir is not None and relative not in self.copied:
            target = self.files_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with file_obj.open_file() as source, target.open("wb") as destination:
                shutil.copyfileobj(source, destination)
            self.copied[relative] = file_obj.file.name
        return relative

    def snippet_file_path(self, fieldfile: Any) -> str:
        """Like file_path, for a model's own FileField (a process map's GraphML)."""
        relative = f"files/{Path(fieldfile.name).name}"
        if self.files_dir is not None and relative not in self.copied:
            target = self.files_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with fieldfile.open("rb") as source, target.open("wb") as destination:
                shutil.copyfileobj(source, destination)
            self.copied[relative] = fieldfile.name
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
            self.document_keys[document.pk] = document.key
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
        return result

    def relative_path(self, page: Page) -> str | None:
        if self.start is None or not page.url_path.startswith(self.start.url_path):
            return None
        return page.url_path[len(self.start.url_path) :].strip("/")

    def link(self, value: Any) -> dict[str, Any]:
        link: dict[str, Any] = {}
        if value.get("text"):
            link["text"] = value["text"]
        if value.get("page"):
            path = self.relative_path(value["page"])
            if path is None:
                link["url"] = value["page"].full_url or value["page"].url_path
            else:
                link["page"] = path
        elif value.get("document"):
            link["document"] = value["document"].key
        else:
            link["url"] = value.get("url") or ""
        return link

    def sections(self, stream: Any) -> list[dict[str, Any]]:
        return [
            {
                "heading": child.value["heading"],
                "links": [self.link(v) for v in child.value["links"]],
            }
            for child in stream
        ]

    def block(self, child: Any) -> dict[str, Any] | None:
        kind, value = child.block_type, child.value
        if kind == "heading":
            return {"type": "heading", "text": value}
        if kind == "text":
            return {"type": "text", "html": value.source}
        if kind == "documents":
            return {
                "type": "documents",
                "heading": value["heading"],
                "document_type": value.get("document_type") or None,
                "items": [
                    {
                        "document": item["document"].key,
                        "children": [{"document": c.key} for c in item.get("children") or [] if c],
                    }
                    for item in value["items"]
                    if item.get("document")
                ],
            }
        if kind == "related":
            return {
                "type": "related",
                "heading": value["heading"],
                "links": [self.link(v) for v in value["links"]],
            }
        if kind == "process_map":
            block: dict[str, Any] = {
                "type": "process_map",
                "title": value["title"],
                "large": bool(value.get("large")),
            }
            if value.get("document"):
                block["document"] = value["document"].key
            elif value.get("image"):
                image = value["image"]
                block["image"] = self.file_path(image, Path(image.file.name).name)
            elif value.get("graphml"):
                graphml = value["graphml"]
                block["graphml"] = self.file_path(graphml, Path(graphml.file.name).name)
            elif value.get("process_map"):
                # A ProcessMap snippet travels as its GraphML file (imported as a yEd file).
                process_map = value["process_map"]
                block["graphml"] = self.snippet_file_path(process_map.file)
            return block
        if kind == "process_flow":
            activities = []
            for activity in value["activities"]:
                entry: dict[str, Any] = {
                    "name": activity["name"],
                    "role": activity["role"],
                    "kind": activity.get("kind") or "activity",
                }
                if activity.get("description"):
                    entry["description"] = activity["description"]
                if activity.get("links"):
                    entry["links"] = [self.link(link) for link in activity["links"]]
                if activity.get("branches"):
                    entry["branches"] = [
                        {"condition": branch["condition"], "target": branch.get("target") or ""}
                        for branch in activity["branches"]
                    ]
                activities.append(entry)
            return {
                "type": "process_flow",
                "title": value["title"],
                "large": bool(value.get("large")),
                "activities": activities,
            }
        if kind == "key_figures":
            return {
                "type": "key_figures",
                "rows": [
                    {
                        "goal": r["goal"],
                        "figure": r["figure"],
                        "target": r["target"],
                        "follow_up": r["follow_up"],
                    }
                    for r in value["rows"]
                ],
            }
        if kind == "risks":
            return {
                "type": "risks",
                "rows": [
                    {
                        "risk": r["risk"],
                        "severity": r["severity"],
                        "likelihood": r["likelihood"],
                        "action": r["action"],
                    }
                    for r in value["rows"]
                ],
            }
        return {
            "type": "responsibilities",
            "rows": [{"role": r["role"], "duties": list(r["duties"])} for r in value["rows"]],
        }

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
                        for exported in (self.block(child) for child in page.body)
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


def export_ledningssystem(files_dir: str | Path | None = None) -> dict[str, Any]:
    """The whole management system as a `ledningssystem/1` document; with `files_dir`, the
    document and map files are copied there under files/."""
    exporter = _Exporter(Path(files_dir) if files_dir else None)
    workplaces = exporter.workplaces()
    documents = exporter.documents()
    pages = exporter.pages()
    return {"format": FORMAT, "workplaces": workplaces, "documents": documents, "pages": pages}
