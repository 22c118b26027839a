"""Demo groups and users: who may do what in the demo (DESIGN.md, "People").

- Redaktörer build pages under the management system's start page and maintain governed
  documents, workplaces, files and images.
- LS-administratörer do the same and may also delete.
- Fastställande chefer approve (fastställa) changes of substance: the second step of the
  workflow "Granskning och fastställande" on the start page and on governed documents, whose
  first step (Granskning) is the LS-administrators'.
- Medarbetare read the intranet and have no admin access at all.

The admin's reports each have a permission: the governance reports and Sökstatistik (what
staff search for) are the LS-administrators'; the broken-link report, and ignoring a link
there, are also the editors' (they mend the links). Approving managers need none of them.
Wagtail's own default groups (Editors, Moderators, with rights on the whole tree) are removed.

Every function is idempotent: running it again sets groups, permissions and users back to what
is described here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    DraftStateMixin,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from intranet.ledning.governance.services import content_import
from intranet.ledning.models import (
    ApprovalTask,
    ApproverRole,
    ChangeProposal,
    GovernedDocument,
    ProcessMap,
    ProcessPage,
    Workplace,
)

EDITORS = "Redaktörer"
LS_ADMINS = "LS-administratörer"
APPROVERS = "Fastställande chefer"
STAFF = "Medarbetare"
# Created by Wagtail's own migrations with rights on the whole page tree; not used here.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

# Report permissions ("app_label.codename"; intranet/ledning/models/reports.py, search).
BROKEN_LINK_REPORT = ("ledning.view_broken_links_report", "ledning.ignore_broken_links")
GOVERNANCE_REPORTS = (
    "ledning.view_review_report",
    "ledning.view_ownerless_report",
    "ledning.view_orphans_report",
    "ledning.view_change_log_report",
    *BROKEN_LINK_REPORT,
)
SEARCH_STATISTICS = ("search.view_search_statistics",)

# The collection the demo's uploaded documents live in.
DOCUMENT_COLLECTION = "Ledningssystemet"

APPROVAL_WORKFLOW = "Granskning och fastställande"
REVIEW_TASK = "Granskning"
APPROVAL_TASK = "Fastställande"
# The one-step workflow of earlier demos, replaced by the two-step one above.
OLD_APPROVAL_WORKFLOW = "Fastställande av ändringar"


@dataclass(frozen=True)
class GroupSpec:
    """What a group may do. Page and collection actions are Wagtail's codename prefixes."""

    name: str
    admin_access: bool = False
    page_actions: tuple[str, ...] = ()
    snippet_actions: tuple[str, ...] = ()
    collection_actions: tuple[str, ...] = ()
    # Other permissions, "app_label.codename" (the reports).
    permissions: tuple[str, ...] = ()
    snippet_models: tuple[type[Model], ...] = (
        GovernedDocument,
        ProcessMap,
        Workplace,
        ChangeProposal,
    )


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    email: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False
    # What "Fastställd av" says when this user approves (ApproverRole).
    roles: tuple[str, ...] = ()


@dataclass
class DemoResult:
    groups: list[Group] = field(default_factory=list)
    users: list[DemoUser] = field(default_factory=list)
    created_users: list[str] = field(default_factory=list)


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        EDITORS,
        admin_access=True,
        page_actions=("add", "change", "publish"),
        snippet_actions=("add", "change", "publish"),
        collection_actions=("add", "change", "choose"),
        permissions=BROKEN_LINK_REPORT,
    ),
    GroupSpec(
        LS_ADMINS,
        admin_access=True,
        page_actions=("add", "change", "publish", "delete"),
        snippet_actions=("add", "change", "publish", "delete"),
        collection_actions=("add", "change", "choose", "delete"),
        permissions=(*GOVERNANCE_REPORTS, *SEARCH_STATISTICS),
    ),
    # Approvers need "change" to open a draft in the editor before they publish it.
    GroupSpec(
        APPROVERS,
        admin_access=True,
        page_actions=("change", "publish"),
        snippet_actions=("change", "publish"),
        snippet_models=(GovernedDocument,),
    ),
    GroupSpec(STAFF),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin",
        "demo-admin-2026",
        "Karin",
        "Lindqvist",
        "karin.lindqvist@kommun.example",
        is_superuser=True,
    ),
    DemoUser(
        "redaktor",
        "demo-redaktor-2026",
        "Erik",
        "Johansson",
        "erik.johansson@kommun.example",
        groups=(EDITORS, LS_ADMINS),
    ),
    DemoUser(
        "chef",
        "demo-chef-2026",
        "Maria",
        "Andersson",
        "maria.andersson@kommun.example",
        groups=(APPROVERS,),
        roles=("Chef Vård och omsorg",),
    ),
    # Named owners (sidansvariga, dokumentansvariga): change proposals and review reminders
    # reach them. OWNERS below says which roles of the demo content each one holds.
    DemoUser(
        "stabschef",
        "demo-stabschef-2026",
        "Lena",
        "Holm",
        "lena.holm@kommun.example",
        groups=(EDITORS,),
    ),
    DemoUser(
        "enhetschef-bou",
        "demo-enhetschef-2026",
        "Anna",
        "Berg",
        "anna.berg@kommun.example",
        groups=(EDITORS,),
    ),
    DemoUser(
        "enhetschef-vuxen",
        "demo-enhetschef-2026",
        "Johan",
        "Ek",
        "johan.ek@kommun.example",
        groups=(EDITORS,),
    ),
    DemoUser(
        "medarbetare",
        "demo-medarbetare-2026",
        "Sara",
        "Nilsson",
        "sara.nilsson@kommun.example",
        groups=(STAFF,),
    ),
)


