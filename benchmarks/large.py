"""A whole municipality on one site (``make bench-large``): governed documents, process pages and
staff with workplaces and bookmarks, built the way a municipality builds it, then each measure of
issue 17 run end to end as users run it, printed beside its goal.

    python -m benchmarks.large [--scale 1|10|100] [--keep] [--skip MEASURE,…] [--profile]

Scale 100 is the whole municipality: 100,000 governed documents (25,000 of each type), 5,000
process pages and 10,000 staff; scale 10 and 1 are a tenth and a hundredth of it.

1. A PostgreSQL database of its own (``large_s<scale>``), copied from a template that is migrated
   once per run (``large_template``); DATABASE_URL names the server.
2. ``manage.py import_ledningssystem`` on a generated ``ledningssystem/1`` file
   (benchmarks.importing's generator, plus a document index page per type and one process page
   for every workplace), in a subprocess: wall time, CPU time and its memory (RSS) over time.
3. Staff: users with an e-mail address, each with a workplace chosen on Min sida and ten
   bookmarks, written in bulk as the staff app stores them (UserPreferences, its workplaces,
   Bookmark rows).
4. The measures, each in a process of its own on the dev settings with DEBUG off:
   search (``rebuild_search_index``, then 50 queries right after it and again warm), page views
   through Django's test client (HEM, Min sida, a document index page of the largest type, a
   process page), a revision notice to every member of staff (a change of substance approved
   through the workflow; delivered by a real Celery worker through Redis database 12 to aiosmtpd
   on a free loopback port), the link check (benchmarks.linkcheck: 200 links per scale unit on
   loopback hosts) and the load test (benchmarks.loadtest on this very database, 50 users).

Not part of ``make test`` or ``make bench``. ``--profile`` adds cProfile's top functions of the
page views. ``--keep`` keeps the database (``--reuse`` then skips steps 1–3).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import timing  # noqa: E402 (after the path above)

PREFIX = "large"
#: Redis database of this benchmark: the import's queued text extractions (emptied after the
#: import) and the notice's broker (under a key prefix of its own).
REDIS = "redis://127.0.0.1:6379/12"
MEASURES = ("import", "search", "pages", "notice", "linkcheck", "loadtest")
BOOKMARKS_EACH = 10


#: ``--pages`` overrides the number of process pages of the scale (the page import is the slow
#: part of the import today).
PAGES: int | None = None


def sizes(scale: int) -> dict[str, int]:
    return {
        "documents": 1_000 * scale,
        "pages": PAGES or 50 * scale,
        "staff": 100 * scale,
        "links": 200 * scale,
        "hosts": max(5, scale // 2),
    }


# --- the database ---------------------------------------------------------------------------


def database_url(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def psql(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def environment(base: str, name: str, work: Path, **extra: str) -> dict[str, str]:
    """The environment of a manage.py or measuring subprocess on the large database."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        DATABASE_URL=database_url(base, name),
        DJANGO_SETTINGS_MODULE="intranet.settings.dev",
        DEBUG="0",
        MEDIA_ROOT=str(work / "media"),
        INTRANET_VAR_DIR=str(work / "var"),
        CELERY_BROKER_URL="",
        REDIS_URL="",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


# --- the content ----------------------------------------------------------------------------


def generate(scale: int, directory: Path) -> Path:
    """benchmarks.importing's file at this scale, with a document index page per type (the
    issue's 25,000 of a type at scale 100) and the first process page concerning every
    workplace (the revision notice then reaches all staff through their workplaces)."""
    from benchmarks import importing

    size = sizes(scale)
    path = importing.generate(size["documents"], size["pages"], directory)
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = data["pages"]
    for kind in importing.TYPES:
        pages.append(
            {
                "type": "documents",
                "path": f"dokument-{kind}",
                "title": f"Alla dokument av typen {kind}",
                "intro": "",
                "document_types": [kind],
            }
        )
    first = next(page for page in pages if page["type"] == "process")
    first["workplaces"] = ["vo"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_measured(command: list[str], env: dict[str, str]) -> dict:
    """timing.run_measured in the repository."""
    return timing.run_measured(command, env, ROOT)


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def own(step: str, out: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "benchmarks.large",
        step,
        "--out",
        str(out),
        "--redis",
        REDIS,
        *args,
    ]


def empty_redis() -> None:
    import redis

    with contextlib.suppress(Exception):  # no Redis: nothing was queued either
        redis.Redis.from_url(REDIS, socket_timeout=2).flushdb()


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=0.5).ping())
    except Exception:
        return False


