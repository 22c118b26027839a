"""Load test: the site on the production settings under gunicorn, PostgreSQL and Redis on
loopback, 50 staff members browsing at once.

1. A database of its own (DATABASE_URL's server, database "intranet_loadtest", dropped and
   created again): migrations, the demo content (load_demo) and 1,000 generated process pages
   (each listing five governed documents), 50 users.
2. gunicorn with docker/gunicorn.conf.py (WEB_CONCURRENCY processes, default 2 × cores + 1)
   on the production settings, static files collected as in the Docker image.
3. 50 users log in through the login form and for 60 seconds browse: the start pages (HEM and
   the management system's), process pages, document index pages (A–Ö), search (/sok/?q=) and
   the bookmark star (POST, JSON), each waiting a think time between requests.

Reports requests per second, p50/p95/p99 latency per kind of request and overall, and errors
(anything but the expected status). The goal: zero errors, p95 ≤ 300 ms on a 2-core machine.
The load generator runs on the same machine and shares its cores.

Usage: python -m benchmarks.loadtest [--users 50] [--seconds 60] [--pages 1000] [--think 1.0]
       [--workers N] [--keep]     (make loadtest)
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_NAME = "intranet_loadtest"
PASSWORD = "Lasttest-lösen-2026"
USERNAME = "lasttest{:02d}"
SEARCH_TERMS = [
    "hemtjänst",
    "riktlinje",
    "genomförandeplan",
    "klagomål",
    "dokumentation",
    "nyckelhantering",
    "avvikelse",
    "biståndsbeslut",
]
# The mix of one user's requests (weights).
MIX = {
    "hem": 10,
    "startsida": 10,
    "processsida": 40,
    "dokumentsida": 15,
    "sök": 15,
    "bokmärke": 10,
}
EXPECTED_STATUS = {"bokmärke": 200}


# --- preparing the database (runs in a subprocess on the dev settings) ----------------------------


def prepare(pages: int, users: int, out: Path, existing: bool = False) -> None:
    """Migrate, load the demo, add `pages` process pages and `users` users; write the URLs.
    With `existing`, only the users on a site built already (benchmarks.large)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from wagtail.models import Page

    from intranet.ledning.models import (
        AreaPage,
        DocumentIndexPage,
        GovernedDocument,
        ProcessPage,
        StartPage,
    )
    from tests.conftest import index_objects, indexing_deferred, process_page_with_documents

    if not existing:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())

    areas = list(AreaPage.objects.live().order_by("path"))
    rng = random.Random(2026)
    started = time.perf_counter()
    created = []
    documents = [] if existing else list(GovernedDocument.objects.live().order_by("pk"))
    with indexing_deferred():
        for number in range(0 if existing else pages):
            parent = areas[number % len(areas)]
            listed = rng.sample(documents, k=min(5, len(documents)))
            created.append(
                process_page_with_documents(
                    parent,
                    listed,
                    title=f"Process {number + 1:04d}: {rng.choice(SEARCH_TERMS)}",
                    intro=f"<p>Genererad process nummer {number + 1} för lasttestet.</p>",
                )
            )
    index_objects(created)
    generated_seconds = time.perf_counter() - started

    hashed = make_password(PASSWORD)
    user_model = get_user_model()
    for number in range(1, users + 1):
        user_model.objects.update_or_create(
            username=USERNAME.format(number),
            defaults={"password": hashed, "first_name": f"Testare {number}", "is_active": True},
        )

    def urls(queryset) -> list[str]:
        return [page.url for page in queryset.live().order_by("path")]

    process_pages = ProcessPage.objects.live()
    data = {
        "start": urls(StartPage.objects.all()),
        "process": urls(process_pages),
        "document_index": urls(DocumentIndexPage.objects.all()),
        "star_pages": list(process_pages.order_by("path").values_list("pk", flat=True)[:200]),
        "pages": Page.objects.count(),
        "process_pages": process_pages.count(),
        "documents": GovernedDocument.objects.live().count(),
        "generated_seconds": generated_seconds,
    }
    out.write_text(json.dumps(data), encoding="utf-8")


def recreate_database(url: str, name: str = DATABASE_NAME) -> str:
    """Drop and create the load test's database on DATABASE_URL's server; its URL."""
    import psycopg

    parsed = urlparse(url)
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def drop_database(url: str, name: str = DATABASE_NAME) -> None:
    import psycopg

    parsed = urlparse(url)
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the users ---------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies[kind].append(seconds * 1000)
        if error:
            self.errors[kind].append(error)


def cookie_values(response) -> dict[str, str]:
    values = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        values[name] = rest.split(";", 1)[0]
    return values


