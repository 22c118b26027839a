"""The approval guard: the one rule for what may go live, applied where Wagtail makes a process
page or a governed document live, whichever view, action or command asked for it.

Every way of publishing in Wagtail (the edit form, bulk actions, the admin API, scheduled
publishing, reverting, workflows, copying) ends in saving the object with ``live`` set and a new
``live_revision``, or in scheduling a revision (``approved_go_live_at``). The receivers in
signal_handlers hand those saves to this module, which decides from the database:

- content that is live now may take an administrative change directly;
- anything else — a change of substance, content never published (a new process page or
  governed document) or not published now — goes live only as the revision that the workflow's
  approval step (ApprovalTask) approved, by a member of the task's groups (or a superuser);
- the import (``content_import()``, used by the importer alone) writes content as it is.

A refusal raises PublicationRefused with a Swedish message; nothing goes live. An allowed
publication gets its stamps here: the live ones again for an administrative change, the
approval's for a change of substance. Nothing else (a posted form, a revision) sets them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Revision, TaskState, WorkflowState

from ...governed import GovernedMixin, as_governed
from ...models import ChangeKind
from ..models import ApprovalTask, ChangeLogKind
from ..selectors import user_name

STAMPS = ("approved_by", "approved_on", "revised_on")
PUBLICATION_ATTR = "_ledning_publication"

_importing: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ledning_content_import", default=False
)


@contextlib.contextmanager
def content_import() -> Iterator[None]:
    """Content written meanwhile comes from the import (``ledningssystem/1``): it goes live as
    written, historical stamps included, and the change log records it as an import."""
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def importing() -> bool:
    return _importing.get()


class PublicationRefused(PermissionDenied):
    """A publication the approval rule does not allow; the message says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Publication:
    """What an allowed publication is: its kind for the change log, whether the content was
    live before, and the approval it rests on (None for an administrative change)."""

    kind: str
    first: bool = False
    approval: TaskState | None = None

    @property
    def approver(self) -> Any:
        return self.approval.finished_by if self.approval is not None else None

    @property
    def role(self) -> str:
        if self.approval is None:
            return ""
        return getattr(self.approval, "role", "") or user_name(self.approval.finished_by)

    @property
    def approved_on(self) -> datetime.date | None:
        if self.approval is None or self.approval.finished_at is None:
            return None
        return timezone.localdate(self.approval.finished_at)


# --- which objects, and what the database says about them ------------------------------------


def governed_model(instance: Any) -> type | None:
    """The model of a process page or governed document (also when instance is a plain Page
    of a process page), else None."""
    model = instance.specific_class if type(instance) is Page else type(instance)
    if model is not None and issubclass(model, GovernedMixin):
        return model
    return None


def stored_state(model: type, pk: Any) -> dict[str, Any] | None:
    """The row as it is in the database now (live state, live revision, stamps)."""
    if pk is None:
        return None
    return (
        model._base_manager.filter(pk=pk)
        .values(
            "live",
            "live_revision_id",
            "first_published_at",
            "last_published_at",
            *STAMPS,
        )
        .first()
    )