# --- steps run inside the large database (subprocesses: python -m benchmarks.large STEP) -----


def django_setup() -> None:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # the test client's host; e-mail kept in memory


def step_staff(count: int, out: Path) -> None:
    """``count`` staff, each with a workplace and BOOKMARKS_EACH bookmarks, in bulk as the staff
    app stores them."""
    django_setup()
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from intranet.ledning.models import ProcessPage, Workplace
    from intranet.staff.models import Bookmark, UserPreferences

    rng = random.Random(17)
    workplaces = list(Workplace.objects.exclude(parent=None).order_by("pk"))
    pages = list(ProcessPage.objects.live().order_by("path").values_list("pk", flat=True))
    user_model = get_user_model()
    password = make_password("Stor-kommun-2026")
    started = time.perf_counter()
    with transaction.atomic():
        users = user_model.objects.bulk_create(
            [
                user_model(
                    username=f"medarbetare{n:05d}",
                    email=f"medarbetare{n:05d}@kommun.example",
                    first_name="Medarbetare",
                    last_name=f"{n:05d}",
                    password=password,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        preferences = UserPreferences.objects.bulk_create(
            [UserPreferences(user=user) for user in users], batch_size=2000
        )
        through = UserPreferences.workplaces.through
        through.objects.bulk_create(
            [
                through(userpreferences_id=p.pk, workplace_id=workplaces[n % len(workplaces)].pk)
                for n, p in enumerate(preferences)
            ],
            batch_size=5000,
        )
        Bookmark.objects.bulk_create(
            [
                Bookmark(user=user, page_id=page)
                for user in users
                for page in rng.sample(pages, k=min(BOOKMARKS_EACH, len(pages)))
            ],
            batch_size=5000,
        )
    out.write_text(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "staff": len(users),
                "bookmarks": Bookmark.objects.count(),
            }
        )
    )


def backend_cpu_ms(connection) -> Callable[[], float | None]:
    """The CPU time so far of this connection's PostgreSQL backend process, when the server
    runs on this machine (/proc); None elsewhere."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) * 1000 / tick

    return read


def step_search(out: Path) -> None:
    """50 queries right after a full re-index (this process starts after it), then warm; the
    warm rounds' CPU time (this process, and PostgreSQL's backend when it runs here)."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from benchmarks.search import QUERIES as queries
    from search import services

    user = get_user_model().objects.get(username="medarbetare00000")
    services.search(user, "zzz")  # code loaded, not the queries' data
    server_cpu = backend_cpu_ms(connection)

    def one_round(cpu: list[float] | None = None) -> list[float]:
        times = []
        for query in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            services.search(user, query)
            times.append((time.perf_counter() - started) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - cpu_started) * 1000)
        return times

    after = one_round()
    one_round()
    client_cpu: list[float] = []
    server_before = server_cpu()
    warm = one_round(client_cpu)
    server_after = server_cpu()
    server = (
        (server_after - server_before) / len(queries)
        if server_before is not None and server_after is not None
        else None
    )
    out.write_text(
        json.dumps(
            {
                "after": after,
                "warm": warm,
                "queries": len(queries),
                "client_cpu": client_cpu,
                "server_cpu_mean": server,
            }
        )
    )


