"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import threading
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
def throwaway_database(server_rendering: bool = False) -> Iterator[None]:
    """Django set up on the test settings with a database of its own (SQLite in memory, or a
    test database next to the one DATABASE_URL names), dropped afterwards with the test
    settings' temporary media directory. ``server_rendering``: templates render as on a
    server (the test environment sends a signal with a copy of the context for every template
    rendered, for the test client's response.context; a report renders hundreds of cells)."""
    import django
    from django.conf import settings
    from django.db import connections
    from django.template.base import Template
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    django.setup()
    rendering = Template._render
    setup_test_environment()
    if server_rendering:
        Template._render = rendering
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


def rss_mb(pid: int) -> float | None:
    """The resident memory of a running process in MB (None once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_measured(command: list[str], env: dict[str, str], cwd: Path) -> dict:
    """A subprocess timed from start to exit: wall and CPU seconds (its own, not a database
    server's), peak RSS in MB, its RSS sampled twice a second as (seconds, MB) (whether memory
    stays flat) and its output. Exits with the output when the command fails."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    samples: list[tuple[float, float]] = []

    def sample() -> None:
        while process.poll() is None:
            value = rss_mb(process.pid)
            if value is not None:
                samples.append((time.perf_counter() - started, value))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read().decode(errors="replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join(2)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-5000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak": usage.ru_maxrss / 1024,
        "samples": samples,
        "output": output.strip(),
    }