# The owner roles of the demo content (page_owner, a document's owner) and the demo user who
# holds each one.
OWNERS: dict[str, str] = {
    "Socialchef": "stabschef",
    "Stabschef": "stabschef",
    "Staben": "stabschef",
    "Enhetschef barn och unga": "enhetschef-bou",
    "Enhetschef vuxen": "enhetschef-vuxen",
    "Enhetschef ekonomiskt bistånd": "enhetschef-vuxen",
    "Chef Vård och omsorg": "chef",
    "Chef för område 2 och område 3": "chef",
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def snippet_permissions(actions: Iterable[str], models: Iterable[type[Model]]) -> list[Permission]:
    """Model permissions for the management system's snippets. "publish" only exists for
    models with draft state (GovernedDocument), so it is skipped for the others."""
    actions = tuple(actions)
    permissions = []
    for model in models:
        for action in actions:
            if action == "publish" and not issubclass(model, DraftStateMixin):
                continue
            permissions.append(
                _permission(model._meta.app_label, f"{action}_{model._meta.model_name}")
            )
    return permissions


def collection_permissions(actions: Iterable[str]) -> list[Permission]:
    return [
        _permission(app_label, f"{action}_{model_name}")
        for app_label, model_name in (("wagtaildocs", "document"), ("wagtailimages", "image"))
        for action in actions
    ]


def page_permissions(actions: Iterable[str]) -> list[Permission]:
    return [_permission("wagtailcore", f"{action}_page") for action in actions]


def sync_group(spec: GroupSpec, start_page: Page, root_collection: Collection) -> Group:
    """Create or update one group so it has exactly the permissions of ``spec``."""
    group, _ = Group.objects.get_or_create(name=spec.name)

    model_permissions = snippet_permissions(spec.snippet_actions, spec.snippet_models)
    if spec.admin_access:
        model_permissions.append(_permission("wagtailadmin", "access_admin"))
    model_permissions += [_permission(*name.split(".", 1)) for name in spec.permissions]
    group.permissions.set(model_permissions)

    wanted_pages = page_permissions(spec.page_actions)
    GroupPagePermission.objects.filter(group=group).exclude(
        page=start_page, permission__in=wanted_pages
    ).delete()
    for permission in wanted_pages:
        GroupPagePermission.objects.get_or_create(
            group=group, page=start_page, permission=permission
        )

    wanted_collections = collection_permissions(spec.collection_actions)
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=root_collection, permission__in=wanted_collections
    ).delete()
    for permission in wanted_collections:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    return group


def remove_wagtail_default_groups(names: Iterable[str] = WAGTAIL_DEFAULT_GROUPS) -> list[str]:
    """Delete Wagtail's default groups (they may add, change and publish anywhere in the tree,
    and Moderators approve its default "Moderators approval" workflow on the root page). A
    workflow left with a step nobody can approve is switched off; the demo's own workflow covers
    the management system, and the rest of the intranet (news) is published by its editors."""
    groups = Group.objects.filter(name__in=list(names))
    removed = sorted(groups.values_list("name", flat=True))
    task_ids = list(
        GroupApprovalTask.objects.filter(groups__in=groups).values_list("pk", flat=True)
    )
    groups.delete()
    for task in GroupApprovalTask.objects.filter(pk__in=task_ids, active=True):
        if task.groups.exists():
            continue
        for workflow in Workflow.objects.filter(workflow_tasks__task=task, active=True):
            workflow.deactivate()
        task.deactivate()
    return removed


