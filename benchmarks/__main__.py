"""Print rendering and import figures for the management system.

Runs on the test settings in a throwaway database: SQLite in memory, or a test database next to
the one DATABASE_URL names. Usage: python -m benchmarks [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time

from benchmarks.timing import describe, print_table, throwaway_database, timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def run(repeat: int) -> None:
    import factory
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from intranet.ledning.models import ProcessPage
    from intranet.portal.demo import DEMO_DIR, DEMO_FILE
    from tests.conftest import process_page_with_documents
    from tests.factories import (
        AreaPageFactory,
        DocumentIndexPageFactory,
        GovernedDocumentFactory,
        StartPageFactory,
    )

    rows: list[tuple[str, str]] = []

    def import_demo() -> None:
        call_command(
            "import_ledningssystem",
            str(DEMO_FILE),
            files=str(DEMO_DIR),
            verbosity=0,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    started = time.perf_counter()
    import_demo()
    rows.append(
        ("import demo file, empty database", f"{(time.perf_counter() - started) * 1000:7.0f} ms")
    )
    started = time.perf_counter()
    import_demo()
    rows.append(
        ("import demo file again (no changes)", f"{(time.perf_counter() - started) * 1000:7.0f} ms")
    )

    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    user = get_user_model().objects.create_user("bench", password="bench-only-password")
    client = Client()
    client.force_login(user)

    def page_figures(label: str, url: str) -> None:
        def render() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        times = timed(render, repeat)
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        rows.append((label, f"{describe(times)}   {len(queries):3d} queries {size / 1024:6.0f} KB"))

    home = Site.objects.get(is_default_site=True).root_page.specific
    start = StartPageFactory(parent=home, title="Benchmark", slug="benchmark")
    area = AreaPageFactory(parent=start, title="Område", slug="omrade")
    for count in (5, 50):
        documents = GovernedDocumentFactory.create_batch(count, title=f"Bench {count}")
        items = [(documents[0], documents[1:4]), *documents[4:]]
        page = process_page_with_documents(area, items, title=f"{count} dokument")
        page_figures(f"process page, {count} documents", page.url)

    demo_process = ProcessPage.objects.live().filter(slug="verkstalla-beslut-om-hemtjanst").first()
    if demo_process is not None:
        page_figures("demo page Verkställa beslut om hemtjänst", demo_process.url)

    GovernedDocumentFactory.create_batch(200, title="Index", document_type="riktlinje")
    index = DocumentIndexPageFactory(
        parent=start, title="Alla riktlinjer", slug="alla-riktlinjer", document_types=["riktlinje"]
    )
    page_figures("document index page, 200+ documents", index.url)
    # Large types, written through the import's bulk path (one insert): the page shows 50 of
    # them, A–Ö, counted and paged by the database.
    for count, document_type in ((2_000, "blankett"), (25_000, "informationsmaterial")):
        words = ["Avvikelse", "Brand", "Ekonomi", "Hygien", "Rutin", "Åtgärd", "Ärende", "Över"]
        GovernedDocumentFactory.create_bulk(
            count,
            title=factory.Iterator(f"{words[n % len(words)]} {n:05d}" for n in range(count)),
            document_type=document_type,
        )
        index = DocumentIndexPageFactory(
            parent=start,
            title=f"{count} dokument",
            slug=f"index-{count}",
            document_types=[document_type],
        )
        page_figures(f"document index page, {count:,} documents", index.url)
        page_figures("  … letter Ä, page 2", f"{index.url}?bokstav=Ä&sida=2")
        page_figures("  … filter '01', page 3", f"{index.url}?q=01&sida=3")

    import django
    import wagtail

    print_table(
        f"Benchmarks: Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, {connection.vendor}, {repeat} renders each",
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="renders per page (default 30)")
    options = parser.parse_args(argv)

    with throwaway_database():
        run(options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