def page_urls() -> dict[str, str]:
    from intranet.ledning.models import DocumentIndexPage, ProcessPage

    # Every type has a quarter of the documents (25,000 at scale 100): rutin's page.
    largest = DocumentIndexPage.objects.live().get(slug="dokument-rutin")
    process = ProcessPage.objects.live().order_by("path")
    middle = process[process.count() // 2]
    return {
        "HEM": "/",
        "Min sida": "/min-sida/",
        "document index page": largest.url,
        "  … letter R": f"{largest.url}?bokstav=R",
        "process page": middle.url,
        # The search page for a word in a quarter of the documents (25,000 hits at scale 100).
        "search page, a common word": "/sok/?q=hemtj%C3%A4nst",
    }


def step_pages(out: Path, repeat: int, profile: bool) -> None:
    """Each page through the test client as a member of staff: median and p90 of `repeat`
    views after two warm-up views, the HTML size and the query count."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.timing import timed

    user = get_user_model().objects.get(username="medarbetare00000")
    client = Client()
    client.force_login(user)
    results = {}
    profiles = {}
    for label, url in page_urls().items():
        cpu: list[float] = []

        def view(url=url, cpu=cpu) -> None:
            started = time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)

        times = timed(view, repeat)
        cpu[:] = cpu[2 : 2 + repeat]  # the timed views, not the warm-up
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
        results[label] = {
            "url": url,
            "times": times,
            "cpu": cpu,
            "queries": len(queries),
            "bytes": size,
        }
        if profile:
            # CPU time, not wall time: on a shared machine waiting for a core is not a cost.
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(5):
                view()
            profiler.disable()
            text = io.StringIO()
            text.write("--- the slowest queries of one view (seconds) ---\n")
            for query in slowest:
                text.write(f"{query['time']}  {query['sql'][:300]}\n")
            text.write("\n")
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
            text.write("\n--- the project's own code, cumulative ---\n")
            own_code = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
            own_code.print_stats(r"/(intranet|search)/", 30)
            text.write("\n--- by own time ---\n")
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
            profiles[label] = text.getvalue()
    out.write_text(json.dumps({"pages": results, "profiles": profiles}))


def step_notice(out: Path, concurrency: int) -> None:
    """A change of substance to the process page that concerns every workplace, approved
    through the workflow: the outbox written in the approval's transaction, then delivered by a
    real Celery worker to an SMTP server. Exactly once: one message per recipient."""
    django_setup()
    from django.conf import settings
    from django.db import connection, transaction

    from benchmarks.fanout import make_governance
    from intranet.ledning.governance.services.approval import act_on_workflow
    from intranet.ledning.models import Delivery, DeliveryStatus, ProcessPage
    from intranet.staff.services import notice_recipients
    from tests.governance.conftest import celery_broker
    from tests.governance.realparts import (
        Broker,
        CeleryWorker,
        SMTPSink,
        wait_for,
    )
    from tests.governance.realparts import database_url as url_of

    governance = make_governance()
    page = ProcessPage.objects.live().filter(workplaces__key="vo").order_by("path").first()
    recipients = notice_recipients(page).exclude(email="").count()
    broker = Broker.isolated(REDIS)
    with SMTPSink() as sink, celery_broker(broker):
        worker = CeleryWorker(
            broker=broker,
            database_url=url_of(dict(connection.settings_dict)),
            email_url=sink.url,
            concurrency=concurrency,
            beat=False,
            env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        )
        worker.start()
        try:
            page = ProcessPage.objects.get(pk=page.pk)
            page.change_kind = "vikt"
            page.change_note = "Nytt arbetssätt för hela kommunen."
            page.save_revision(user=governance["editor"])
            page.get_workflow().start(page, governance["editor"])
            act_on_workflow(page, governance["reviewer"])
            page = ProcessPage.objects.get(pk=page.pk)
            approved = time.perf_counter()
            with transaction.atomic():
                act_on_workflow(page, governance["approver"])
            committed = time.perf_counter()
            wait_for(lambda: len(sink.messages) >= recipients, 1800, interval=0.1, what="all")
            done = time.perf_counter()
            time.sleep(3)  # anything sent twice arrives now
        finally:
            worker.stop()
            broker.clean()
        log = worker.log()
        by_recipient = sink.by_recipient()
        result = {
            "recipients": recipients,
            "outbox_ms": (committed - approved) * 1000,
            "delivery_s": done - committed,
            "messages": len(sink.messages),
            "distinct": len(by_recipient),
            "duplicates": sum(1 for messages in by_recipient.values() if len(messages) > 1),
            "sessions": sink.sessions,
            "sent": Delivery.objects.filter(status=DeliveryStatus.SENT).count(),
            "concurrency": concurrency,
            "traceback": log[-3000:] if "Traceback" in log else "",
        }
    out.write_text(json.dumps(result))


# --- the run --------------------------------------------------------------------------------


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, measure: str, figure: str, goal: str, met: bool | None) -> None:
        verdict = "–" if met is None else ("yes" if met else "NO")
        self.rows.append((measure, figure, goal, verdict))
        print(f"  {measure}: {figure}   (goal {goal}: {verdict})", flush=True)

    def print(self) -> None:
        header = ("measure", "figure", "goal", "met?")
        print("| " + " | ".join(header) + " |")
        print("| --- | --- | --- | --- |")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def flat(samples: list[tuple[float, float]]) -> tuple[bool, str]:
    """Whether memory stays flat once the file is read: RSS after the first quarter of the run
    never grows past 1.25× its value at that quarter. Also the curve in five points."""
    if len(samples) < 4:
        return True, "too short to sample"
    end = samples[-1][0]
    quarter = next(value for at, value in samples if at >= end / 4)
    later = max(value for at, value in samples if at >= end / 4)
    points = [
        next(value for at, value in samples if at >= end * f) for f in (0.1, 0.25, 0.5, 0.75)
    ] + [samples[-1][1]]
    return later <= 1.25 * quarter, "RSS " + " → ".join(f"{p:.0f}" for p in points) + " MB"


def measure_import(table: Table, base: str, name: str, scale: int, work: Path) -> None:
    source = work / "source"
    path = generate(scale, source)
    size = sizes(scale)
    broker = REDIS if redis_available() else ""
    env = environment(base, name, work, CELERY_BROKER_URL=broker)
    result = run_measured(manage("import_ledningssystem", str(path), "--files", str(source)), env)
    empty_redis()  # the new files' text extractions: no worker runs here
    goal_s = 600 * scale / 100
    steady, curve = flat(result["samples"])
    table.add(
        f"import {size['documents']:,} documents, {size['pages'] + 4:,} pages",
        f"{result['wall']:.0f} s (CPU {result['cpu']:.0f} s), load {load()}",
        f"≤ {goal_s:.0f} s (10 min × {scale}/100)",
        result["wall"] <= goal_s,
    )
    table.add(
        "  … its memory",
        f"peak RSS {result['peak']:.0f} MB; {curve} at 10/25/50/75/100 % of the time",
        "flat (≤ 1.25× after the first quarter)",
        steady,
    )
    print("    " + (result["output"].splitlines() or [""])[-1], flush=True)


def measure_staff(table: Table, base: str, name: str, scale: int, work: Path) -> None:
    out = work / "staff.json"
    count = sizes(scale)["staff"]
    run_measured(own("staff", out, "--staff", str(count)), environment(base, name, work))
    data = json.loads(out.read_text())
    table.add(
        "staff with workplaces and bookmarks (setup, bulk)",
        f"{data['staff']:,} staff, {data['bookmarks']:,} bookmarks in {data['seconds']:.1f} s",
        "–",
        None,
    )


def analyze(table: Table, base: str, name: str) -> None:
    """Statistics for the planner, as autovacuum gathers them within a minute or so of a large
    write (``autovacuum`` may be off on a development server; the import does not ANALYZE)."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(database_url(base, name), autocommit=True) as connection:
        autovacuum = connection.execute("SHOW autovacuum").fetchone()[0]
        connection.execute("VACUUM ANALYZE")
    table.add(
        "VACUUM ANALYZE after the build (setup)",
        f"{time.perf_counter() - started:.1f} s (autovacuum is {autovacuum} on this server)",
        "–",
        None,
    )


def measure_search(table: Table, base: str, name: str, work: Path) -> None:
    env = environment(base, name, work)
    rebuilt = run_measured(manage("rebuild_search_index"), env)
    out = work / "search.json"
    run_measured(own("search", out), env)
    data = json.loads(out.read_text())
    table.add(
        "rebuild_search_index (start to exit)",
        f"{rebuilt['wall']:.1f} s (CPU {rebuilt['cpu']:.1f} s), load {load()}",
        "–",
        None,
    )
    for label, key, goal in (
        ("right after the re-index", "after", None),
        ("warm", "warm", 50.0),
    ):
        times = data[key]
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        table.add(
            f"search, {data['queries']} queries, {label}",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.0f} ms, load {load()}",
            "p95 ≤ 50 ms" if goal else "–",
            p95 <= goal if goal else None,
        )
    cpu = data["client_cpu"]
    server = data["server_cpu_mean"]
    table.add(
        "  … warm, CPU per query",
        f"this process p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms, "
        f"mean {statistics.mean(cpu):.1f} ms"
        + (f"; PostgreSQL's backend mean {server:.1f} ms" if server is not None else ""),
        "–",
        None,
    )


