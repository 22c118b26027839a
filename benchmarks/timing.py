"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` runs of action, after two warm-up runs."""
    for _ in range(2):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def describe(times: list[float]) -> str:
    """Median and 90th percentile of millisecond timings, aligned for a table."""
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"median {statistics.median(ordered):7.1f} ms   p90 {p90:7.1f} ms"


@contextmanager
def throwaway_database() -> Iterator[None]:
    """Django set up on the test settings with a database of its own (SQLite in memory, or a
    test database next to the one DATABASE_URL names), dropped afterwards with the test
    settings' temporary media directory."""
    import django
    from django.conf import settings
    from django.db import connections
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    django.setup()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        connections.close_all()
        teardown_databases(databases, verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.name.startswith("intranet-test-media-"):
            shutil.rmtree(media_root, ignore_errors=True)


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    """A heading and label/figure rows, the labels padded to one width."""
    print(title)
    width = max((len(label) for label, _figure in rows), default=0)
    for label, figure in rows:
        print(f"  {label:<{width}}  {figure}")
