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

from benchmarks.timing import describe, timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def run(people: int, repeat: int) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import Site

    from intranet.ledning.models import ReadConfirmation, Workplace
    from intranet.ledning.readconfirm import services
    from intranet.staff.models import UserPreferences
    from tests.factories import GovernedDocumentFactory, ProcessPageFactory, StartPageFactory
    from tests.governance.conftest import publish_initial

    rows: list[tuple[str, str]] = []
    due = timezone.localdate() + datetime.timedelta(days=30)
    root = Workplace.objects.create(key="hemtjansten", name="Hemtjänsten")
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
    home = Site.objects.get(is_default_site=True).root_page.specific
    start = StartPageFactory(parent=home, title="Benchmark", slug="benchmark")
    page = publish_initial(ProcessPageFactory(parent=start, title="Nyckelhantering"))

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        read_request = services.open_request(
            page, page.live_revision, due_on=due, workplaces=[root.pk], include_subworkplaces=True
        )
    rows.append(
        (
            f"open a request for {people:,} people (10 workplaces under one)",
            f"{(time.perf_counter() - started) * 1000:7.1f} ms   {len(queries):3d} queries",
        )
    )
    # A third of them have confirmed (rows as the button writes them; 1,700 button presses
    # would only make the benchmark slow).
    ReadConfirmation.objects.bulk_create(
        [
            ReadConfirmation(request=read_request, user=user, revision_id=page.live_revision_id)
            for user in users[::3]
        ],
        batch_size=1000,
    )

    viewer = user_model.objects.create_user("uppfoljare", password="bench-only-password")
    group = Group.objects.create(name="Uppföljare")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__startswith="view_readconfirm"),
    )
    viewer.groups.add(group)
    client = Client()
    client.force_login(viewer)

    def figures(label: str, url: str) -> None:
        def render() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        times = timed(render, repeat)
        with CaptureQueriesContext(connection) as captured:
            render()
        rows.append((label, f"{describe(times)}   {len(captured):3d} queries"))

    detail = reverse("ledning_readconfirm:detail", args=[read_request.pk])
    figures(f"follow-up page, {people:,} people, names of the missing", detail)
    figures(f"follow-up CSV export, {people:,} rows", detail + "?export=csv")
    figures("list of open requests", reverse("ledning_readconfirm:index"))

    member = users[1]
    for number in range(50):
        document = publish_initial(GovernedDocumentFactory(title=f"Rutin {number:02d}"))
        services.open_request(document, document.live_revision, due_on=due, workplaces=[root.pk])
    client.force_login(member)
    figures("HEM for a person with 51 open requests", "/")
    figures("Min sida for a person with 51 open requests", "/min-sida/")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readconfirm", description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args(argv)

    import django
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases
    from django.utils import translation

    django.setup()
    setup_test_environment()
    translation.activate("sv")
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        rows = run(options.people, options.repeat)
    finally:
        teardown_databases(databases, verbosity=0)
    print(f"Läskvittens ({platform.python_implementation()} {platform.python_version()})")
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
