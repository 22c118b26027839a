"""What changed between two versions of a process page or governed document, as a structured
summary for the change log and the notice e-mail."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst

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
LONG_TEXT_FIELDS = {"intro", "summary"}


def document_lists(obj: Any) -> dict[str, list[int]]:
    """{block id: [document ids in order]} for each document list in a page's body."""
    body = getattr(obj, "body", None)
    if body is None:
        return {}
    lists: dict[str, list[int]] = {}
    for block in body.raw_data:
        if block.get("type") != "documents":
            continue
        ids: list[int] = []
        for item in (block.get("value") or {}).get("items") or []:
            if item.get("document"):
                ids.append(int(item["document"]))
            ids.extend(int(child) for child in item.get("children") or [] if child)
        lists[block.get("id") or str(len(lists))] = ids
    return lists


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


def summarize_change(old: Any | None, new: Any) -> dict[str, Any]:
    """{"first": bool, "documents": {"added", "removed", "replaced"}, "fields": [...]}.

    Documents are {"id", "title"}; a document taken out of a list where another one was put in
    counts as replaced. Fields are {"field", "label", "old", "new"}."""
    from ..models import GovernedDocument

    fields = DOCUMENT_FIELDS if isinstance(new, GovernedDocument) else PAGE_FIELDS
    summary: dict[str, Any] = {
        "first": old is None,
        "documents": {"added": [], "removed": [], "replaced": []},
        "fields": [],
    }

    old_lists = document_lists(old) if old is not None else {}
    new_lists = document_lists(new)
    old_all = {pk for ids in old_lists.values() for pk in ids}
    new_all = {pk for ids in new_lists.values() for pk in ids}
    removed = [pk for ids in old_lists.values() for pk in ids if pk not in new_all]
    added = [pk for ids in new_lists.values() for pk in ids if pk not in old_all]
    replaced: list[tuple[int, int]] = []
    for block_id, new_ids in new_lists.items():
        old_ids = old_lists.get(block_id)
        if not old_ids:
            continue
        gone = [pk for pk in old_ids if pk not in new_all and pk in removed]
        came = [pk for pk in new_ids if pk not in old_all and pk in added]
        for old_pk, new_pk in zip(gone, came, strict=False):
            replaced.append((old_pk, new_pk))
            removed.remove(old_pk)
            added.remove(new_pk)

    titles = dict(
        GovernedDocument.objects.filter(
            pk__in={*removed, *added, *(pk for pair in replaced for pk in pair)}
        ).values_list("pk", "title")
    )

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


def summary_is_empty(summary: dict[str, Any]) -> bool:
    documents = summary.get("documents") or {}
    return not (
        any(documents.get(key) for key in ("added", "removed", "replaced")) or summary.get("fields")
    )
