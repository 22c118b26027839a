"""Import benchmark: `manage.py import_ledningssystem` as a municipality moving its system in
runs it, end to end in a subprocess, on a fresh PostgreSQL database.

For 1,000 documents with 100 pages and 10,000 documents with 1,000 pages it generates a
``ledningssystem/1`` file (documents with small PDF files, a few with an external address and
a few whose file is still missing; an area per 100 pages, process pages listing ten documents
each with text, risks and key figures), migrates a database of its own (once, as a template),
then prints the wall time and the peak memory (RSS) of the command, for the first import and
for the same file imported again (idempotent: nothing changes).

    python -m benchmarks.importing [--sizes 1000:100,10000:1000] [--database-url URL]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres names the
server; the databases it creates are ``bench_import_*`` (``--prefix``) and are dropped
afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks import timing

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "bench_import"
#: The broker the command queues its background work on (the text of the new files), as in
#: production; a Redis database of its own, emptied after each run (``--broker``: another one, so
#: that runs beside each other do not empty each other's). Without Redis the tasks run inline
#: (CELERY_TASK_ALWAYS_EAGER), which is not how a whole system is moved in.
BROKER = "redis://127.0.0.1:6379/14"

PDF = (
    b"%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%% document %d\ntrailer<</Root 1 0 R>>\n"
    b"%%%%EOF\n"
)
TYPES = ["rutin", "riktlinje", "blankett", "informationsmaterial"]
WORDS = [
    "hemtjänst",
    "nyckelhantering",
    "läkemedel",
    "dokumentation",
    "avvikelse",
    "samverkan",
    "biståndsbeslut",
    "insatsplan",
    "hygien",
    "delegering",
    "trygghetslarm",
    "genomförandeplan",
]


def document_entry(number: int, files: Path) -> dict:
    key = f"dok-{number:05d}"
    entry = {
        "key": key,
        "type": TYPES[number % len(TYPES)],
        "title": f"{WORDS[number % len(WORDS)].capitalize()} {number} – rutin för område "
        f"{number % 7 + 1}",
        "summary": f"Beskriver {WORDS[(number + 3) % len(WORDS)]} i vardagen.",
        "owner": f"Enhetschef område {number % 7 + 1}",
        "reviewed_by": "Ledningsgrupp Vård och omsorg",
        "approved_by": "Chef Vård och omsorg",
        "approved_on": "2024-05-28",
        "revised_on": None,
        "tags": [WORDS[number % len(WORDS)], WORDS[(number + 5) % len(WORDS)]],
        "workplaces": [f"omr-{number % 7 + 1}"],
    }
    if number % 20 == 7:
        entry["url"] = f"https://example.se/dokument/{key}.pdf"
    elif number % 20 != 13:  # every 20th document's file is still missing
        name = f"files/{key}.pdf"
        (files / name).write_bytes(PDF % number)
        entry["file"] = name
    return entry


def generate(documents: int, pages: int, directory: Path) -> Path:
    """A ledningssystem/1 file with `documents` documents and `pages` pages under directory."""
    (directory / "files").mkdir(parents=True, exist_ok=True)
    workplaces = [{"key": "vo", "name": "Vård och omsorg", "parent": None}] + [
        {"key": f"omr-{n}", "name": f"Hemtjänst område {n}", "parent": "vo"} for n in range(1, 8)
    ]
    docs = [document_entry(n, directory) for n in range(documents)]
    areas = max(1, pages // 100)
    processes = pages - 1 - areas
    entries: list[dict] = [
        {
            "type": "start",
            "path": "",
            "slug": "ledningssystem",
            "title": "Socialförvaltningens ledningssystem",
            "intro": "<p>Ledningssystemet för systematiskt kvalitetsarbete.</p>",
            "sections": [
                {
                    "heading": "Verksamhetsspecifika områden",
                    "links": [{"page": f"omrade-{a}"} for a in range(areas)],
                }
            ],
        }
    ]
    per_area = [[] for _ in range(areas)]
    for p in range(processes):
        per_area[p % areas].append(p)
    for a in range(areas):
        entries.append(
            {
                "type": "area",
                "path": f"omrade-{a}",
                "title": f"Verksamhetsområde {a}",
                "intro": "<p>Områdets processer.</p>",
                "groups": [
                    {
                        "heading": "Processer",
                        "links": [{"page": f"omrade-{a}/process-{p}"} for p in per_area[a]],
                    }
                ],
            }
        )
    for p in range(processes):
        a = p % areas
        first = (p * 10) % max(1, documents)
        listed = [f"dok-{(first + i) % documents:05d}" for i in range(min(10, documents))]
        by_type: dict[str, list[str]] = {}
        for key in listed:
            by_type.setdefault(TYPES[int(key[4:]) % len(TYPES)], []).append(key)
        body: list[dict] = [
            {"type": "text", "html": f"<p>Så arbetar vi med {WORDS[p % len(WORDS)]}.</p>"}
        ]
        for kind, keys in by_type.items():
            body.append(
                {
                    "type": "documents",
                    "heading": kind.capitalize(),
                    "document_type": kind,
                    "items": [{"document": key} for key in keys],
                }
            )
        body += [
            {
                "type": "risks",
                "rows": [{"risk": "Uppgifter saknas", "severity": 2, "likelihood": 2}],
            },
            {
                "type": "key_figures",
                "rows": [
                    {
                        "goal": "Nöjda brukare",
                        "figure": "Andel nöjda",
                        "target": "90 %",
                        "follow_up": "Årligen",
                    }
                ],
            },
            {
                "type": "related",
                "heading": "Relaterat material",
                "links": [{"page": f"omrade-{a}"}, {"url": "https://example.se/lathund"}],
            },
        ]
        entries.append(
            {
                "type": "process",
                "path": f"omrade-{a}/process-{p}",
                "title": f"Process {p}: {WORDS[p % len(WORDS)]}",
                "intro": "<p>Processens syfte.</p>",
                "page_owner": f"Enhetschef område {p % 7 + 1}",
                "process_kind": "karnprocess",
                "reviewed_by": "Ledningsgrupp",
                "approved_by": "Chef Vård och omsorg",
                "approved_on": "2024-05-28",
                "revised_on": None,
                "workplaces": [f"omr-{p % 7 + 1}"],
                "body": body,
            }
        )
    data = {
        "format": "ledningssystem/1",
        "workplaces": workplaces,
        "documents": docs,
        "pages": entries,
    }
    path = directory / "ledningssystem.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def psql(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def environment(base: str, name: str, media: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(base, name),
        DJANGO_SETTINGS_MODULE="intranet.settings.dev",
        MEDIA_ROOT=str(media),
        INTRANET_VAR_DIR=str(media.parent),
        CELERY_BROKER_URL=BROKER if redis_available() else "",
        REDIS_URL="",
    )
    return env


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(BROKER, socket_timeout=0.5).ping())
    except Exception:
        return False


def empty_broker() -> int:
    """Drop what the command queued (nobody consumes it here); returns the number of tasks."""
    if not redis_available():
        return 0
    import redis

    client = redis.Redis.from_url(BROKER)
    queued = client.llen("celery")
    client.flushdb()
    return queued


def run_command(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, output) of `manage.py args` in a subprocess
    of its own (the CPU time is the command's own, the database server's is not in it). Its RSS
    is sampled twice a second; the output ends with it at 10/25/50/75/100 % of the run (whether
    memory stays flat)."""
    result = timing.run_measured([sys.executable, "manage.py", *args], env, ROOT)
    samples, elapsed, output = result["samples"], result["wall"], result["output"]
    curve = [
        next((value for at, value in reversed(samples) if at <= share * elapsed), 0.0)
        for share in (0.1, 0.25, 0.5, 0.75, 1.0)
    ]
    output = (
        output
        + "\n(RSS at 10/25/50/75/100 %: "
        + " → ".join(f"{value:.0f}" for value in curve)
        + " MB)"
    )
    return elapsed, result["cpu"], result["peak"], output