def measure_pages(
    table: Table, base: str, name: str, scale: int, work: Path, profile: bool
) -> None:
    out = work / "pages.json"
    args = ["--repeat", "20"] + (["--profile"] if profile else [])
    run_measured(own("pages", out, *args), environment(base, name, work))
    data = json.loads(out.read_text())
    for label, page in data["pages"].items():
        times = page["times"]
        median = statistics.median(times)
        table.add(
            f"{label} ({page['url']})",
            f"median {median:.0f} ms (CPU {statistics.median(page['cpu']):.0f} ms), "
            f"p90 {percentile(times, 0.9):.0f} ms, "
            f"{page['queries']} queries, {page['bytes'] / 1024:.0f} KB, load {load()}",
            "≤ 100 ms",
            median <= 100,
        )
    if data["profiles"]:
        directory = ROOT / "var" / "bench-large"
        directory.mkdir(parents=True, exist_ok=True)
        for label, text in data["profiles"].items():
            name = label.strip(" …").replace(" ", "-")
            (directory / f"profile-s{scale}-{name}.txt").write_text(text)
        print(f"    profiles written to {directory}/profile-s{scale}-*.txt", flush=True)


def measure_notice(table: Table, base: str, name: str, scale: int, work: Path) -> None:
    out = work / "notice.json"
    env = environment(base, name, work)
    run_measured(own("notice", out), env)
    data = json.loads(out.read_text())
    goal_s = 120 * scale / 100
    once = data["duplicates"] == 0 and data["distinct"] == data["recipients"]
    table.add(
        f"revision notice to {data['recipients']:,} staff: outbox write",
        f"{data['outbox_ms']:.0f} ms (the approval's transaction), load {load()}",
        "–",
        None,
    )
    table.add(
        f"  … delivered (worker × {data['concurrency']}, SMTP)",
        f"{data['delivery_s']:.1f} s, {data['recipients'] / data['delivery_s']:.0f}/s, "
        f"{data['messages']:,} messages to {data['distinct']:,} recipients, "
        f"{data['duplicates']} twice, {data['sessions']} SMTP sessions, load {load()}",
        f"≤ {goal_s:.0f} s (2 min × {scale}/100), exactly once",
        data["delivery_s"] <= goal_s and once,
    )
    if data["traceback"]:
        print(data["traceback"])


