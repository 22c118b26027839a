"""Fixtures for the governance tests: the approval workflow, its groups and users, a process page
and a document with real published revisions, and helpers to register the staff app's hooks.

The staff app (intranet/staff) answers three hooks that the management system calls; these tests
register stand-ins for them with ``hooks.register_temporarily``."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from wagtail import hooks
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from intranet.ledning import contract
from intranet.ledning.governance.services.approval import act_on_workflow
from intranet.ledning.models import ApprovalTask, GovernedDocument, ProcessPage
from tests.conftest import PASSWORD, postgres_db, skip_or_fail
from tests.factories import GovernedDocumentFactory, ProcessPageFactory

LS_ADMINS = "LS-administratörer"
REVIEWERS = "Granskare"
APPROVERS = "Fastställande chefer"
EDITORS = "Redaktörer"


@dataclass
class Governance:
    """The two-step workflow and the people in it."""

    workflow: Workflow
    review_task: GroupApprovalTask
    approval_task: ApprovalTask
    editors: Group
    reviewers: Group
    approvers: Group
    admins: Group
    editor: Any
    reviewer: Any
    approver: Any
    admin: Any
    users: dict[str, Any] = field(default_factory=dict)


def make_user(django_user_model, username: str, *groups: Group, **fields) -> Any:
    fields.setdefault("email", f"{username}@kommun.example")
    fields.setdefault("first_name", username.capitalize())
    fields.setdefault("last_name", "Testsson")
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **fields)
    if groups:
        user.groups.add(*groups)
    return user


def _admin_group(name: str, page_actions: tuple[str, ...], snippet_codenames: list[str]) -> Group:
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="ledning", codename__in=snippet_codenames
        ),
    )
    root = Page.get_first_root_node()
    for action in page_actions:
        GroupPagePermission.objects.create(group=group, page=root, permission_type=action)
    return group


@pytest.fixture
def governance(db, django_user_model) -> Governance:
    """Redaktörer edit and publish; Granskare review (step 1); Fastställande chefer approve
    (step 2). The workflow covers every page and governed documents."""
    document_codenames = [
        "add_governeddocument",
        "change_governeddocument",
        "publish_governeddocument",
        "change_changeproposal",
        "view_changeproposal",
    ]
    editors = _admin_group(EDITORS, ("add", "change", "publish"), document_codenames)
    reviewers = _admin_group(REVIEWERS, ("change",), ["change_governeddocument"])
    approvers = _admin_group(
        APPROVERS, ("change", "publish"), ["change_governeddocument", "publish_governeddocument"]
    )
    admins = _admin_group(LS_ADMINS, ("add", "change", "publish"), document_codenames)
    # The LS-administrators' reports, as in the demo (each report has its own permission).
    admins.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ledning", codename__startswith="view_"
        ).filter(codename__endswith="_report")
    )

    review_task = GroupApprovalTask.objects.create(name="Granskning")
    review_task.groups.set([reviewers])
    approval_task = ApprovalTask.objects.create(name="Fastställande")
    approval_task.groups.set([approvers])
    workflow = Workflow.objects.create(name="Granskning och fastställande")
    WorkflowTask.objects.create(workflow=workflow, task=review_task, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval_task, sort_order=1)
    # Wagtail's own migration puts a one-step "Moderators approval" workflow on the root page.
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(GovernedDocument),
        defaults={"workflow": workflow},
    )

    return Governance(
        workflow=workflow,
        review_task=review_task,
        approval_task=approval_task,
        editors=editors,
        reviewers=reviewers,
        approvers=approvers,
        admins=admins,
        editor=make_user(django_user_model, "redaktor", editors, first_name="Erik"),
        reviewer=make_user(django_user_model, "granskare", reviewers, first_name="Greta"),
        approver=make_user(
            django_user_model, "chef", approvers, first_name="Maria", last_name="Andersson"
        ),
        admin=make_user(django_user_model, "lsadmin", admins, first_name="Lars"),
    )


# --- content with real revisions --------------------------------------------------------------


def publish_initial(obj: Any, user=None) -> Any:
    """Give obj a first published revision, as the admin or the import would."""
    obj.change_kind = "administrativ"
    obj.save_revision(user=user).publish(user=user)
    obj.refresh_from_db()
    return obj


@pytest.fixture
def governed_page(site_tree) -> ProcessPage:
    """The seed's process page, published through a revision, with its documents listed."""
    page = site_tree.process
    page.approved_on = datetime.date(2015, 5, 28)
    page.revised_on = datetime.date(2017, 11, 30)
    return publish_initial(page)


