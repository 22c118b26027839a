"""Läskvittens: how long it takes to open a request for 5,000 people, to render its follow-up
(completion per workplace, names of those missing) and its CSV export, and HEM for a person
with 50 open requests; with the number of queries of each.

Runs on the test settings in a throwaway database (SQLite in memory, or a test database next
to the one DATABASE_URL names). Usage: python -m benchmarks.readconfirm [--people N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time

from benchmarks.timing import describe, print_table, throwaway_database, timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def run(people: int, repeat: int, documents: int) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from intranet.ledning.exchange import import_ledningssystem
    from intranet.ledning.models import (
        AreaPage,
        GovernedDocument,
        ProcessPage,
        ReadConfirmation,
        ReadRequest,
        StartPage,
        Workplace,
    )
    from intranet.ledning.readconfirm import selectors
    from intranet.portal.demo.readconfirm import grant_follow_up
    from intranet.portal.demo.users import load_demo_users
    from intranet.staff.models import UserPreferences
    from tasks.celery import app as celery_app
    from tests.governance.demo_site import SYSTEM, DemoSite, edit_document, workflow_action
    from tests.readconfirm.conftest import submit_substance

    # In production the worker delivers the notice's e-mails after the approval; the test
    # settings would send them inside the approval's request (eager tasks). Queue them in
    # memory instead, so the approval is timed as the approver waits for it.
    celery_app.conf.update(task_always_eager=False, broker_url="memory://localhost/")

    rows: list[tuple[str, str]] = []
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    # The governance tests' small system (through the import), the demo's users, groups and
    # workflow, and `documents` more routines to ask for read confirmations of.
    system = dict(SYSTEM)
    system["documents"] = [
        *SYSTEM["documents"],
        *(
            {
                "key": f"rutin-{n:02d}",
                "type": "rutin",
                "title": f"Rutin {n:02d}",
                "url": f"https://dokument.kommun.example/rutin-{n:02d}.pdf",
            }
            for n in range(documents)
        ),
    ]
    import_ledningssystem(system)
    start = StartPage.objects.get(slug="ledningssystem")
    load_demo_users(start)
    site = DemoSite(
        start=start,
        area=AreaPage.objects.get(slug="vard-och-omsorg"),
        other_area=AreaPage.objects.get(slug="ifo"),
        process=ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst"),
        document=GovernedDocument.objects.get(key="rutin-genomforandeplan"),
        users={user.username: user for user in get_user_model().objects.all()},
    )
    grant_follow_up()
    root = Workplace.objects.get(key="hemtjanst")
    areas = [
        Workplace.objects.create(key=f"omrade-{n}", name=f"Hemtjänst område {n}", parent=root)
        for n in range(1, 11)
    ]
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=f"person{n}",
                first_name="Person",
                last_name=str(n),
                email=f"person{n}@kommun.example",
            )
            for n in range(people)
        ],
        batch_size=1000,
    )
    # Each person's workplace, as Min sida stores it (the staff app's preferences).
    preferences = UserPreferences.objects.bulk_create(
        [UserPreferences(user=user) for user in users], batch_size=1000
    )
    through = UserPreferences.workplaces.through
    through.objects.bulk_create(
        [
            through(userpreferences_id=pref.pk, workplace_id=areas[n % len(areas)].pk)
            for n, pref in enumerate(preferences)
        ],
        batch_size=1000,
    )

    # The approver asks for read confirmations when approving (Fastställ med läskvittens):
    # the whole POST of the approval form, which opens the request, is timed.
    client = Client()
    submit_substance(client, site, "Ny rutin för nyckelhantering.")
    client.force_login(site.users["redaktor"])
    assert workflow_action(client, site.process).status_code == 302
    client.force_login(site.users["chef"])
    read = {
        "comment": "",
        "read_confirmation": "on",
        "read_workplaces": [root.pk],
        "read_subworkplaces": "on",
        "read_due_on": due,
    }
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = workflow_action(client, site.process, **read)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    read_request = ReadRequest.objects.get(page=site.process, status="oppen")
    asked = selectors.audience(read_request).filter(username__startswith="person").count()
    assert asked == people, asked
    rows.append(
        (
            f"approve with läskvittens for {people:,} people (10 workplaces under one)",
            f"{elapsed * 1000:7.1f} ms   {len(queries):3d} queries",
        )
    )
    # A third of them have confirmed (rows as the button writes them; 1,700 button presses
    # would only make the benchmark slow).
    ReadConfirmation.objects.bulk_create(
        [
            ReadConfirmation(request=read_request, user=user, revision_id=read_request.revision_id)
            for user in users[::3]
        ],
        batch_size=1000,
    )

    def figures(label: str, url: str) -> None:
        def render() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        times = timed(render, repeat)
        with CaptureQueriesContext(connection) as captured:
            render()
        rows.append((label, f"{describe(times)}   {len(captured):3d} queries"))

    # The follow-up, as an LS-administrator (the demo grants them the follow-up permissions).
    client.force_login(site.users["redaktor"])
    detail = reverse("ledning_readconfirm:detail", args=[read_request.pk])
    figures(f"follow-up page, {people:,} people, names of the missing", detail)
    figures(f"follow-up CSV export, {people:,} rows", detail + "?export=csv")
    figures("list of open requests", reverse("ledning_readconfirm:index"))

    # More requests for the same workplace: each routine changed and approved in the admin.
    for document in GovernedDocument.objects.filter(key__startswith="rutin-")[:documents]:
        client.force_login(site.users["redaktor"])
        response = edit_document(
            client, document, "submit", change_kind="vikt", change_note="Ändrad rutin."
        )
        assert response.status_code == 302, response.status_code
        assert workflow_action(client, document).status_code == 302
        client.force_login(site.users["chef"])
        assert workflow_action(client, document, **read).status_code == 302
    opened = ReadRequest.objects.filter(status="oppen").count()
    member = users[1]
    client.force_login(member)
    figures(f"HEM for a person with {opened} open requests", "/")
    figures(f"Min sida for a person with {opened} open requests", "/min-sida/")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readconfirm", description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--documents", type=int, default=50)
    options = parser.parse_args(argv)

    with throwaway_database():
        from django.utils import translation

        translation.activate("sv")
        rows = run(options.people, options.repeat, options.documents)
    version = f"{platform.python_implementation()} {platform.python_version()}"
    print_table(f"Läskvittens ({version})", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