def free_port() -> int:
    """A port free on loopback now (the link servers listen on it on every 127.0.0.x address,
    away from the fixed port of another link-check run on the machine)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_linkcheck(table: Table, base: str, scale: int) -> None:
    size = sizes(scale)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DATABASE_URL=database_url(base, "postgres"), PYTHONPATH=str(ROOT))
    result = run_measured(
        [
            sys.executable,
            "-m",
            "benchmarks.linkcheck",
            "--links",
            str(size["links"]),
            "--hosts",
            str(size["hosts"]),
            "--no-linkchecker",
            "--database",
            f"{PREFIX}_linkcheck",
            "--port",
            str(free_port()),
        ],
        env,
    )
    text = result["output"]
    ideal = float(re.search(r"ideal for the per-host limit\s+([\d.]+) s", text).group(1))
    ours = re.search(r"start to exit\s+([\d.]+) s\s+([\d.]+)× ideal", text)
    cpu = float(re.search(r"CPU time of the command\s+([\d.]+) s", text).group(1))
    seconds, ratio = float(ours.group(1)), float(ours.group(2))
    table.add(
        f"check_links, {size['links']:,} links on {size['hosts']} loopback hosts",
        f"{seconds:.1f} s (CPU {cpu:.1f} s), ideal {ideal:.1f} s, {ratio:.2f}× ideal, "
        f"load {load()}",
        "≤ 2× ideal",
        ratio <= 2,
    )


def measure_loadtest(table: Table, base: str, name: str, users: int, seconds: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DATABASE_URL=database_url(base, "postgres"), PYTHONPATH=str(ROOT))
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.loadtest",
            "--database",
            name,
            "--existing",
            "--redis",
            REDIS,
            "--users",
            str(users),
            "--seconds",
            str(seconds),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    text = process.stdout
    found = re.search(
        r"p50 (\d+) ms, p95 (\d+) ms, (\d+) errors", text.splitlines()[-1] if text else ""
    )
    if not found:
        table.add(
            "make loadtest, this site", "failed: " + (process.stderr or text)[-300:], "", False
        )
        return
    p50, p95, errors = (int(found.group(n)) for n in (1, 2, 3))
    rps = re.search(r"([\d.]+) req/s", text.splitlines()[-1]).group(1)
    per_request = re.search(r"([\d.]+) ms per request", text)
    site_cpu = f", site CPU {per_request.group(1)} ms/request" if per_request else ""
    table.add(
        f"make loadtest on this site, {users} users, {seconds} s",
        f"{rps} req/s, p50 {p50} ms, p95 {p95} ms, {errors} errors{site_cpu}, load {load()}",
        "0 errors, p95 ≤ 300 ms",
        errors == 0 and p95 <= 300,
    )
    for line in text.splitlines():
        if line.startswith("  ") and ("requests" in line or re.match(r"  \S+\s+\d+ ", line)):
            print("    " + line.strip(), flush=True)


def run(options: argparse.Namespace) -> int:
    base = options.database_url
    if not base.startswith("postgres"):
        print("benchmarks.large needs PostgreSQL (DATABASE_URL=postgres://…)", file=sys.stderr)
        return 2
    scale = options.scale
    size = sizes(scale)
    name = f"{PREFIX}_s{scale}"
    template = f"{PREFIX}_template"
    skip = {s for s in options.skip.split(",") if s}
    table = Table()
    print(
        f"A whole municipality at scale {scale}: {size['documents']:,} documents, "
        f"{size['pages']:,} pages, {size['staff']:,} staff ({platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load {load()})",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-large-"))
    (work / "media").mkdir()
    try:
        if not options.reuse:
            psql(base, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            psql(base, f'CREATE DATABASE "{template}"')
            started = time.perf_counter()
            run_measured(
                manage("migrate", "--no-input", "-v", "0"), environment(base, template, work)
            )
            print(f"  (template migrated in {time.perf_counter() - started:.0f} s)", flush=True)
            psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            psql(base, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            psql(base, f'DROP DATABASE IF EXISTS "{template}"')
            measure_import(table, base, name, scale, work)
            measure_staff(table, base, name, scale, work)
            analyze(table, base, name)
        if "search" not in skip:
            measure_search(table, base, name, work)
        if "pages" not in skip:
            measure_pages(table, base, name, scale, work, options.profile)
        if "notice" not in skip:
            measure_notice(table, base, name, scale, work)
        if "linkcheck" not in skip:
            measure_linkcheck(table, base, scale)
        if "loadtest" not in skip:
            measure_loadtest(table, base, name, options.users, options.seconds)
    finally:
        if not options.keep:
            psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(work)], check=False)
    print()
    print(
        f"Scale {scale} ({size['documents']:,} documents, {size['staff']:,} staff), load {load()}"
    )
    table.print()
    return 0


def main() -> int:
    global PAGES, PREFIX, REDIS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "step", nargs="?", default="run", choices=["run", "staff", "search", "pages", "notice"]
    )
    parser.add_argument("--scale", type=int, default=100, help="1, 10 or 100 (the whole site)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument(
        "--skip", default="", help=f"measures to leave out: {','.join(MEASURES[1:])}"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the page views")
    parser.add_argument("--users", type=int, default=50, help="load test users")
    parser.add_argument("--seconds", type=int, default=60, help="load test duration")
    parser.add_argument("--staff", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=20, help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=int, help="process pages instead of 50 per scale unit")
    parser.add_argument(
        "--prefix", default=PREFIX, help=f"names of the run's databases (default {PREFIX}_*)"
    )
    parser.add_argument(
        "--redis", default=REDIS, help=f"Redis database of the run (default {REDIS})"
    )
    options = parser.parse_args()
    PAGES = options.pages
    PREFIX = options.prefix
    REDIS = options.redis
    if options.step == "staff":
        step_staff(options.staff, options.out)
    elif options.step == "search":
        step_search(options.out)
    elif options.step == "pages":
        step_pages(options.out, options.repeat, options.profile)
    elif options.step == "notice":
        step_notice(options.out, options.concurrency)
    else:
        return run(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
