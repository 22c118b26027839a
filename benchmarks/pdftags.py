"""The admin report *PDF utan taggar* at a large number of PDF documents.

Runs on the test settings in a throwaway database (SQLite in memory, or a test database next to
the one DATABASE_URL names). Usage:

    python -m benchmarks.pdftags [--count 5000] [--repeat 5]

``--count`` governed documents are imported (the import's bulk path), each with its own PDF
file, every other one tagged. Timed: the import, the report's first view after it, then
``--repeat`` views with the cache emptied before each and ``--repeat`` views as they come
(median wall and CPU time of the process, queries).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def run(count: int, repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from intranet.ledning.exchange import import_ledningssystem
    from intranet.portal.demo.versions import demo_pdf
    from tests.governance.test_untagged_pdfs import tagged_pdf

    files = Path(tempfile.mkdtemp(prefix="pdftags-"))
    try:
        entries = []
        for n in range(count):
            name = f"rutin-{n:05d}.pdf"
            content = tagged_pdf(width=300 + n) if n % 2 else demo_pdf(f"Rutin {n:05d}")
            (files / name).write_bytes(content)
            entries.append(
                {"key": f"r{n}", "type": "rutin", "title": f"Rutin {n:05d}", "file": name}
            )
        wall, cpu = time.perf_counter(), time.process_time()
        import_ledningssystem({"format": "ledningssystem/1", "documents": entries}, files_dir=files)
        imported = (time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        shutil.rmtree(files, ignore_errors=True)

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("bench-admin", password="bench-only")
    client = Client()
    client.force_login(admin)
    url = reverse("ledning_reports:untagged_pdfs")

    def view() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        assert response.status_code == 200
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    first = view()
    rows = [
        f"  import of {count:,} PDF documents{'':<6} wall {imported[0]:7.1f} s   "
        f"CPU {imported[1]:7.1f} s"
    ]
    rows.append(
        f"  report, first view after the import wall {first[0]:7.1f} ms  CPU {first[1]:7.1f} ms"
    )
    for label, before in (("report, cache emptied", cache.clear), ("report, warm", None)):
        times = []
        for _ in range(repeat):
            if before:
                before()
            times.append(view())
        with CaptureQueriesContext(connection) as queries:
            view()
        rows.append(
            f"  {label:<35} wall {statistics.median(t[0] for t in times):7.1f} ms  "
            f"CPU {statistics.median(t[1] for t in times):7.1f} ms  {len(queries)} queries"
        )
    print(f"PDF utan taggar, {count:,} PDF documents, {connection.vendor}, {repeat} views each")
    print("\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdftags", description=__doc__)
    parser.add_argument("--count", type=int, default=5_000, help="PDF documents")
    parser.add_argument("--repeat", type=int, default=5, help="views each (default 5)")
    options = parser.parse_args(argv)

    with throwaway_database():
        run(options.count, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
