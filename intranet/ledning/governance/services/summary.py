"""What changed between two versions of a process page or governed document, as a structured
summary for the change log and the notice e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst

from ...governed import Governed

# Fields compared, in the order people read them. "Fastställd av" and "Reviderad" are left out:
# the approval stamps them and the notice names both anyway.
PAGE_FIELDS = [
    "title",
    "intro",
    "page_owner",
    "process_kind",
    "process_owner",
    "process_lead",
    "reviewed_by",
    "approved_on",
]
DOCUMENT_FIELDS = [
    "title",
    "document_type",
    "summary",
    "file",
    "url",
    "author",
    "owner",
    "reviewed_by",
    "approved_on",
]
FIELDS = {"page": PAGE_FIELDS, "document": DOCUMENT_FIELDS}
LONG_TEXT_FIELDS = {"intro", "summary"}


@dataclass(frozen=True)
class Listed:
    """A document where a page's body lists it: the list (block id), the item (its id) and the
    place in the item ("" for the item's document, else the child's id)."""

    block_id: str
    item_id: str
    slot: str
    pk: int
    title: str


def listed_documents(obj: Any) -> list[Listed]:
    """Every document a page's document lists name, in order.

    Read through the StreamField's bound values (the list's StructValue, its items' ListValue,
    the chooser's document), so the stored shape is Wagtail's business, not ours. A document
    that no longer exists reads as None and is left out."""
    body = getattr(obj, "body", None)
    if body is None:
        return []
    listed: list[Listed] = []
    for index, child in enumerate(body):
        if child.block_type != "documents":
            continue
        block_id = child.id or f"#{index}"
        for position, item in enumerate(child.value["items"].bound_blocks):
            item_id = item.id or f"#{position}"
            places = [("", item.value.get("document"))]
            children = item.value.get("children")
            if children is not None:
                places += [
                    (sub.id or f"#{number}", sub.value)
                    for number, sub in enumerate(children.bound_blocks)
                ]
            for slot, document in places:
                if document is not None:
                    listed.append(Listed(block_id, item_id, slot, document.pk, document.title))
    return listed


def _display(obj: Model, name: str) -> str:
    field = obj._meta.get_field(name)
    if field.choices:
        value = getattr(obj, f"get_{name}_display")()
    elif field.is_relation:
        value = getattr(obj, name, None)
    else:
        value = getattr(obj, name, None)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if name in LONG_TEXT_FIELDS:
        text = Truncator(" ".join(strip_tags(text).split())).chars(300)
    return text


def _workplaces(obj: Any) -> list[str]:
    try:
        return sorted(str(workplace) for workplace in obj.workplaces.all())
    except (AttributeError, ValueError):
        return []


def summarize_change(old: Any | None, new: Governed) -> dict[str, Any]:
    """{"first": bool, "documents": {"added", "removed", "replaced"}, "fields": [...]}.

    Documents are {"id", "title"}; a document taken out of a list where another one was put in
    counts as replaced. Fields are {"field", "label", "old", "new"}."""
    fields = FIELDS[new.target_kind]
    summary: dict[str, Any] = {
        "first": old is None,
        "documents": {"added": [], "removed": [], "replaced": []},
        "fields": [],
    }

    old_listed = listed_documents(old) if old is not None else []
    new_listed = listed_documents(new)
    titles = {entry.pk: entry.title for entry in [*old_listed, *new_listed]}
    old_all = {entry.pk for entry in old_listed}
    new_all = {entry.pk for entry in new_listed}
    removed = [entry.pk for entry in old_listed if entry.pk not in new_all]
    added = [entry.pk for entry in new_listed if entry.pk not in old_all]
    replaced: list[tuple[int, int]] = []

    def pair(old_pk: int, new_pk: int) -> None:
        replaced.append((old_pk, new_pk))
        removed.remove(old_pk)
        added.remove(new_pk)

    # The editor chose another document in the same place (the item keeps its id) …
    old_places = {(e.block_id, e.item_id, e.slot): e.pk for e in old_listed}
    for entry in new_listed:
        old_pk = old_places.get((entry.block_id, entry.item_id, entry.slot))
        if old_pk is not None and old_pk in removed and entry.pk in added:
            pair(old_pk, entry.pk)
    # … or took one out of a list and put another one in.
    for block_id in dict.fromkeys(entry.block_id for entry in new_listed):
        gone = [e.pk for e in old_listed if e.block_id == block_id and e.pk in removed]
        came = [e.pk for e in new_listed if e.block_id == block_id and e.pk in added]
        for old_pk, new_pk in zip(gone, came, strict=False):
            pair(old_pk, new_pk)

    def named(pk: int) -> dict[str, Any]:
        return {"id": pk, "title": titles.get(pk, f"#{pk}")}

    summary["documents"]["added"] = [named(pk) for pk in dict.fromkeys(added)]
    summary["documents"]["removed"] = [named(pk) for pk in dict.fromkeys(removed)]
    summary["documents"]["replaced"] = [
        {"old": named(old_pk), "new": named(new_pk)} for old_pk, new_pk in replaced
    ]

    if old is not None:
        for name in fields:
            before, after = _display(old, name), _display(new, name)
            if before != after:
                summary["fields"].append(
                    {
                        "field": name,
                        "label": str(capfirst(new._meta.get_field(name).verbose_name)),
                        "old": before,
                        "new": after,
                    }
                )
        before_places, after_places = _workplaces(old), _workplaces(new)
        if before_places != after_places:
            summary["fields"].append(
                {
                    "field": "workplaces",
                    "label": str(capfirst(new._meta.get_field("workplaces").verbose_name)),
                    "old": ", ".join(before_places),
                    "new": ", ".join(after_places),
                }
            )
    return summary
