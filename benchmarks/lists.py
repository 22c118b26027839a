"""Lists that grow with content, measured at a large count: the list of changes, *Används i
processerna*, Min sida's bookmarks and the admin's reports.

Runs on the test settings in a throwaway database (SQLite in memory, or a test database next to
the one DATABASE_URL names). Usage:

    python -m benchmarks.lists [--count 25000] [--processes 500] [--repeat 10]

``--count`` governed documents are written through the import's bulk path, each with an
approved change of substance (its change-log entry and notice, as the approval writes them);
``--processes`` process pages list one form (*Används i processerna*); a member of staff
bookmarks as many pages as Min sida allows (STAFF_MAX_BOOKMARKS). Each view is rendered
``--repeat`` times after two warm-up views: median wall time, median CPU time of the process
(user + system), queries and HTML size. Templates render as on a server (the test
environment's per-template signal is left off).

Each document also holds a broken link, stored as a full link check stores what it finds (200
owners with ``count * 4 / 5 / 200`` places each, the rest without owner): *Trasiga länkar* by
page and grouped by owner. The overview page is also viewed with the cache emptied before each
view. Last, the nightly review reminders run twice (the run that writes them, then the next
night's) after all but 1,000 of the documents were revised today.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from typing import Any

from benchmarks.timing import throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def measure(client, url: str, repeat: int, before: Any = None) -> tuple[float, float, int, int]:
    """(median wall ms, median CPU ms, queries, bytes) of viewing url; ``before()`` runs
    untimed ahead of each view (to empty the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def view() -> int:
        if before is not None:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    times: list[tuple[float, float]] = []
    for _ in range(2):
        view()
    del times[:]
    for _ in range(repeat):
        view()
    walls, cpus = [wall for wall, _cpu in times], [cpu for _wall, cpu in times]
    with CaptureQueriesContext(connection) as queries:
        size = view()
    return statistics.median(walls), statistics.median(cpus), len(queries), size


def timed(call: Any) -> tuple[float, float, Any]:
    """(wall ms, CPU ms, result) of call()."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def broken_links(documents: list[Any], owners: list[Any], per_owner: int) -> int:
    """A broken link in each of the documents, stored as a full check stores what it finds
    and its verdicts (linkcheck.services.store_places, store_results); each document's link
    has one of the owners, in turns (``per_owner`` places each), the rest none."""
    from intranet.ledning.linkcheck import services
    from intranet.ledning.linkcheck.addresses import classify
    from intranet.ledning.linkcheck.extract import Found
    from intranet.ledning.linkcheck.result import Result

    found = [
        Found(
            target=classify(f"https://trasig{number % 50}.example/sida-{number}"),
            page_id=None,
            document_id=document.pk,
            title=str(document)[:255],
            field="summary",
            text="Läs mer",
            owner_ids=[owners[number // per_owner].pk] if number // per_owner < len(owners) else [],
        )
        for number, document in enumerate(documents)
    ]
    links = services.store_places(found)
    services.store_results({url: Result("broken", status=404) for url in links}, links)
    return len(found)


def run(count: int, processes: int, repeat: int, owner_count: int = 200) -> None:
    import factory
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Site

    from intranet.staff import conf as staff_conf
    from intranet.staff import services as staff_services
    from tests.factories import (
        GovernedDocumentFactory,
        ProcessPageFactory,
        StartPageFactory,
        approved_changes,
        documents_block,
    )

    started = time.perf_counter()
    words = ["Avvikelse", "Brand", "Ekonomi", "Hygien", "Rutin", "Åtgärd", "Ärende", "Över"]
    documents = GovernedDocumentFactory.create_bulk(
        count,
        title=factory.Iterator(f"{words[n % len(words)]} {n:05d}" for n in range(count)),
        document_type="rutin",
    )
    approved_changes(documents)
    home = Site.objects.get(is_default_site=True).root_page.specific
    start = StartPageFactory(parent=home, title="Benchmark", slug="benchmark")
    form = GovernedDocumentFactory(title="Blankett som alla processer använder")
    pages = [
        ProcessPageFactory(
            parent=start,
            title=f"Process {number:05d}",
            slug=f"process-{number:05d}",
            body=[documents_block("Blanketter", [form])],
        )
        for number in range(processes)
    ]
    users = get_user_model().objects
    staff = users.create_user("bench", password="bench-only-password")
    admin = users.create_superuser("bench-admin", password="bench-only-password")
    for page in pages[: staff_conf.get("MAX_BOOKMARKS")]:
        staff_services.add_bookmark(staff, page)
    owners = [
        users.create_user(f"agare{n:03d}", first_name="Ägare", last_name=f"{n:03d}")
        for n in range(owner_count)
    ]
    links = broken_links(documents, owners, per_owner=max(1, count * 4 // 5 // owner_count))
    built = time.perf_counter() - started

    staff_client, admin_client = Client(), Client()
    staff_client.force_login(staff)
    admin_client.force_login(admin)
    changes = reverse("ledning:changes")
    broken = reverse("ledning_linkcheck:report")
    bookmarks = len(staff_services.bookmarks_for(staff))
    views = [
        (staff_client, f"list of changes, {count:,} changes", changes),
        (staff_client, "  … page 400", f"{changes}?sida=400"),
        (
            staff_client,
            f"a document's page, used in {processes:,} processes",
            form.get_absolute_url(),
        ),
        (staff_client, "  … its last page", f"{form.get_absolute_url()}?sida=999"),
        (staff_client, f"Min sida, {bookmarks} bookmarks", reverse("staff:min_sida")),
        *(
            (admin_client, f"admin report {name}, {count:,} documents", reverse(route))
            for name, route in (
                ("Granskning", "ledning_reports:reviews"),
                ("Utan ansvarig", "ledning_reports:ownerless"),
                ("Dokument utan sida", "ledning_reports:orphans"),
                ("Ändringslogg", "ledning_reports:changes"),
                ("Läskvittenser", "ledning_readconfirm:index"),
                ("start page (dashboard panel)", "wagtailadmin_home"),
                ("Översikt (dashboard)", "ledning_dashboard:index"),
            )
        ),
        (admin_client, "Översikt, empty cache", reverse("ledning_dashboard:index"), cache.clear),
        (admin_client, f"Trasiga länkar, {links:,} places, by page", broken),
        (admin_client, f"Trasiga länkar by owner ({owner_count})", f"{broken}?gruppera=ansvarig"),
        (admin_client, "  … page 200", f"{broken}?gruppera=ansvarig&p=200"),
    ]
    rows = []
    for client, label, url, *before in views:
        wall, cpu, queries, size = measure(client, url, repeat, *before)
        rows.append(
            f"  {label:<48} wall {wall:7.1f} ms  CPU {cpu:7.1f} ms  {queries:3d} queries "
            f"{size / 1024:6.0f} KB"
        )

    # The nightly review reminders (the Celery task's service): 1,000 documents overdue, the
    # others revised today (their revision date updated in bulk and the stored due dates
    # brought up to date, as after a queryset update); one LS-administrator with an e-mail
    # address gets the reminders of documents without owner. The first run writes the
    # reminders and sends the digest; the second (the next night) finds nothing new.
    from django.utils import timezone

    from intranet.ledning import conf
    from intranet.ledning.governance.services import reviews
    from intranet.ledning.models import GovernedDocument

    lsadmin = users.create_user("lsadmin", email="ls@kommun.example")
    lsadmin.groups.add(Group.objects.get_or_create(name=conf.get("ADMINISTRATORS_GROUP"))[0])
    fresh = [document.pk for document in documents[1000:]]
    for start_at in range(0, len(fresh), 500):
        GovernedDocument.objects.filter(pk__in=fresh[start_at : start_at + 500]).update(
            revised_on=timezone.localdate()
        )
    reviews.update_review_dates()
    for label in ("review reminders, first run (1,000 due)", "  … the next run"):
        wall, cpu, report = timed(reviews.send_review_reminders)
        rows.append(
            f"  {label:<48} wall {wall:7.1f} ms  CPU {cpu:7.1f} ms  "
            f"{report.queued} queued, {report.messages} sent"
        )

    import django
    import wagtail

    print(
        f"List benchmarks: Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, {connection.vendor}, {repeat} views each "
        f"(content built in {built:.0f} s)"
    )
    print("\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lists", description=__doc__)
    parser.add_argument("--count", type=int, default=25_000, help="documents and changes")
    parser.add_argument("--processes", type=int, default=500, help="processes using a form")
    parser.add_argument("--repeat", type=int, default=10, help="views per list (default 10)")
    options = parser.parse_args(argv)

    # Templates render as on a server: a report renders hundreds of cell templates.
    with throwaway_database(server_rendering=True):
        run(options.count, options.processes, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
