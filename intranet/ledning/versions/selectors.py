"""Reads of document versions. Visibility is the document's (visibility.py): whoever may view
the governed document may see its versions, and an earlier file only if its own collection is
open to them too."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ..models import DocumentVersion, GovernedDocument
from ..visibility import Viewer


def versions_of(document: GovernedDocument) -> list[DocumentVersion]:
    """Every recorded version, newest first, with their files (one query)."""
    return list(
        DocumentVersion.objects.filter(document=document)
        .select_related("file", "document")
        .order_by("-number")
    )


def earlier_versions(document: GovernedDocument) -> list[DocumentVersion]:
    """The approved versions before the one in force, newest first."""
    return [version for version in versions_of(document) if not version.in_force]


def version(document: GovernedDocument, number: int) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document=document, number=number)
        .select_related("file", "document")
        .first()
    )


def may_view_version(viewer: Viewer, version: DocumentVersion) -> bool:
    """The document is open to the person, and so is this version's own file."""
    return viewer.may_view_document(version.document) and viewer.may_view_file(version.file)


@dataclass(frozen=True)
class Applied:
    """The answer to "which version applied on ``day``?": a recorded version, or the version
    in force now (``version`` None) for a document whose versions were never recorded."""

    day: datetime.date
    version: DocumentVersion | None
    in_force: bool


def applied_on(document: GovernedDocument, day: datetime.date) -> Applied | None:
    """The version in force on ``day`` (at the day's end); None when none was yet."""
    recorded = DocumentVersion.objects.filter(document=document)
    if recorded.exists():
        day_version = recorded.in_force_on(day).select_related("file", "document").first()
        if day_version is None:
            return None
        return Applied(day, day_version, day_version.in_force)
    since = document.revised_on or document.approved_on
    if since is None and document.first_published_at:
        since = timezone.localdate(document.first_published_at)
    if since is None or day < since:
        return None
    return Applied(day, None, True)


def version_json(version: DocumentVersion | None, document: GovernedDocument) -> dict[str, Any]:
    """A version as the JSON API gives it (the document's own stamps when none is recorded)."""
    if version is None:
        return {
            "number": None,
            "title": document.title,
            "in_force": True,
            "approved_by": document.approved_by,
            "approved_on": _date(document.revised_on or document.approved_on),
            "in_force_from": _date(document.revised_on or document.approved_on),
            "in_force_to": None,
            "change_note": "",
            "url": document.get_absolute_url(),
            "file_url": document.open_url or None,
        }
    return {
        "number": version.number,
        "title": version.title,
        "in_force": version.in_force,
        "approved_by": version.approved_by,
        "approved_on": _date(version.approved_on),
        "in_force_from": _date(version.in_force_from),
        "in_force_to": _date(version.in_force_to),
        "change_note": version.change_note,
        "url": document.get_absolute_url() if version.in_force else version.get_absolute_url(),
        "file_url": version.file_url or version.url or None,
    }


def parse_day(text: str) -> datetime.date | None:
    """A date as the picker and the API take it (ÅÅÅÅ-MM-DD), or None."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None
