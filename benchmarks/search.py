"""Search benchmark: pages and governed documents created through the import command, the
time to build the search index, and p50/p95 latency of 50 different queries — after the first
build and again after repeated re-indexing (a bloated table must not change the plan).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intranet python -m benchmarks.search

Runs on the test settings in a throwaway test database (TEST_DATABASE_NAME, default
test_intranet_bench_search). Options: --objects N (default 20000: half pages, half documents),
--reindex N (re-index rounds before the second measurement, default 2).

--relevance measures what staff get instead of how fast: the demo content (load_demo) indexed,
and the mean reciprocal rank (MRR) of the relevance set (tests/search/relevance.py) with the
queries whose expected answer is not where it should be.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import print_table, throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
os.environ.setdefault("TEST_DATABASE_NAME", "test_intranet_bench_search")

WORDS = tuple(
    " ".join(
        [
            "hemtjänst särskilt boende ekonomiskt bistånd riktlinje rutin handläggning utredning",
            "beslut insats brukare dokumentation genomförandeplan läkemedel delegering hygien",
            "trycksår fall demens anhörigstöd nyckelhantering arbetsmiljö riskbedömning avvikelse",
            "klagomål synpunkter kvalitet uppföljning egenkontroll socialtjänstlagen personal",
            "ledningssystem bemanning palliativ vård omsorg hälso sjukvård färdtjänst hembesök",
            "boendestöd missbruk barn unga familj placering orosanmälan våld relation budget",
            "försörjningsstöd hyra skuld arbete praktik rehabilitering hjälpmedel larm trygghet",
            "nattpatrull måltider städning tvätt inköp promenad social samvaro korttidsboende",
            "växelvård avlösning ledsagning kontaktperson",
        ]
    ).split(" ")
)
GLUE = tuple(
    [
        "och",
        "att",
        "som",
        "för",
        "med",
        "av",
        "på",
        "till",
        "i",
        "om",
        "när",
        "ska",
        "kan",
        "vid",
        "enligt",
        "inom",
    ]
)

QUERIES = (
    "hemtjänst", "särskilt boende", "ekonomiskt bistånd", "riktlinje", "rutiner",
    "handläggning", "utredningen", "beslut om insats", "brukare", "dokumentation",
    "genomförandeplanen", "läkemedel", "delegering", "hygienrutiner", "trycksår",
    "fall", "demens", "anhörigstöd", "nyckel", "arbetsmiljö", "riskbedömning",
    "avvikelser", "klagomål", "synpunkter", "kvalitet", "uppföljning", "egenkontroll",
    "SoL", "ledningssystem", "bemanning", "palliativ vård", "hälso- och sjukvård",
    "färdtjänst", "hembesök", "boendestöd", "missbruk", "barn och unga",
    "placering", "orosanmälan", "våld i nära relation", "försörjningsstöd",
    "rehabilitering", "hjälpmedel", "trygghetslarm", "nattpatrull", "korttidsboende",
    "växelvård", "ledsagning", "kontaktperson", "rutin hemtjänst nyckelhantering",
)  # fmt: skip


SYLLABLES = (
    "ba", "be", "bo", "bu", "da", "de", "do", "fa", "fe", "fo", "ga", "ge", "go", "ha", "he",
    "ho", "ja", "jo", "ka", "ke", "ko", "la", "le", "lo", "ma", "me", "mo", "na", "ne", "no",
    "pa", "pe", "po", "ra", "re", "ro", "sa", "se", "so", "ta", "te", "to", "va", "ve", "vo",
    "bra", "dro", "fli", "gra", "kla", "pla", "sko", "spe", "stra", "tro", "ån", "är", "öl", "ås",
    "äv", "ör", "al", "el", "il", "ol", "ul", "an", "en", "in", "on", "un", "ar", "er", "ir",
    "or", "ur",
)  # fmt: skip


class Vocabulary:
    """Words with a Zipf-like frequency, as real text has: stop words most common, then a long
    tail of 30,000 words; the words the queries use sit between ranks 40 and 3,000, so each
    is found in some tenths of a percent to some percent of the pages (as in real content)."""

    def __init__(self, rng: random.Random, size: int = 30_000):
        tail = set()
        while len(tail) < size:
            tail.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        ordered = sorted(tail)
        rng.shuffle(ordered)
        words = [*GLUE, *ordered]
        domain = list(WORDS)
        rng.shuffle(domain)
        for index, word in enumerate(domain):
            words.insert(40 + index * 40, word)
        self.words = words
        weights, total = [], 0.0
        for rank in range(len(words)):
            total += 1 / (rank + 2)
            weights.append(total)
        self.cumulative = weights
        self.rng = rng

    def sample(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def content(self, count: int) -> list[str]:
        """Words that are not stop words (titles)."""
        found: list[str] = []
        while len(found) < count:
            found += [w for w in self.sample(count * 3) if w not in GLUE]
        return found[:count]


def sentence(vocabulary: Vocabulary, length: int) -> str:
    return " ".join(vocabulary.sample(length)).capitalize() + "."


def build_file(objects: int, seed: int = 7) -> dict:
    """A ledningssystem/1 document: a start page, areas, process pages and documents."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    pages_wanted = objects // 2
    documents_wanted = objects - pages_wanted
    documents = []
    types = ["riktlinje", "rutin", "blankett", "informationsmaterial"]
    for number in range(documents_wanted):
        title = f"{rng.choice(['Rutin', 'Riktlinje', 'Blankett', 'Information'])} " + " ".join(
            vocabulary.content(rng.randint(2, 5))
        )
        documents.append(
            {
                "key": f"bench-dokument-{number}",
                "type": types[number % 4],
                "title": title.capitalize(),
                "summary": " ".join(sentence(vocabulary, rng.randint(8, 20)) for _ in range(3)),
                "url": f"https://dokument.example.se/{number}.pdf",
                "tags": rng.sample(WORDS[:30], 2),
            }
        )
    pages = [{"type": "start", "path": "", "slug": "bench", "title": "Ledningssystem (bench)"}]
    areas = 20
    for area in range(areas):
        pages.append({"type": "area", "path": f"omrade-{area}", "title": f"Område {area}"})
    for number in range(pages_wanted - areas - 1):
        body = "".join(f"<p>{sentence(vocabulary, rng.randint(15, 40))}</p>" for _ in range(6))
        pages.append(
            {
                "type": "process",
                "path": f"omrade-{number % areas}/process-{number}",
                "title": " ".join(vocabulary.content(rng.randint(2, 5))).capitalize(),
                "intro": f"<p>{sentence(vocabulary, rng.randint(10, 25))}</p>{body}",
            }
        )
    return {"format": "ledningssystem/1", "workplaces": [], "documents": documents, "pages": pages}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(user) -> tuple[float, float, float]:
    from search import services

    for query in QUERIES[:5]:  # warm-up
        services.search(user, query)
    times = []
    for query in QUERIES:
        started = time.perf_counter()
        services.search(user, query)
        times.append((time.perf_counter() - started) * 1000)
    if os.environ.get("BENCH_VERBOSE"):
        slowest = sorted(zip(times, QUERIES, strict=True), reverse=True)[:6]
        print("    slowest:", ", ".join(f"{q!r} {t:.0f} ms" for t, q in slowest))
    return statistics.median(times), percentile(times, 0.95), max(times)


