"""The demo's approval workflow: Granskning by the LS-administrators, Fastställande by the
approving managers, on the management system and on governed documents."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowPage

from intranet.ledning.models import ApprovalTask, GovernedDocument
from intranet.portal.demo import users as demo

pytestmark = pytest.mark.django_db


def test_demo_users_get_the_two_step_workflow(site_tree):
    old = Workflow.objects.create(name=demo.OLD_APPROVAL_WORKFLOW)
    for _run in range(2):  # idempotent
        demo.load_demo_users(site_tree.start)

    workflow = Workflow.objects.get(name=demo.APPROVAL_WORKFLOW)
    tasks = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [type(task) for task in tasks] == [GroupApprovalTask, ApprovalTask]
    assert [task.name for task in tasks] == ["Granskning", "Fastställande"]
    assert [g.name for g in tasks[0].groups.all()] == [demo.LS_ADMINS]
    assert [g.name for g in tasks[1].groups.all()] == [demo.APPROVERS]
    assert WorkflowPage.objects.get(page=site_tree.start).workflow == workflow
    assert site_tree.process.get_workflow() == workflow
    document_type = ContentType.objects.get_for_model(GovernedDocument)
    assert WorkflowContentType.objects.get(content_type=document_type).workflow == workflow
    old.refresh_from_db()
    assert not old.active

    from django.contrib.auth import get_user_model

    chef = get_user_model().objects.get(username="chef")
    redaktor = get_user_model().objects.get(username="redaktor")
    assert tasks[1]._user_in_groups(chef) and not tasks[1]._user_in_groups(redaktor)
    assert redaktor.has_perm("ledning.change_changeproposal")
