"""Fan-out benchmark: one approved change of substance to 5,000 staff, delivered by a real
Celery worker (two pool processes) through Redis to a local SMTP server (aiosmtpd).

Prints the time to write the outbox (the approval transaction), the time until the last message
was accepted, messages per second, and SMTP connections used. Not a test: run it on its own,

    python -m benchmarks.fanout [--recipients 5000] [--concurrency 2]

It uses a throwaway database: a test database next to the one DATABASE_URL names (PostgreSQL),
or a temporary SQLite file; Redis on 127.0.0.1:6379 (database 15, under a key prefix of its
own) or, when none runs there, a redis-server of its own.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def prepare_database_environment(workdir: str) -> None:
    """Without DATABASE_URL the test settings use SQLite in memory, which a worker in another
    process cannot see: use a file instead."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/fanout-source.sqlite3"
        os.environ["TEST_DATABASE_NAME"] = f"{workdir}/fanout.sqlite3"
    else:
        os.environ["TEST_DATABASE_NAME"] = "test_intranet_fanout"


def run(recipients: int, concurrency: int, batch_size: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from wagtail.models import Site

    from intranet.ledning.models import Delivery, DeliveryStatus
    from tests.factories import ProcessPageFactory, StartPageFactory
    from tests.governance.conftest import celery_broker, staff_hooks
    from tests.governance.realparts import (
        Broker,
        CeleryWorker,
        RedisServer,
        SMTPSink,
        database_url,
        redis_ping,
        wait_for,
    )

    own_redis = None
    if redis_ping():
        broker = Broker.isolated("redis://127.0.0.1:6379/15")
    else:
        own_redis = RedisServer()
        own_redis.start()
        broker = Broker(f"redis://127.0.0.1:{own_redis.port}/0")

    governance = make_governance()
    home = Site.objects.get(is_default_site=True).root_page.specific
    start = StartPageFactory(parent=home, title="Benchmark", slug="fanout")
    page = ProcessPageFactory(
        parent=start, title="Verkställa beslut om hemtjänst", slug="hemtjanst"
    )
    page.change_kind = "administrativ"
    page.save_revision().publish()

    user_model = get_user_model()
    staff = user_model.objects.bulk_create(
        [
            user_model(username=f"medarbetare{n}", email=f"medarbetare{n}@kommun.example")
            for n in range(recipients)
        ],
        batch_size=1000,
    )
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        worker_db = f"sqlite:///{settings_dict['NAME']}"
    else:
        worker_db = database_url(settings_dict)

    with SMTPSink() as sink, celery_broker(broker):
        worker = CeleryWorker(
            broker=broker,
            database_url=worker_db,
            email_url=sink.url,
            concurrency=concurrency,
            beat=False,
            env={
                "LEDNING_NOTICE_BATCH_SIZE": str(batch_size),
                "LEDNING_DELIVERY_LEASE_SECONDS": "300",
            },
        )
        worker.start()
        try:
            from intranet.ledning.governance.services.approval import act_on_workflow

            page = type(page).objects.get(pk=page.pk)
            page.change_kind = "vikt"
            page.change_note = "Nytt arbetssätt vid första hembesöket."
            page.save_revision(user=governance["editor"])
            page.get_workflow().start(page, governance["editor"])
            act_on_workflow(page, governance["reviewer"])
            page = type(page).objects.get(pk=page.pk)

            with staff_hooks(recipients=lambda obj: staff, preference=lambda user: "immediate"):
                approved = time.perf_counter()
                with transaction.atomic():
                    act_on_workflow(page, governance["approver"])
                committed = time.perf_counter()
            wait_for(lambda: len(sink.messages) >= recipients, 600, interval=0.05, what="all")
            done = time.perf_counter()
        finally:
            worker.stop()
        log = worker.log()

    sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    duplicates = sum(1 for messages in sink.by_recipient().values() if len(messages) > 1)
    seconds = done - committed
    import django
    import wagtail

    print(
        f"Fan-out: Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, Celery {celery_app_version()}, {connection.vendor}, "
        f"worker concurrency {concurrency}, batch {batch_size}"
    )
    print(f"  recipients                         {recipients}")
    print(f"  approval incl. outbox (1 transaction) {1000 * (committed - approved):8.0f} ms")
    print(f"  commit → last message accepted     {seconds:8.2f} s")
    print(f"  messages per second                {recipients / seconds:8.0f}")
    print(f"  SMTP connections used              {sink.sessions:8d}")
    print(f"  deliveries marked sent             {sent:8d}")
    print(f"  recipients with more than one      {duplicates:8d}")
    broker.clean()
    if own_redis is not None:
        own_redis.close()
    if "Traceback" in log:
        print(log[-3000:])


def celery_app_version() -> str:
    import celery

    return celery.__version__


def make_governance() -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import (
        GroupApprovalTask,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from intranet.ledning.models import ApprovalTask

    user_model = get_user_model()
    reviewers = Group.objects.create(name="Granskare (benchmark)")
    approvers = Group.objects.create(name="Fastställande chefer (benchmark)")
    # The workflow publishes as the approving manager, who needs the publish permission.
    for action in ("change", "publish"):
        GroupPagePermission.objects.create(
            group=approvers, page=Page.get_first_root_node(), permission_type=action
        )
    review = GroupApprovalTask.objects.create(name="Granskning")
    review.groups.set([reviewers])
    approval = ApprovalTask.objects.create(name="Fastställande")
    approval.groups.set([approvers])
    workflow = Workflow.objects.create(name="Granskning och fastställande")
    WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    people = {}
    for name, group in (("editor", None), ("reviewer", reviewers), ("approver", approvers)):
        user = user_model.objects.create_user(name, email="", first_name=name.capitalize())
        if group is not None:
            user.groups.add(group)
        people[name] = user
    return people


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fanout", description=__doc__)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200)
    options = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="ledning-fanout-")
    prepare_database_environment(workdir)
    sys.path.insert(0, str(ROOT))

    from benchmarks.timing import throwaway_database

    try:
        with throwaway_database():
            run(options.recipients, options.concurrency, options.batch_size)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