def fill_index_directly(objects: int) -> int:
    """The same synthetic content written straight into the search index (no pages): for
    measuring queries when importing 20,000 objects would take too long on the machine."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from search import text
    from search.models import SearchEntry, SearchEntryTag

    data = build_file(objects)
    content_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    entries, tags = [], []
    for number, document in enumerate(data["documents"]):
        title, lead = document["title"], document["summary"]
        entries.append(
            SearchEntry(
                content_type=content_type,
                object_id=10_000_000 + number,
                kind=document["type"],
                title=title,
                url=f"/d/{number}/",
                lead=lead,
                compounds=text.compound_text([title, lead]),
                title_stems=text.stem_text(title),
                stems=text.stem_text(title + " " + lead),
            )
        )
        tags.append(document["tags"])
    for number, page in enumerate(data["pages"]):
        title, body = page["title"], text.plain_text(page.get("intro", ""))
        entries.append(
            SearchEntry(
                content_type=content_type,
                object_id=number,
                kind="sida",
                title=title,
                url=f"/p/{number}/",
                body=body,
                page_path=f"0001{number:08d}",
                compounds=text.compound_text([title, body]),
                title_stems=text.stem_text(title),
                stems=text.stem_text(title + " " + body),
            )
        )
        tags.append([])
    created = SearchEntry.objects.bulk_create(entries, batch_size=1000)
    SearchEntryTag.objects.bulk_create(
        [
            SearchEntryTag(entry=e, name=n)
            for e, names in zip(created, tags, strict=True)
            for n in names
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    return len(created)  # fmt: skip


def run_direct(objects: int) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    rows = []
    started = time.perf_counter()
    count = fill_index_directly(objects)
    rows.append(
        (f"index rows written directly ({count})", f"{time.perf_counter() - started:.1f} s")
    )
    user = get_user_model().objects.create_user("bench-search", password="bench-only-password")
    p50, p95, worst = measure(user)
    rows.append(
        ("50 queries, first 20 results", f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms")
    )
    if connection.vendor == "postgresql":
        for _round in (1, 2):
            with connection.cursor() as cursor:  # rewrite every row: a bloated table
                cursor.execute("UPDATE search_searchentry SET body = body || ' '")
        p50, p95, worst = measure(user)
        rows.append(
            (
                "after rewriting every row twice (bloat, no ANALYZE)",
                f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms",
            )
        )
        rows.append(("plan of the match (PostgreSQL)", uses_gin_index()))
    return rows


def run(objects: int, reindex_rounds: int) -> list[tuple[str, str]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from search import indexing

    rows: list[tuple[str, str]] = []
    directory = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        path = directory / "bench.json"
        path.write_text(json.dumps(build_file(objects), ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        # Wagtail's own index (the admin's search) is not what is measured here: its updates
        # on every save are switched off for the import (the site search indexes on publish).
        backends = {
            name: {**params, "AUTO_UPDATE": False}
            for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            call_command("import_ledningssystem", str(path), verbosity=0, stdout=io.StringIO())
        rows.append(("import (pages and documents)", f"{time.perf_counter() - started:.1f} s"))
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    started = time.perf_counter()
    count = indexing.rebuild()
    rows.append(
        (f"build the search index ({count} objects)", f"{time.perf_counter() - started:.1f} s")
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    user = get_user_model().objects.create_user("bench-search", password="bench-only-password")
    p50, p95, worst = measure(user)
    rows.append(
        ("50 queries, first 20 results", f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms")
    )
    for _ in range(reindex_rounds):
        started = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        rebuilt = time.perf_counter() - started
    if reindex_rounds:
        rows.append((f"re-index #{reindex_rounds + 1}", f"{rebuilt:.1f} s"))
        p50, p95, worst = measure(user)
        rows.append(
            (
                f"50 queries after {reindex_rounds} more re-indexings",
                f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms",
            )
        )
    if connection.vendor == "postgresql":
        rows.append(("plan of the match (PostgreSQL)", uses_gin_index()))
    return rows


def run_relevance() -> list[tuple[str, str]]:
    """The relevance set over the demo content, searched as the demo's member of staff."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tests.search import relevance

    call_command("load_demo", stdout=io.StringIO())
    call_command("rebuild_search_index", extract=True, verbosity=0)
    user = get_user_model().objects.get(username="medarbetare")
    started = time.perf_counter()
    mrr, outcomes = relevance.evaluate(user)
    elapsed = time.perf_counter() - started
    failing = [outcome for outcome in outcomes if not outcome.passed]
    rows = [
        (f"relevance set ({len(outcomes)} queries)", f"MRR {mrr:.3f}"),
        ("first answer ranked first", f"{sum(o.rank == 1 for o in outcomes)}"),
        ("expected answer below its rank", f"{len(failing)}"),
        ("time for the whole set", f"{elapsed:.1f} s"),
    ]
    for outcome in failing:
        rows.append((f"  {outcome.query!r}", f"rank {outcome.rank or '-'} (≤ {outcome.within})"))
    return rows