class Staff:
    """One member of staff with a browser of their own (connections kept alive, cookies)."""

    def __init__(self, client, username: str, site: dict, rng: random.Random, search: bool):
        self.client = client
        self.username = username
        self.site = site
        self.rng = rng
        self.search = search
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    async def log_in(self) -> None:
        form = await self.client.get("/logga-in/")
        form.raise_for_status()
        self.cookies.update(cookie_values(form))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = await self.client.post(
            "/logga-in/",
            data={"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            headers={**self.cookie_header, "Referer": f"{self.client.referer}/logga-in/"},
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in: {response.status_code}")
        self.cookies.update(cookie_values(response))

    def next_request(self) -> tuple[str, str, str, dict | None]:
        kinds = [kind for kind in MIX if self.search or kind != "sök"]
        kind = self.rng.choices(kinds, weights=[MIX[kind] for kind in kinds])[0]
        if kind == "hem":
            return kind, "GET", "/", None
        if kind == "startsida":
            return kind, "GET", self.rng.choice(self.site["start"]), None
        if kind == "processsida":
            return kind, "GET", self.rng.choice(self.site["process"]), None
        if kind == "dokumentsida":
            return kind, "GET", self.rng.choice(self.site["document_index"]), None
        if kind == "sök":
            return kind, "GET", f"/sok/?q={self.rng.choice(SEARCH_TERMS)}", None
        page = self.rng.choice(self.site["star_pages"][:10])
        return kind, "POST", "/bokmarken/", {"page": str(page), "next": "/"}

    async def browse(self, until: float, think: float, results: Results) -> None:
        while time.monotonic() < until:
            kind, method, url, data = self.next_request()
            headers = self.cookie_header
            if method == "POST":
                headers = {
                    **headers,
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Referer": f"{self.client.referer}/",
                    "Accept": "application/json",
                }
            started = time.perf_counter()
            error = None
            try:
                response = await self.client.request(method, url, data=data, headers=headers)
                if response.status_code != EXPECTED_STATUS.get(kind, 200):
                    error = f"{response.status_code} {method} {url}"
            except Exception as exception:
                error = f"{type(exception).__name__} {method} {url}"
            results.add(kind, time.perf_counter() - started, error)
            if think > 0:
                await asyncio.sleep(self.rng.uniform(0.5 * think, 1.5 * think))


async def run_users(
    base_url: str,
    host: str,
    site: dict,
    users: int,
    seconds: float,
    think: float,
    search: bool,
    cpu_seconds: Callable[[], float],
) -> tuple[Results, float, float, float]:
    """(results, seconds browsed, seconds the logins took, site CPU seconds while browsing)."""
    import httpx

    rng = random.Random(8)
    clients = []
    staff = []
    for number in range(1, users + 1):
        client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Host": host, "X-Forwarded-Proto": "https"},
            timeout=60,
            follow_redirects=False,
        )
        client.referer = f"https://{host}"
        clients.append(client)
        staff.append(
            Staff(client, USERNAME.format(number), site, random.Random(rng.random()), search)
        )
    login_started = time.perf_counter()
    for batch in range(0, users, 10):
        await asyncio.gather(*(person.log_in() for person in staff[batch : batch + 10]))
    login_seconds = time.perf_counter() - login_started

    results = Results()
    until = time.monotonic() + seconds
    started = time.perf_counter()
    cpu_before = cpu_seconds()
    await asyncio.gather(*(person.browse(until, think, results) for person in staff))
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    for client in clients:
        await client.aclose()
    return results, elapsed, login_seconds, cpu


def process_tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU seconds of a process and its children (gunicorn's master and workers),
    from /proc: what the site itself costs, whatever else runs on the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid == root_pid or parent == root_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# --- report ------------------------------------------------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(results: Results, elapsed: float) -> tuple[list[str], dict]:
    lines = [
        f"{'':14} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}"
    ]
    everything: list[float] = []
    error_count = 0
    for kind in [*MIX, *[k for k in results.latencies if k not in MIX]]:
        times = sorted(results.latencies.get(kind, []))
        if not times:
            continue
        everything.extend(times)
        errors = len(results.errors.get(kind, []))
        error_count += errors
        lines.append(
            f"{kind:14} {len(times):9d} {len(times) / elapsed:7.1f} {percentile(times, 0.5):8.0f} "
            f"{percentile(times, 0.95):8.0f} {percentile(times, 0.99):8.0f} {times[-1]:8.0f} "
            f"{errors:7d}"
        )
    everything.sort()
    summary = {
        "requests": len(everything),
        "rps": len(everything) / elapsed,
        "p50": percentile(everything, 0.5),
        "p95": percentile(everything, 0.95),
        "p99": percentile(everything, 0.99),
        "mean": statistics.fmean(everything) if everything else 0.0,
        "errors": error_count,
    }
    lines.append(
        f"{'alla':14} {summary['requests']:9d} {summary['rps']:7.1f} {summary['p50']:8.0f} "
        f"{summary['p95']:8.0f} {summary['p99']:8.0f} "
        f"{(everything[-1] if everything else 0):8.0f} {error_count:7d}"
    )
    return lines, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default=DATABASE_NAME, help="the database's name")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="browse a site already in --database (only the users are added; kept afterwards)",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/13", help="the site's cache and broker"
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.command == "prepare":
        prepare(args.pages, args.users, args.out, args.existing)
        return 0

    from tests.production.server import HOST_NAME, collect_static, gunicorn, production_env

    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intranet")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print("The load test needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    if args.existing:
        database = urlunparse(urlparse(server_url)._replace(path=f"/{args.database}"))
    else:
        database = recreate_database(server_url, args.database)
    workdir = Path(tempfile.mkdtemp(prefix="intranet-loadtest-"))
    try:
        content = "" if args.existing else f"migrations, demo content, {args.pages} process pages, "
        print(f"Database {args.database}: {content}{args.users} users …", flush=True)
        started = time.perf_counter()
        site_file = workdir / "site.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.loadtest",
                "prepare",
                "--pages",
                str(args.pages),
                "--users",
                str(args.users),
                "--out",
                str(site_file),
                *(["--existing"] if args.existing else []),
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "intranet.settings.dev",
                "DATABASE_URL": database,
                "INTRANET_VAR_DIR": str(workdir / "var"),
                "MEDIA_ROOT": str(workdir / "media"),
                "CELERY_BROKER_URL": "",
                "REDIS_URL": "",
            },
            check=True,
        )
        site = json.loads(site_file.read_text(encoding="utf-8"))
        print(
            f"  ready in {time.perf_counter() - started:.0f} s: {site['pages']} pages, "
            f"{site['process_pages']} process pages, {site['documents']} documents "
            + (
                ""
                if args.existing
                else f" ({args.pages} pages generated in {site['generated_seconds']:.0f} s)"
            ),
            flush=True,
        )

        env = production_env(
            database,
            REDIS_URL=args.redis,
            CELERY_BROKER_URL=args.redis,
            CACHE_KEY_PREFIX=f"loadtest-{uuid.uuid4().hex}",
            MEDIA_ROOT=str(workdir / "media"),
            INTRANET_VAR_DIR=str(workdir / "var"),
            LOG_LEVEL="ERROR",
        )
        collect_static(env)
        workers = args.workers or (os.cpu_count() or 1) * 2 + 1
        with gunicorn(env, workers=workers, threads=args.threads) as server:
            with server.client() as client:
                search = client.get("/sok/").status_code in {200, 302}
            results, elapsed, login_seconds, server_cpu = asyncio.run(
                run_users(
                    server.url,
                    HOST_NAME,
                    site,
                    args.users,
                    args.seconds,
                    args.think,
                    search,
                    lambda: process_tree_cpu_seconds(server.process.pid),
                )
            )
            log = server.log()
        lines, summary = report(results, elapsed)
    finally:
        if not (args.keep or args.existing):
            drop_database(server_url, args.database)
        subprocess.run(["rm", "-rf", str(workdir)], check=False)

    print()
    print(
        f"Load test: {args.users} users, {elapsed:.0f} s, think time {args.think:.1f} s "
        f"(mean), gunicorn {workers} processes × {args.threads} threads, production settings, "
        f"PostgreSQL and Redis on loopback"
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load generator on the same cores"
    )
    print(f"Logins: {args.users} in {login_seconds:.1f} s (PBKDF2, outside the measured time)")
    browse_requests = sum(len(times) for times in results.latencies.values())
    if browse_requests:
        print(
            f"Site CPU while browsing (gunicorn's processes): {server_cpu:.1f} s, "
            f"{server_cpu * 1000 / browse_requests:.1f} ms per request"
        )
    with open("/proc/loadavg") as loadavg:
        print(f"Load average after the run: {' '.join(loadavg.read().split()[:3])}")
    if not search:
        print("Search (/sok/) is not there: left out of the mix.")
    print()
    for line in lines:
        print("  " + line)
    print()
    for kind, errors in results.errors.items():
        for error in sorted(set(errors))[:5]:
            print(f"  error ({kind}): {error} × {errors.count(error)}")
    if summary["errors"]:
        tail = "\n".join(log.splitlines()[-20:])
        print(f"\nLast lines of gunicorn's log:\n{tail}")
    goal = summary["errors"] == 0 and summary["p95"] <= 300
    print(
        f"Goal (0 errors, p95 ≤ 300 ms): {'met' if goal else 'NOT met'} — "
        f"{summary['rps']:.1f} req/s, p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms, "
        f"{summary['errors']} errors"
    )
    return 0 if goal else 1


if __name__ == "__main__":
    sys.exit(main())