def sync_approval_workflow(start_page: Page, reviewers: Group, approvers: Group) -> Workflow:
    """The two-step workflow for changes of substance (seed 000, "Fastställa ändringar"):
    Granskning by the LS-administrators, then Fastställande by an approving manager, which
    stamps "Fastställd av" and "Reviderad" and tells the staff concerned. It covers the whole
    management system (the start page and below) and every governed document."""
    review = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if review is None:
        review = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    review.groups.set([reviewers])
    approval = ApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if approval is None:
        approval = ApprovalTask.objects.create(name=APPROVAL_TASK)
    approval.groups.set([approvers])

    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW)
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.filter(workflow=workflow).exclude(task__in=[review, approval]).delete()
    for order, task in enumerate((review, approval)):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=start_page, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(GovernedDocument),
        defaults={"workflow": workflow},
    )
    Workflow.objects.filter(name=OLD_APPROVAL_WORKFLOW).update(active=False)
    return workflow


def sync_user(spec: DemoUser, groups: dict[str, Group]) -> bool:
    """Create or update one demo user; return True if it was created."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=spec.username)
    user.first_name = spec.first_name
    user.last_name = spec.last_name
    user.email = spec.email
    user.is_active = True
    user.is_superuser = spec.is_superuser
    user.is_staff = spec.is_superuser
    user.set_password(spec.password)
    user.save()
    user.groups.set([groups[name] for name in spec.groups])
    ApproverRole.objects.filter(user=user).exclude(title__in=spec.roles).delete()
    for title in spec.roles:
        ApproverRole.objects.get_or_create(user=user, title=title)
    return created


@transaction.atomic
def load_demo_users(
    start_page: Page,
    groups: Sequence[GroupSpec] = GROUPS,
    users: Sequence[DemoUser] = USERS,
) -> DemoResult:
    """Create or update the demo groups, their permissions, the approval workflow and the
    demo users. ``start_page`` is the management system's start page."""
    root_collection = Collection.get_first_root_node()
    remove_wagtail_default_groups()
    synced = {spec.name: sync_group(spec, start_page, root_collection) for spec in groups}
    if APPROVERS in synced and LS_ADMINS in synced:
        sync_approval_workflow(start_page, synced[LS_ADMINS], synced[APPROVERS])
    result = DemoResult(groups=list(synced.values()), users=list(users))
    for spec in users:
        if sync_user(spec, synced):
            result.created_users.append(spec.username)
    return result


@transaction.atomic
def load_demo_owners(start_page: Page) -> int:
    """The demo content's named owners (assign_owners) and its files' collection
    (collect_documents), after the demo users exist."""
    named = assign_owners(start_page)
    collect_documents(Collection.get_first_root_node())
    return named


def collect_documents(root: Collection, name: str = DOCUMENT_COLLECTION) -> int:
    """Move the management system's uploaded files out of Root into a collection of their own
    (created once); its permissions are the root's, inherited."""
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    return get_document_model().objects.filter(collection=root).update(collection=collection)


def assign_owners(start_page: Page, owners: dict[str, str] = OWNERS) -> int:
    """Name the owner users of the process pages and governed documents whose owner role is
    held by a demo user (OWNERS), so that change proposals and review reminders reach a
    person. Content that already names owners is left as the editors left it. The change is
    published as content of the demo (not a change of substance): a new revision, stamps kept."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=set(owners.values()))
    }
    named = 0
    pages = ProcessPage.objects.descendant_of(start_page).live().specific()
    documents = GovernedDocument.objects.filter(live=True)
    for obj, role, field_name in [
        *((page, page.page_owner, "page_owner_users") for page in pages),
        *((document, document.owner, "owner_users") for document in documents),
    ]:
        user = users.get(owners.get(role, ""))
        if user is None or getattr(obj, field_name).exists():
            continue
        getattr(obj, field_name).set([user])
        with content_import():
            obj.save_revision().publish()
        named += 1
    return named