@pytest.fixture
def governed_document(site_tree) -> GovernedDocument:
    document = site_tree.documents["Rutin Genomförandeplan"]
    return publish_initial(document)


def submit_change(obj: Any, user, kind: str = "vikt", note: str = "", edit=None) -> Any:
    """Save a new revision with the editor's statement and submit it to the workflow."""
    obj = type(obj).objects.get(pk=obj.pk)
    if edit is not None:
        edit(obj)
    obj.change_kind = kind
    obj.change_note = note
    obj.save_revision(user=user)
    obj.get_workflow().start(obj, user)
    return obj


def approve_all(obj: Any, governance: Governance) -> Any:
    """Granskning by the reviewer, then Fastställande by the approving manager."""
    act_on_workflow(obj, governance.reviewer)
    obj = type(obj).objects.get(pk=obj.pk)
    act_on_workflow(obj, governance.approver)
    return type(obj).objects.get(pk=obj.pk)


# --- the staff app's hooks ---------------------------------------------------------------------


HOOK_NAMES = (
    contract.NOTICE_RECIPIENTS,
    contract.NOTIFICATION_PREFERENCES,
    contract.PUBLISH_NEWS,
)


@contextlib.contextmanager
def staff_hooks(
    recipients: Callable[[Any], Any] | None = None,
    preference: Callable[[Any], str] | None = None,
    news: Callable[..., Any] | None = None,
    preferences: Callable[[Any], dict[int, str]] | None = None,
) -> Iterator[None]:
    """Answer the management system's hooks (intranet/ledning/contract.py) with exactly these
    functions: whatever the installed staff app registers for them is set aside meanwhile, so
    the tests see the management system's side alone. ``preference(user)`` answers for one
    person; the hook asks for all recipients at once (``preferences(users)`` answers so)."""
    hooks.search_for_hooks()
    saved = {name: list(hooks._hooks.get(name, [])) for name in HOOK_NAMES}

    def each(users):
        return {user.pk: preference(user) for user in users}

    wanted = {
        contract.NOTICE_RECIPIENTS: recipients,
        contract.NOTIFICATION_PREFERENCES: preferences or (each if preference else None),
        contract.PUBLISH_NEWS: news,
    }
    try:
        for name, fn in wanted.items():
            hooks._hooks[name] = [(fn, 0)] if fn is not None else []
        yield
    finally:
        for name, registered in saved.items():
            hooks._hooks[name] = registered


@pytest.fixture
def staff_members(django_user_model) -> Callable[..., list[Any]]:
    """make(n, prefix="medarbetare") → n members of staff with e-mail addresses."""

    def make(count: int, prefix: str = "medarbetare", **fields) -> list[Any]:
        users = [
            django_user_model(
                username=f"{prefix}{number}",
                email=f"{prefix}{number}@kommun.example",
                first_name=prefix.capitalize(),
                last_name=str(number),
                **fields,
            )
            for number in range(count)
        ]
        return django_user_model.objects.bulk_create(users, batch_size=500)

    return make


def ledning_mail(outbox=None) -> list[Any]:
    """The management system's own messages in Django's test outbox (Wagtail also mails the
    workflow's groups about submissions; those are not counted)."""
    messages = mail.outbox if outbox is None else outbox
    return [m for m in messages if m.extra_headers.get("Message-ID", "").startswith("<ledning-")]


__all__ = [
    "Governance",
    "approve_all",
    "ledning_mail",
    "make_user",
    "postgres_db",  # the fixture of tests/conftest.py, for modules importing it from here
    "publish_initial",
    "staff_hooks",
    "submit_change",
]

