"""Approval of changes and the change log.

- What may go live is decided by one rule at the publishing step (guard.py): an
  administrative change of live content directly, anything else only as the revision the
  workflow's approval step approved. The guard also sets the stamps ("Fastställd av" — the role
  the approver chose —, "Fastställd datum" the first time, "Reviderad" on each change of
  substance, which restarts the review clock).
- Every publication of a process page or governed document is written to the change log with
  the editor's statement (administrative or of substance, and what changed), the approver and
  role, and a structured summary against the version published before it; imports as imports.
- When an approved change of substance goes live, the notice to staff and one delivery per
  recipient are written in the same transaction. Once it has committed, the caller (the
  ``published`` receiver) has the news item published and the sending queued.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, CharField, DateTimeField, F, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision

from ... import contract, emails, visibility
from ...governed import as_governed, target_filter
from ...versions.services import record_version
from ..models import (
    ChangeLogEntry,
    ChangeLogKind,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notice,
)
from ..selectors import user_name
from . import guard, recipients
from .delivery import insert_from_select
from .guard import Publication
from .summary import summarize_change

logger = logging.getLogger(__name__)


# --- approval through the workflow ----------------------------------------------------------


def act_on_workflow(obj: Any, user: Any, action: str = "approve", comment: str = "") -> None:
    """Approve (or reject) the current workflow task of obj as user, exactly as the admin's
    workflow buttons do; refuses users the task does not offer the action to."""
    obj = as_governed(obj) or obj
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied(_("Ingen ändring väntar på granskning eller fastställande."))
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(obj, user)}:
        raise PermissionDenied(_("Du får inte granska eller fastställa den här ändringen."))
    task.on_action(task_state, user, action, comment=comment)


# --- the change log -------------------------------------------------------------------------


def previous_published_revision(obj: Any, revision: Revision) -> Revision | None:
    """The revision that was live before ``revision`` was published."""
    entry = (
        ChangeLogEntry.objects.filter(target_filter(obj), revision__isnull=False)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-published_at", "-pk")
        .first()
    )
    if entry is not None:
        return entry.revision
    log = (
        log_registry.get_logs_for_instance(obj)
        .filter(action="wagtail.publish", revision__isnull=False)
        .exclude(revision=revision)
        .order_by("-timestamp", "-pk")
        .select_related("revision")
        .first()
    )
    return log.revision if log is not None else None


@dataclass(frozen=True)
class Recorded:
    """What record_publication wrote: the change-log entry, and the notice to staff when this
    publication is an approved change of substance told for the first time."""

    entry: ChangeLogEntry
    notice: Notice | None = None


def record_publication(
    obj: Any, revision: Revision | None, publication: Publication | None = None
) -> Recorded | None:
    """Write the change-log entry for a publication of obj (idempotent per revision): an
    import, an administrative change, or an approved change of substance — which also writes
    the notice to staff (in the publication's transaction). None for anything not governed."""
    obj = as_governed(obj)
    if obj is None or revision is None:
        return None
    existing = ChangeLogEntry.objects.filter(revision=revision).first()
    if existing is not None:
        return Recorded(existing)
    publication = publication or guard.publication_of(obj)
    if guard.importing():
        kind = ChangeLogKind.IMPORT
    elif publication is not None:
        kind = publication.kind
    else:
        kind = revision.content.get("change_kind") or ChangeLogKind.ADMINISTRATIVE
    approver = publication.approver if publication is not None else None
    previous = previous_published_revision(obj, revision)
    entry = ChangeLogEntry.objects.create(
        **ChangeLogEntry.about(obj),
        kind=kind,
        note=(revision.content.get("change_note") or "").strip(),
        type_label=obj.get_kind_label(),
        revision=revision,
        previous_revision=previous,
        editor=revision.user,
        approver=approver,
        approver_name=user_name(approver),
        approver_role=publication.role if publication is not None else "",
        revised_on=obj.revised_on if kind == ChangeLogKind.SUBSTANCE else None,
        published_at=timezone.now(),
        summary=summarize_change(previous.as_object() if previous else None, obj),
    )
    if kind != ChangeLogKind.IMPORT:
        # A governed document's versions (the one in force and the ones before it).
        record_version(
            obj, revision, previous, substance=kind == ChangeLogKind.SUBSTANCE, note=entry.note
        )
    notice = None
    if kind == ChangeLogKind.SUBSTANCE and approver is not None:
        notice = create_notice(entry, obj)
    return Recorded(entry, notice)


# --- the notice (outbox) --------------------------------------------------------------------


def notice_subject(entry: ChangeLogEntry) -> str:
    return emails.subject("ledning/email/notice", {"entry": entry})


def create_notice(entry: ChangeLogEntry, obj: Any) -> Notice | None:
    """Write the notice and one delivery per recipient (in the caller's transaction); None if
    the entry already has its notice. Publishing the news and sending come after the commit
    (publish_news, and the tasks the caller queues)."""
    notice, created = Notice.objects.get_or_create(
        change=entry,
        defaults={
            "subject": notice_subject(entry)[:255],
            "url": emails.absolute_url(obj.get_public_url() or "/"),
        },
    )
    if not created:
        return None
    people = recipients.notice_recipients(obj)
    modes = recipients.delivery_modes(people)
    # One query writes every delivery, however many people are told.
    written = insert_from_select(
        Delivery,
        people.exclude(pk__in=modes[contract.OFF]),
        notice=Value(notice.pk),
        recipient=F("pk"),
        email=F("email"),
        mode=Case(
            When(pk__in=modes[contract.DIGEST], then=Value(DeliveryMode.DIGEST.value)),
            default=Value(DeliveryMode.IMMEDIATE.value),
            output_field=CharField(),
        ),
        status=Value(DeliveryStatus.PENDING.value),
        attempts=Value(0),
        next_attempt_at=Value(timezone.now(), output_field=DateTimeField()),
        error=Value(""),
    )
    logger.info("Notice %s: %s deliveries for %s", notice.pk, written, entry.title)
    return notice


def publish_news(notice_id: int) -> str:
    """Have the host app publish the news item of a notice after the approval has committed
    (contract.publish_news); return its URL ("" when no app published one: the app's own list
    of changes shows the notice). News about restricted content carries the object's view
    restrictions. Called once per notice, by the ``published`` receiver's on-commit step; a
    notice that has its news already is left as it is."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("change", "change__page", "change__document")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.news_url:
            return notice.news_url if notice is not None else ""
        entry = notice.change
        obj = as_governed(entry.target)
        url = ""
        if obj is not None:
            body_html = render_to_string(
                "ledning/governance/news_body.html", {"entry": entry, "notice": notice}
            )
            url = contract.publish_news(
                title=notice.subject,
                intro=entry.note or notice.subject,
                body_html=body_html,
                workplaces=list(obj.workplaces.all()),
                link_url=notice.url,
                restrictions=visibility.restrictions_of(obj),
            )
        if url:
            notice.news_url = url
            notice.save(update_fields=["news_url"])
    return url