def approval_of(revision: Revision) -> TaskState | None:
    """The completed approval (fastställande) of exactly this revision, made by someone who
    may approve, in a workflow that finished as approved; None if there is none."""
    states = (
        TaskState.objects.filter(
            revision_id=revision.pk,
            status=TaskState.STATUS_APPROVED,
            workflow_state__status=WorkflowState.STATUS_APPROVED,
            task__in=ApprovalTask.objects.all(),
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
    )
    for state in states:
        task = ApprovalTask.objects.get(pk=state.task_id)
        if task.user_may_approve(state.finished_by):
            return state.specific
    return None


def has_approval_step(obj: Any) -> bool:
    workflow = obj.get_workflow() if hasattr(obj, "get_workflow") else None
    if workflow is None or not workflow.active:
        return False
    return ApprovalTask.objects.filter(workflow_tasks__workflow=workflow, active=True).exists()


# Wagtail's own catalogue translates its button label ("Lämna in till …"); the alias keeps the
# label out of this app's catalogue, so the message names exactly the button the editor sees.
wagtail_gettext = _


def submit_label(obj: Any) -> str:
    """The label of the admin's action that submits obj to its workflow (Wagtail's own)."""
    workflow = obj.get_workflow()
    return wagtail_gettext("Submit to %(workflow_name)s") % {"workflow_name": workflow.name}


def refusal_message(obj: Any, *, first: bool, revert: bool = False) -> str:
    if not has_approval_step(obj):
        if first:
            return _(
                "Nytt eller avpublicerat innehåll måste fastställas innan det publiceras, men "
                "inget arbetsflöde med fastställande är kopplat hit. Be en LS-administratör "
                "koppla arbetsflödet."
            )
        return _(
            "En ändring av vikt måste fastställas, men inget arbetsflöde med fastställande är "
            "kopplat hit. Be en LS-administratör koppla arbetsflödet, eller ange administrativ "
            "ändring om det är en sådan."
        )
    if first:
        return _(
            "Innehåll som inte är publicerat (t.ex. en ny processsida eller ett nytt styrande "
            "dokument) är en ändring av vikt och måste fastställas innan det publiceras. Välj "
            "”%(action)s” i stället för ”Publicera”."
        ) % {"action": submit_label(obj)}
    if revert:
        return _(
            "Att gå tillbaka till en tidigare version räknas som en ändring av vikt: den måste "
            "fastställas innan den publiceras. Välj ”%(action)s” i stället för ”Publicera”."
        ) % {"action": submit_label(obj)}
    return _(
        "En ändring av vikt måste fastställas innan den publiceras. Välj ”%(action)s” i "
        "stället för ”Publicera”."
    ) % {"action": submit_label(obj)}


# --- the rule ---------------------------------------------------------------------------------


def judge(obj: Any, revision: Revision | None, *, was_live: bool) -> Publication:
    """May ``revision`` of obj go live? Returns what the publication is, or raises
    PublicationRefused. ``was_live``: the object is live in the database now."""
    if revision is not None:
        approval = approval_of(revision)
        if approval is not None:
            substance = not was_live or revision.content.get("change_kind") == ChangeKind.SUBSTANCE
            kind = ChangeLogKind.SUBSTANCE if substance else ChangeLogKind.ADMINISTRATIVE
            return Publication(kind=kind, first=not was_live, approval=approval)
    if not was_live or revision is None:
        raise PublicationRefused(refusal_message(obj, first=True))
    if revision.content.get("change_kind") == ChangeKind.SUBSTANCE:
        raise PublicationRefused(refusal_message(obj, first=False))
    if is_revert(obj, revision):
        raise PublicationRefused(refusal_message(obj, first=False, revert=True))
    return Publication(kind=ChangeLogKind.ADMINISTRATIVE)


def is_revert(obj: Any, revision: Revision) -> bool:
    """Was ``revision`` made by going back to an earlier version (the admin's "Återställ",
    the admin API's revert)? Its statement is the earlier one's, and it may undo approved
    changes: it is judged as a change of substance."""
    return (
        log_registry.get_logs_for_instance(obj)
        .filter(action="wagtail.revert", revision_id=revision.pk)
        .exists()
    )


def refusal(obj: Any, revision: Revision | None = None) -> str | None:
    """Why obj's latest revision (or ``revision``) may not be published now, or None if it
    may: the same rule, asked before a view publishes, to answer with a message."""
    if importing():
        return None
    model = governed_model(obj)
    if model is None:
        return None
    obj = as_governed(obj)
    stored = stored_state(model, obj.pk)
    was_live = bool(stored and stored["live"])
    revision = revision or obj.get_latest_revision()
    if revision is None:
        # The view saves a revision of the object as it is: live content stays as it is.
        return None if was_live else refusal_message(obj, first=True)
    try:
        judge(obj, revision, was_live=was_live)
    except PublicationRefused as refused:
        return refused.message
    return None


# --- the receivers' entry points ------------------------------------------------------------


def check_save(instance: Any, update_fields: Any = None) -> None:
    """pre_save of a process page or governed document: a row going live is judged, a new row
    is never written live, stamps come from the approval or the live row."""
    model = governed_model(instance)
    if model is None or importing():
        return
    if getattr(instance, "alias_of_id", None):
        # An alias shows its original's live content and follows it.
        return
    fields = set(update_fields) if update_fields is not None else None
    if fields is not None and not fields & {"live", "live_revision", "live_revision_id"}:
        return
    stored = None if instance._state.adding else stored_state(model, instance.pk)
    if stored is None:
        if instance.live:
            # New content is written as a draft (Wagtail's create and copy actions may write it
            # live); it goes live when its approved revision is published.
            make_draft(instance)
        return
    if not instance.live:
        if not stored["live"]:
            # A draft stays a draft: it carries no live revision or publication dates (Wagtail's
            # copy action sets them on a copy it means to keep live).
            instance.live_revision = None
            instance.first_published_at = stored["first_published_at"]
            instance.last_published_at = stored["last_published_at"]
        return
    if stored["live"] and instance.live_revision_id == stored["live_revision_id"]:
        return  # nothing new goes live
    revision = instance.live_revision if instance.live_revision_id else None
    publication = judge(instance, revision, was_live=stored["live"])
    if isinstance(instance, model):
        apply_stamps(instance, revision, publication, stored)
    setattr(instance, PUBLICATION_ATTR, publication)


def check_revision_save(revision: Revision, update_fields: Any = None) -> None:
    """pre_save of a revision: scheduling it for publishing (``approved_go_live_at``) is
    publishing it later, judged now by the same rule (and again when it goes live)."""
    if revision.approved_go_live_at is None or importing():
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    model_class = revision.content_type.model_class()
    if model_class is None or not issubclass(model_class, GovernedMixin):
        return
    obj = model_class._base_manager.filter(pk=revision.object_id).first()
    if obj is None:
        return
    stored = stored_state(model_class, obj.pk)
    judge(obj, revision, was_live=stored["live"])


def make_draft(instance: Any) -> None:
    instance.live = False
    instance.has_unpublished_changes = True
    instance.live_revision = None
    instance.first_published_at = None
    instance.last_published_at = None


def apply_stamps(
    instance: Any, revision: Revision | None, publication: Publication, stored: dict[str, Any]
) -> None:
    """Set the stamps of the content going live, on the object and on its revision: the
    approval's for a change of substance (the role chosen, the approval date as Reviderad, the
    first approval date kept), the live ones for an administrative change."""
    if publication.kind == ChangeLogKind.SUBSTANCE and publication.approval is not None:
        day = publication.approved_on or timezone.localdate()
        stamps = {
            "approved_by": publication.role,
            "approved_on": stored["approved_on"] or day,
            "revised_on": day,
        }
    else:
        stamps = {name: stored[name] for name in STAMPS}
    for name, value in stamps.items():
        setattr(instance, name, value)
    if publication.first:
        instance.change_kind = ChangeKind.SUBSTANCE
    if revision is None:
        return
    content = dict(revision.content)
    for name, value in stamps.items():
        content[name] = value.isoformat() if isinstance(value, datetime.date) else value
    if publication.first:
        content["change_kind"] = ChangeKind.SUBSTANCE
    if content != revision.content:
        revision.content = content
        Revision.objects.filter(pk=revision.pk).update(content=content)


def publication_of(instance: Any) -> Publication | None:
    """What check_save decided about the publication of instance (None if it did not)."""
    return getattr(instance, PUBLICATION_ATTR, None)
