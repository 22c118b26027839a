"""Link-check benchmark: 1,000 links spread over 20 hosts (HTTP servers on 20 loopback
addresses, 127.0.0.11–127.0.0.30, each answering after a fixed latency of 100 ms), checked by
our checker and by Debian's LinkChecker in the same run, side by side.

The ideal for the per-host limit is 1,000 ÷ (20 hosts × 4 per host) × 100 ms ≈ 1.25 s. Goal:
within 2× that ideal, and at least 10× faster than LinkChecker. Not a test: run it on its own,

    python -m benchmarks.linkcheck [--links 1000] [--hosts 20] [--latency 0.1]

The server farm runs in a process of its own, so that serving does not share the checker's
interpreter. ``benchmarks/setup.sh`` installs LinkChecker (``make bench`` runs it first).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")


def serve_farm(hosts: list[str], latency: float, ready, stop) -> None:
    from tests.linkcheck.servers import LinkServer

    servers = [LinkServer(host, latency=latency) for host in hosts]
    for server in servers:
        server.__enter__()
    ready.put([(server.host, server.port) for server in servers])
    stop.wait()
    total = sum(len(server.stats.hits) for server in servers)
    for server in servers:
        server.__exit__(None, None, None)
    ready.put(total)


def run_ours(urls: list[str], per_host: int) -> tuple[float, dict]:
    import django

    django.setup()
    from intranet.ledning import conf
    from intranet.ledning.linkcheck.http import CheckConfig, check_urls

    config = CheckConfig(
        concurrency=int(conf.get("LINKCHECK_CONCURRENCY")),
        per_host=per_host,
        host_interval=float(conf.get("LINKCHECK_HOST_INTERVAL")),
    )
    started = time.perf_counter()
    results = check_urls(urls, config)
    elapsed = time.perf_counter() - started
    verdicts: dict[str, int] = {}
    for result in results.values():
        verdict = str(result.verdict.value if hasattr(result.verdict, "value") else result.verdict)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    return elapsed, verdicts


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--linkchecker-timeout", type=float, default=600)
    args = parser.parse_args()

    hosts = [f"127.0.0.{11 + n}" for n in range(args.hosts)]
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    farm = context.Process(target=serve_farm, args=(hosts, args.latency, ready, stop))
    farm.start()
    try:
        addresses = ready.get(timeout=60)
        urls = [
            f"http://{host}:{port}/ok?lank={n}"
            for n in range(args.links)
            for host, port in [addresses[n % len(addresses)]]
        ]
        ideal = args.links / (args.hosts * args.per_host) * args.latency
        ours, verdicts = run_ours(urls, args.per_host)
        theirs, note = run_linkchecker(urls, args.linkchecker_timeout)
    finally:
        stop.set()
        requests = ready.get(timeout=60)
        farm.join(30)

    print(
        f"Link check: {args.links} links on {args.hosts} hosts (loopback), "
        f"{args.latency * 1000:.0f} ms per response, {args.per_host} per host "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores)"
    )
    print(f"  ideal for the per-host limit     {ideal:7.2f} s")
    print(
        f"  ours (httpx, asyncio)            {ours:7.2f} s   {ours / ideal:4.2f}× ideal   "
        f"verdicts {verdicts}"
    )
    if theirs is None:
        print(f"  LinkChecker                      n/a       {note}")
    else:
        print(
            f"  LinkChecker (Debian, defaults)   {theirs:7.2f} s   {theirs / ours:5.1f}× ours"
            f"   ({note})"
        )
    print(f"  requests served                  {requests}")
    goal = ours <= 2 * ideal and (theirs is None or theirs >= 10 * ours)
    print(f"  goal (≤ 2× ideal, ≥ 10× faster than LinkChecker): {'met' if goal else 'NOT met'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
