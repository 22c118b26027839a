"""Link-check benchmark, as users run it: ``python manage.py check_links --json FILE`` from start
to exit, on a PostgreSQL database of its own whose process pages hold the links, beside Debian's
LinkChecker on the same addresses in the same run.

The links are spread over HTTP servers on loopback addresses (127.0.0.11 upwards), each answering
after a fixed latency (100 ms by default). The ideal for the per-host limit is
links ÷ (hosts × 4 per host) × latency, e.g. 1,000 ÷ (20 × 4) × 100 ms = 1.25 s. Goal: the
command within 2× that ideal, and at least 10× faster than LinkChecker. Not a test: run it on its
own (``make bench`` runs 1,000 links on 20 hosts, then 10,000 on 50)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intranet \
        python -m benchmarks.linkcheck [--links 1000] [--hosts 20] [--latency 0.1]

The database (``intranet_bench_linkcheck``) is dropped and created, migrated and filled through
the import (``import_ledningssystem``), as an administrator would; neither step is timed. The
server farm runs in a process of its own, so that serving does not share the checker's CPU.
``benchmarks/setup.sh`` installs LinkChecker (``make bench`` runs it first).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "intranet_bench_linkcheck"
LINKS_PER_PAGE = 50
PORT = 18080


def serve_farm(hosts: list[str], latency: float, ready, stop, port: int = PORT) -> None:
    from tests.linkcheck.servers import LinkServer

    # One fixed port on every loopback address, so that a kept database (--keep, --reuse)
    # still names the servers of the next run.
    servers = [LinkServer(host, latency=latency, port=port) for host in hosts]
    for server in servers:
        server.__enter__()
    ready.put([(server.host, server.port) for server in servers])
    stop.wait()
    total = sum(len(server.stats.hits) for server in servers)
    for server in servers:
        server.__exit__(None, None, None)
    ready.put(total)


def site_file(urls: list[str]) -> dict:
    """A ledningssystem/1 file: a start page, one area and process pages whose "related" blocks
    hold the links, LINKS_PER_PAGE each."""
    pages: list[dict] = [
        {"type": "start", "path": "", "slug": "ledningssystem", "title": "Ledningssystem"},
        {"type": "area", "path": "omrade", "title": "Område"},
    ]
    for number, start in enumerate(range(0, len(urls), LINKS_PER_PAGE), start=1):
        links = [
            {"url": url, "text": f"Länk {start + offset}"}
            for offset, url in enumerate(urls[start : start + LINKS_PER_PAGE])
        ]
        pages.append(
            {
                "type": "process",
                "path": f"omrade/process-{number}",
                "title": f"Process {number}",
                "intro": "<p>Länkar till andra webbplatser.</p>",
                "body": [{"type": "related", "heading": "Länkar", "links": links}],
            }
        )
    return {"format": "ledningssystem/1", "workplaces": [], "documents": [], "pages": pages}


def database_url(server_url: str, name: str | None) -> str:
    parsed = urlparse(server_url)
    return urlunparse(parsed._replace(path=f"/{name or 'postgres'}"))


def recreate_database(server_url: str, name: str = DATABASE_NAME) -> str:
    with psycopg.connect(database_url(server_url, None), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url(server_url, name)


def forget_verdicts(server_url: str, name: str = DATABASE_NAME) -> str:
    """The kept database, with no link known yet: the next check is a first check."""
    url = database_url(server_url, name)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("TRUNCATE ledning_link, ledning_linkplace, ledning_linkcheckrun CASCADE")
    return url


def drop_database(server_url: str, name: str = DATABASE_NAME) -> None:
    with psycopg.connect(database_url(server_url, None), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(
    env: dict[str, str], *arguments: str, python: list[str] | None = None
) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, *(python or []), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        sys.stderr.write(completed.stdout + completed.stderr)
        completed.check_returncode()
    return completed


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(
    env: dict[str, str], out: Path, profile: str | None = None
) -> tuple[float, float, dict[str, int], str]:
    """``check_links --json out`` in a process of its own, timed from start to exit (wall
    clock, and the CPU time it used: the figure a busy machine changes least)."""
    cpu = cpu_of_children()
    started = time.perf_counter()
    profiler = ["-m", "cProfile", "-o", profile] if profile else []
    completed = manage(env, "check_links", "--json", str(out), "--verbosity", "1", python=profiler)
    elapsed = time.perf_counter() - started
    cpu = cpu_of_children() - cpu
    verdicts: dict[str, int] = {}
    for row in json.loads(out.read_text(encoding="utf-8")):
        verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
    return elapsed, cpu, verdicts, completed.stdout.strip().splitlines()[-1]


def run_linkchecker(urls: list[str], timeout: float) -> tuple[float | None, str]:
    executable = shutil.which("linkchecker")
    if executable is None:
        return None, "not installed (run benchmarks/setup.sh)"
    with tempfile.TemporaryDirectory(prefix="linkchecker-") as home:
        env = {**os.environ, "HOME": home}
        started = time.perf_counter()
        try:
            completed = subprocess.run(
                [executable, "--recursion-level=0", "--no-status", "--output=none", "--stdin"],
                input="\n".join(urls) + "\n",
                capture_output=True,
                text=True,
                env=env,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None, f"did not finish within {timeout:.0f} s"
        elapsed = time.perf_counter() - started
    note = f"exit status {completed.returncode}"
    if completed.returncode not in (0, 1):
        note += ": " + (completed.stderr.strip().splitlines() or [""])[-1][:200]
    return elapsed, note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--linkchecker-timeout", type=float, default=600)
    parser.add_argument("--no-linkchecker", action="store_true", help="only our command")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the database a --keep run left (same --links and --hosts); forget its verdicts",
    )
    parser.add_argument("--profile", metavar="FILE", help="run the command under cProfile")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run the command N times; report the median"
    )
    parser.add_argument(
        "--database", default=DATABASE_NAME, help="the database it creates (and drops)"
    )
    parser.add_argument(
        "--port", type=int, default=PORT, help="the servers' port on every loopback address"
    )
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intranet")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print(
            "The link-check benchmark needs PostgreSQL: DATABASE_URL=postgres://…", file=sys.stderr
        )
        return 2

    hosts = [f"127.0.0.{11 + n}" for n in range(args.hosts)]
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    farm = context.Process(target=serve_farm, args=(hosts, args.latency, ready, stop, args.port))
    farm.start()
    workdir = Path(tempfile.mkdtemp(prefix="intranet-bench-linkcheck-"))
    try:
        addresses = ready.get(timeout=60)
        urls = [
            f"http://{host}:{port}/ok?lank={n}"
            for n in range(args.links)
            for host, port in [addresses[n % len(addresses)]]
        ]
        database = (
            forget_verdicts(server_url, args.database)
            if args.reuse
            else recreate_database(server_url, args.database)
        )
        # As installed (pip, the Docker image), modules come from cached bytecode: a shell that
        # sets PYTHONDONTWRITEBYTECODE would otherwise time compiling ~180 modules (1.7 s).
        env = {
            **{
                name: value
                for name, value in os.environ.items()
                if name != "PYTHONDONTWRITEBYTECODE"
            },
            "DJANGO_SETTINGS_MODULE": "intranet.settings.dev",
            "DATABASE_URL": database,
            "INTRANET_VAR_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "CELERY_BROKER_URL": "",
            "REDIS_URL": "",
        }
        prepared = time.perf_counter()
        if not args.reuse:
            manage(env, "migrate", "--no-input", "--verbosity", "0")
            data = workdir / "site.json"
            data.write_text(json.dumps(site_file(urls), ensure_ascii=False), encoding="utf-8")
            manage(env, "import_ledningssystem", str(data), "--verbosity", "0")
        manage(env, "check", "--verbosity", "0")  # writes the bytecode cache, untimed
        prepared = time.perf_counter() - prepared

        ideal = args.links / (args.hosts * args.per_host) * args.latency
        # On a shared machine one figure is one draw: --repeat N runs the command N times (each
        # a first check: the verdicts are forgotten in between) and reports the median.
        runs = []
        for number in range(max(1, args.repeat)):
            if number:
                forget_verdicts(server_url, args.database)
            runs.append(run_command(env, workdir / "links.json", args.profile))
            print(
                f"  run {number + 1}: {runs[-1][0]:.2f} s, CPU {runs[-1][1]:.2f} s "
                f"(load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        ours, cpu, verdicts, summary = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
        if args.no_linkchecker:
            theirs, note = None, "not run (--no-linkchecker)"
        else:
            theirs, note = run_linkchecker(urls, args.linkchecker_timeout)
    finally:
        stop.set()
        requests = ready.get(timeout=60)
        farm.join(30)
        if not (args.keep or args.reuse):
            drop_database(server_url, args.database)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"Link check as users run it: {args.links} links in "
        f"{-(-args.links // LINKS_PER_PAGE)} process pages, on {args.hosts} hosts (loopback), "
        f"{args.latency * 1000:.0f} ms per response, {args.per_host} per host "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores; database migrated and imported in {prepared:.0f} s, untimed)"
    )
    print(f"  ideal for the per-host limit       {ideal:7.2f} s")
    median = f" (median of {len(runs)})" if len(runs) > 1 else ""
    print(
        f"  check_links --json, start to exit  {ours:7.2f} s   {ours / ideal:4.2f}× ideal   "
        f"verdicts {verdicts}{median}"
    )
    print(f"    CPU time of the command          {cpu:7.2f} s   (with its HTTP process)")
    print(f"    the command's own summary: {summary}")
    if theirs is None:
        print(f"  LinkChecker                        n/a       {note}")
    else:
        print(
            f"  LinkChecker (Debian, defaults)     {theirs:7.2f} s   {theirs / ours:5.1f}× ours"
            f"   ({note})"
        )
    print(f"  requests served                    {requests}")
    goal = ours <= 2 * ideal and (theirs is None or theirs >= 10 * ours)
    print(f"  goal (≤ 2× ideal, ≥ 10× faster than LinkChecker): {'met' if goal else 'NOT met'}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