def uses_gin_index() -> str:
    """Whether PostgreSQL answers the match with the GIN index (EXPLAIN of a real query)."""
    from django.db import connection

    from search import services
    from search.engines import PostgresEngine

    parsed = services.parsed_query("särskilt boende")
    sql, params = PostgresEngine().tsquery(parsed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN SELECT id FROM search_searchentry WHERE search_vector @@ ({sql})", params
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "GIN index scan" if "search_entry_vector_gin" in plan else "NO INDEX: " + plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--objects", type=int, default=20000)
    parser.add_argument("--reindex", type=int, default=2)
    parser.add_argument(
        "--relevance",
        action="store_true",
        help="the MRR of the relevance set over the demo content instead of timings",
    )
    parser.add_argument(
        "--direct",
        action="store_true",
        help="write the content straight into the search index instead of importing it",
    )
    options = parser.parse_args(argv)

    import django
    import wagtail

    with throwaway_database():
        from django.db import connection

        if options.relevance:
            rows = run_relevance()
        elif options.direct:
            rows = run_direct(options.objects)
        else:
            rows = run(options.objects, options.reindex)
        content = (
            "the demo content" if options.relevance else f"{options.objects} pages and documents"
        )
        print_table(
            f"Search benchmark: Django {django.get_version()}, Wagtail {wagtail.__version__}, "
            f"{connection.vendor}, {content}",
            rows,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