def main() -> None:
    global BROKER
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000:100,10000:1000", help="documents:pages,…")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--no-rerun", action="store_true", help="skip the idempotent re-run")
    parser.add_argument("--prefix", default=PREFIX, help="names of the databases it creates")
    parser.add_argument("--broker", default=BROKER, help="Redis database emptied after each run")
    options = parser.parse_args()
    BROKER = options.broker
    base = options.database_url
    if not base.startswith("postgres"):
        print("benchmarks.importing: needs PostgreSQL (DATABASE_URL=postgres://…), skipped")
        return
    sizes = [tuple(int(n) for n in size.split(":")) for size in options.sizes.split(",")]
    print(
        f"Import of ledningssystem/1 on PostgreSQL ({platform.node()}, {os.cpu_count()} cores)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-import-") as workdir:
        work = Path(workdir)
        template = f"{options.prefix}_template"
        psql(base, f"DROP DATABASE IF EXISTS {template}")
        psql(base, f"CREATE DATABASE {template}")
        try:
            run_command(["migrate", "--no-input", "-v", "0"], environment(base, template, work))
            print("  (database migrated)", flush=True)
            for documents, pages in sizes:
                measure(base, work, template, documents, pages, not options.no_rerun)
        finally:
            psql(base, f"DROP DATABASE IF EXISTS {template}")


def report(label: str, seconds: float, cpu: float, rss: float, output: str) -> None:
    lines = output.splitlines()
    print(
        f"  {label:>28}: {seconds:7.1f} s (CPU {cpu:6.1f} s), peak RSS {rss:5.0f} MB, load "
        f"{os.getloadavg()[0]:.1f}   {lines[-2] if len(lines) > 1 else ''}\n"
        f"  {'':>28}  {lines[-1]}",
        flush=True,
    )


def measure(base: str, work: Path, template: str, documents: int, pages: int, rerun: bool) -> None:
    name = f"{template.removesuffix('_template')}_{documents}_{pages}"
    source = work / f"source-{documents}"
    media = work / f"var-{documents}" / "media"
    media.mkdir(parents=True)
    path = generate(documents, pages, source)
    psql(base, f"DROP DATABASE IF EXISTS {name}")
    psql(base, f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        env = environment(base, name, media)
        args = ["import_ledningssystem", str(path), "--files", str(source)]
        report(f"{documents:6,d} documents, {pages:5,d} pages", *run_command(args, env))
        queued = empty_broker()
        if queued:
            print(
                f"  {'':>28}  (text extraction of the new files handed to the worker in "
                f"{queued:,d} message(s), search.tasks.queue_text_extraction)"
            )
        if rerun:
            report("same file again", *run_command(args, env))
            empty_broker()
    finally:
        psql(base, f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
