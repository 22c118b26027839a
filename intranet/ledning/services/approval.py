"""Approval of changes and the change log.

- What may go live is decided by one rule at the publishing step (services.guard): an
  administrative change of live content directly, anything else only as the revision the
  workflow's approval step approved. The guard also sets the stamps ("Fastställd av" — the role
  the approver chose —, "Fastställd datum" the first time, "Reviderad" on each change of
  substance, which restarts the review clock).
- Every publication of a process page or governed document is written to the change log with
  the editor's statement (administrative or of substance, and what changed), the approver and
  role, and a structured summary against the version published before it; imports as imports.
- When an approved change of substance goes live, the notice to staff and one delivery per
  recipient are written in the same transaction and the news item is published. Sending is
  queued for after the commit.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from wagtail import hooks
from wagtail.models import Page, Revision, WorkflowTask

from .. import emails
from ..models import ChangeLogEntry, ChangeLogKind, Delivery, DeliveryMode, Notice
from . import guard
from . import recipients as recipient_rules
from .common import (
    is_governed,
    object_url,
    specific,
    target_fields,
    target_filter,
    type_label,
    user_name,
)
from .guard import Publication
from .summary import summarize_change

logger = logging.getLogger(__name__)


# --- approval through the workflow ----------------------------------------------------------


def act_on_workflow(obj: Any, user: Any, action: str = "approve", comment: str = "") -> None:
    """Approve (or reject) the current workflow task of obj as user, exactly as the admin's
    workflow buttons do; refuses users the task does not offer the action to."""
    obj = specific(obj)
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied(_("Ingen ändring väntar på granskning eller fastställande."))
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(obj, user)}:
        raise PermissionDenied(_("Du får inte granska eller fastställa den här ändringen."))
    task.on_action(task_state, user, action, comment=comment)


def approval_groups(obj: Any) -> list[Any]:
    """The groups of the approval step of obj's workflow (empty without one)."""
    from ..models import ApprovalTask

    workflow = specific(obj).get_workflow()
    if workflow is None:
        return []
    task_ids = WorkflowTask.objects.filter(workflow=workflow).values("task_id")
    groups = {}
    for task in ApprovalTask.objects.filter(pk__in=task_ids).prefetch_related("groups"):
        for group in task.groups.all():
            groups[group.pk] = group
    return list(groups.values())


# --- the change log -------------------------------------------------------------------------


def previous_published_revision(obj: Any, revision: Revision) -> Revision | None:
    """The revision that was live before ``revision`` was published."""
    entry = (
        ChangeLogEntry.objects.filter(**target_filter(obj), revision__isnull=False)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-published_at", "-pk")
        .first()
    )
    if entry is not None:
        return entry.revision
    from wagtail.log_actions import registry as log_registry

    log = (
        log_registry.get_logs_for_instance(obj)
        .filter(action="wagtail.publish", revision__isnull=False)
        .exclude(revision=revision)
        .order_by("-timestamp", "-pk")
        .select_related("revision")
        .first()
    )
    return log.revision if log is not None else None


def record_publication(
    obj: Any, revision: Revision | None, publication: Publication | None = None
) -> ChangeLogEntry | None:
    """Write the change-log entry for a publication of obj (idempotent per revision): an
    import, an administrative change, or an approved change of substance — which also writes
    the notice to staff (in the publication's transaction)."""
    obj = specific(obj)
    if not is_governed(obj) or revision is None:
        return None
    existing = ChangeLogEntry.objects.filter(revision=revision).first()
    if existing is not None:
        return existing
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
        **target_fields(obj),
        kind=kind,
        note=(revision.content.get("change_note") or "").strip(),
        type_label=type_label(obj),
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
    if kind == ChangeLogKind.SUBSTANCE and approver is not None:
        create_notice(entry, obj)
    return entry


# --- the notice (outbox) --------------------------------------------------------------------


def notice_subject(entry: ChangeLogEntry) -> str:
    return emails.subject("ledning/email/notice", {"entry": entry})


def create_notice(entry: ChangeLogEntry, obj: Any) -> Notice:
    """Write the notice and one delivery per recipient (in the caller's transaction), publish
    the news item, and queue the sending for after the commit."""
    notice, created = Notice.objects.get_or_create(
        change=entry, defaults={"subject": notice_subject(entry)[:255], "url": object_url(obj)}
    )
    if not created:
        return notice

    deliveries = []
    for user in recipient_rules.notice_recipients(obj):
        preference = recipient_rules.notification_preference(user)
        if preference == "off":
            continue
        deliveries.append(
            Delivery(
                notice=notice,
                recipient=user,
                email=user.email,
                mode=DeliveryMode.DIGEST if preference == "digest" else DeliveryMode.IMMEDIATE,
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=500)

    news = publish_news(entry, obj, notice)
    if news is not None:
        notice.news_url = news
        notice.save(update_fields=["news_url"])

    notice_id = notice.pk
    transaction.on_commit(lambda: queue_notice(notice_id))
    logger.info("Notice %s: %s deliveries for %s", notice_id, len(deliveries), entry.title)
    return notice


def publish_news(entry: ChangeLogEntry, obj: Any, notice: Notice) -> str:
    """Ask the ``ledning_publish_news`` hooks to publish a news item; return its URL ("" when
    none did: the app's own list of changes shows the notice). The hook gets the object's view
    restrictions (``restrictions=``): news about restricted content carries them."""
    from django.template.loader import render_to_string

    from .. import visibility

    body_html = render_to_string(
        "ledning/governance/news_body.html", {"entry": entry, "notice": notice}
    )
    intro = entry.note or notice.subject
    workplaces = list(obj.workplaces.all()) if hasattr(obj, "workplaces") else []
    for fn in hooks.get_hooks("ledning_publish_news"):
        page = fn(
            notice.subject,
            intro,
            body_html,
            workplaces,
            notice.url,
            restrictions=visibility.restrictions_of(obj),
        )
        if page is not None:
            url = page.get_url() if isinstance(page, Page) else str(page)
            return url or ""
    return ""


def queue_notice(notice_id: int) -> None:
    """Queue the sending of a notice. A broker that cannot be reached is logged, not raised:
    the deliveries wait in the database and the periodic re-dispatch sends them."""
    from .. import conf
    from ..tasks import send_notice

    try:
        for _number in range(max(1, int(conf.get("NOTICE_PARALLEL_TASKS")))):
            send_notice.delay(notice_id)
    except (KombuOperationalError, OSError):
        logger.warning(
            "Could not queue notice %s; it will be re-dispatched", notice_id, exc_info=True
        )
