"""Writes of document versions: only the approval path calls these (record_publication)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Revision

from ..models import DocumentVersion, GovernedDocument


def _since(obj: Any) -> datetime.date | None:
    """When the content's own stamps say it came into force (revised, else first approved)."""
    day = getattr(obj, "revised_on", None) or getattr(obj, "approved_on", None)
    if day is None and getattr(obj, "first_published_at", None):
        day = timezone.localdate(obj.first_published_at)
    return day


def _first_version(document: GovernedDocument, previous: Revision, until: datetime.date) -> Any:
    """The version in force before versions were recorded (imported or published before this
    feature), from the revision that was live: version 1."""
    before = previous.as_object()
    since = min(_since(before) or until, until)
    return DocumentVersion.objects.create(
        document=document,
        number=1,
        revision=previous,
        title=before.title,
        file_id=before.file_id,
        url=before.url,
        approved_by=before.approved_by,
        approved_on=before.revised_on or before.approved_on,
        in_force_from=since,
        in_force_to=until,
        change_note=(before.change_note or "").strip(),
    )


def record_version(
    obj: Any,
    revision: Revision,
    previous: Revision | None,
    *,
    substance: bool,
    note: str = "",
) -> DocumentVersion | None:
    """Record what went live for a governed document (nothing for a page).

    A change of substance (or a first publication) approved through the workflow closes the
    version in force and opens a new one, approved and in force from the approval day (the
    document's *Reviderad* stamp, set by the guard). The first time, the version live before
    it (e.g. imported) becomes version 1. An administrative change keeps the version and
    updates what it shows (title, file, address) to what is live now. Idempotent per revision.
    """
    if not isinstance(obj, GovernedDocument):
        return None
    with transaction.atomic():
        # One writer per document at a time: the numbering and the open version stay whole.
        GovernedDocument.objects.select_for_update().filter(pk=obj.pk).first()
        versions = DocumentVersion.objects.filter(document_id=obj.pk)
        existing = versions.filter(revision=revision).first()
        if existing is not None:
            return existing
        current = versions.filter(in_force_to__isnull=True).order_by("-number").first()
        if not substance:
            if current is not None:
                current.title = obj.title
                current.file_id = obj.file_id
                current.url = obj.url
                current.save(update_fields=["title", "file", "url"])
            return current
        day = obj.revised_on or timezone.localdate()
        if current is None and previous is not None and not versions.exists():
            current = _first_version(obj, previous, day)
        if current is not None:
            current.in_force_to = max(day, current.in_force_from)
            current.save(update_fields=["in_force_to"])
        number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        return DocumentVersion.objects.create(
            document=obj,
            number=number,
            revision=revision,
            title=obj.title,
            file_id=obj.file_id,
            url=obj.url,
            approved_by=obj.approved_by,
            approved_on=day,
            in_force_from=day,
            change_note=note,
        )