# Used by submodules through "from .conftest import ..."; keep factories importable here.
_ = (GovernedDocumentFactory, ProcessPageFactory)


# --- real parts: PostgreSQL, Redis, a Celery worker, an SMTP server ---------------------------

import os  # noqa: E402

from django.db import connection  # noqa: E402

from .realparts import (  # noqa: E402
    Broker,
    CeleryWorker,
    RedisServer,
    SMTPSink,
    database_url,
    free_port,
    redis_ping,
)


def free_port_url() -> str:
    """An SMTP address on which nothing listens."""
    return f"smtp://127.0.0.1:{free_port()}"


MAIN_REDIS_PORT = int(os.environ.get("LEDNING_TEST_REDIS_PORT", "6379"))


def _worker_index() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name[2:]) if name[2:].isdigit() else 0


@pytest.fixture
def main_redis() -> Broker:
    """The machine's Redis (127.0.0.1:6379), database 11, with a key prefix of this test's own;
    its keys are deleted afterwards."""
    if not redis_ping(port=MAIN_REDIS_PORT):
        skip_or_fail(f"Redis is not running on 127.0.0.1:{MAIN_REDIS_PORT}")
    broker = Broker.isolated(f"redis://127.0.0.1:{MAIN_REDIS_PORT}/11")
    yield broker
    broker.clean()


@pytest.fixture
def own_redis():
    """A redis-server of our own that a test may stop and start again."""
    server = RedisServer()
    try:
        server.start()
    except RuntimeError as error:
        server.close()
        skip_or_fail(str(error))
    yield server
    server.close()


@contextlib.contextmanager
def celery_broker(broker: Broker) -> Iterator[None]:
    """Make this process queue tasks on the real broker instead of running them eagerly."""
    from tasks import celery_app

    # Import the apps' task modules now, as a worker does at start-up: close() below takes the
    # app off Celery's list of active apps, and a shared task first imported after that would
    # never be registered on it (a test run on its own then fails with NotRegistered).
    celery_app.loader.import_default_modules()
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager, dict(conf.broker_transport_options or {}))
    _drop_connections(celery_app)
    conf.broker_url = broker.url
    conf.task_always_eager = False
    conf.broker_transport_options = {**saved[2], **broker.transport_options}
    try:
        yield
    finally:
        _drop_connections(celery_app)
        conf.broker_url, conf.task_always_eager, conf.broker_transport_options = saved


def _drop_connections(celery_app) -> None:
    """Forget the app's broker connections, so the next message goes to the broker now
    configured. close() drops the connection pool but not the producer pool, which holds a
    connection of its own: an eager ``.delay()`` earlier in the process (eager tasks still
    take a producer) would otherwise leave every later message on the in-memory broker."""
    celery_app.close()
    celery_app.amqp._producer_pool = None


@pytest.fixture
def smtp_sink():
    with SMTPSink() as sink:
        yield sink


def smtp_settings(settings, sink: SMTPSink) -> None:
    """Point this process's mail at the SMTP sink (MAILERS on Django 6.1, EMAIL_* before)."""
    from intranet.settings.base import mail_settings

    options = {
        "host": "127.0.0.1",
        "port": sink.port,
        "username": "",
        "password": "",
        "use_tls": False,
        "use_ssl": False,
        "timeout": 10,
    }
    for name, value in mail_settings(
        "django.core.mail.backends.smtp.EmailBackend", options
    ).items():
        setattr(settings, name, value)


@pytest.fixture
def start_worker(postgres_db, request):
    """start_worker(broker, email_url, **env) → a running CeleryWorker, stopped after the test
    (even one the test killed)."""
    workers: list[CeleryWorker] = []

    def start(broker: Broker, email_url: str, beat: bool = True, **env: str) -> CeleryWorker:
        worker = CeleryWorker(
            broker=broker,
            database_url=database_url(connection.settings_dict),
            email_url=email_url,
            beat=beat,
            env={key: str(value) for key, value in env.items()},
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
        print(worker.log()[-8000:])  # shown by pytest when the test failed


# --- an imported management system with the demo's groups, workflow and users -----------------

from .demo_site import demo_site  # noqa: E402, F401
