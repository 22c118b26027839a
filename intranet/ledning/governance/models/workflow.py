"""The approval step of the workflow (fastställande) and the state of each approval."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ...models.approval import ApproverRole
from ..forms import READ_FIELDS, ApprovalActionForm, read_confirmation_choice


class ApprovalTaskState(TaskState):
    """The state of one approval (fastställande): which revision was approved, by whom (the
    task state's finished_by) and in which role, as "Fastställd av" then says."""

    role = models.CharField(_("fastställd som"), max_length=255, blank=True)
    read_confirmation = models.JSONField(
        _("läskvittens"),
        default=dict,
        blank=True,
        help_text=_("Vilka som ska bekräfta att de har läst ändringen, och när (readconfirm/)."),
    )

    class Meta:
        verbose_name = _("fastställande av en ändring")
        verbose_name_plural = _("fastställanden av ändringar")


class ApprovalTask(AbstractGroupApprovalTask):
    """Fastställande: the workflow step in which an approving manager approves a change.

    Only members of the task's groups (or superusers) may act on it, whoever calls it. The
    approval covers the latest revision at the moment of approving, and records the role the
    approver chose; the publication that follows is checked and stamped by the approval guard
    (governance/services/guard.py)."""

    task_state_class = ApprovalTaskState

    def user_may_approve(self, user) -> bool:
        """A member of the task's groups (or a superuser), asked of the database now."""
        if user is None or not user.is_active:
            return False
        return user.is_superuser or self.groups.filter(pk__in=user.groups.values("pk")).exists()

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and len(ApproverRole.objects.titles_for(user)) > 1:
            # Several roles: the approver chooses one in the approval's form.
            return [
                ("reject", _("Begär ändringar"), True),
                ("approve", _("Fastställ"), True),
            ]
        # The approval's form also asks for a läskvittens.
        return [
            (name, _("Fastställ med läskvittens eller kommentar"), True)
            if name == "approve" and modal
            else (name, label, modal)
            for name, label, modal in actions
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return ApprovalActionForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "ledning/governance/approval_action_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name in {"approve", "reject"} and not self.user_may_approve(user):
            raise PermissionDenied(_("Bara fastställande chefer kan fastställa ändringen."))
        role = kwargs.pop("role", "") or ""
        read = {name: kwargs.pop(name, None) for name in READ_FIELDS}
        if action_name == "approve":
            self._record_approval(task_state, user, role, read_confirmation_choice(read))
        return super().on_action(task_state, user, action_name, **kwargs)

    def _record_approval(self, task_state, user, role: str, read: dict | None = None) -> None:
        """The approval covers what the approver sees now (the latest revision) and says in
        which of the approver's roles it is made."""
        titles = ApproverRole.objects.titles_for(user)
        if role and role not in titles:
            raise PermissionDenied(
                _("Du kan inte fastställa i rollen ”%(role)s”.") % {"role": role}
            )
        role = role or (titles[0] if titles else "")
        revision = task_state.workflow_state.content_object.get_latest_revision()
        if revision is not None:
            task_state.revision = revision
        specific = task_state.specific
        if isinstance(specific, ApprovalTaskState):
            if specific is not task_state and revision is not None:
                specific.revision = revision
            specific.role = role
            specific.read_confirmation = read or {}
            specific.save(update_fields=["role", "revision", "read_confirmation"])
        elif revision is not None:
            task_state.save(update_fields=["revision"])

    @classmethod
    def get_description(cls):
        return _(
            "Fastställande chefer fastställer ändringen i en av sina roller; Fastställd av och "
            "Reviderad sätts automatiskt och berörd personal informeras om ändringar av vikt."
        )

    class Meta:
        verbose_name = _("fastställande i ledningssystemet")
        verbose_name_plural = _("fastställanden i ledningssystemet")
