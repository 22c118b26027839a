"""Search engines behind search.services.search: both answer the same question (ranked ids,
total and facet counts of the visible entries matching a parsed query).

- PostgresEngine: the weighted `tsvector` column `search_vector` (title A, lead and tags B,
  body C, file text and compound parts D; `swedish` configuration) with its GIN index. The
  match is one `search_vector @@ tsquery` that the index answers; one statement over the hits
  returns their counts, the kind and tag facets and the best SEARCH_RANK_CANDIDATES by the rank
  of the small `head_vector` (title and lead), which alone are ranked on their whole text.
- StemEngine (SQLite and anything else): Snowball stems in `stems`, prefix-matched with LIKE,
  ranked in Python. Meant for the embedded default and tests, not for 20,000 pages.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import BooleanField, Count, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from . import conf, text
from .models import SearchEntry, SearchEntryTag
from .query import ParsedQuery
from .text import STOP_WORDS, root, stem

TS_CONFIG = "swedish"


@contextmanager
def index_scans() -> Iterator[None]:
    """PostgreSQL: answer the match from the GIN index, never by reading every row.

    The planner does not count the cost of reading each row's (toasted) tsvector, so for a
    word in a few thousand of 20,000 rows it picks a sequential scan that is 30 times slower
    than the index (146 ms against 4.5 ms, measured). Sequential scans are switched off for
    the search's own statements, in a transaction of their own (inside a caller's transaction,
    on again after them)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:  # SET LOCAL ends with this transaction
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield
            return
        cursor.execute("SELECT current_setting('enable_seqscan')")
        previous = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


# News are timely notes about the lasting content (pages, governed documents): ranked a little
# below it when both match as well.
NEWS_FACTOR = 0.8

# What a result's kind adds to its score: a page (a process, an area, a list of documents)
# first, then governed documents by type, then news.
KIND_WEIGHTS = {
    "sida": 6.0,
    "riktlinje": 4.0,
    "rutin": 3.0,
    "blankett": 2.0,
    "informationsmaterial": 1.0,
    "nyhet": 0.0,
}
# Content past its review date ranks a little lower, never out of the list.
STALE_FACTOR = 0.9


def _title_words(title: str) -> list[str]:
    return [word for word in text.words(title) if word not in STOP_WORDS]


def _whole(word: str, title_stems: set[str], title_words: set[str]) -> bool:
    """A word of the title in some inflection: the same stem, or the title's word with an
    ending of at most three letters ("hemtjänstmappen" for "Hemtjänstmap")."""
    if word in title_words or stem(word) in title_stems or match_key(word) in title_stems:
        return True
    return any(
        len(title_word) >= 6 and word.startswith(title_word) and len(word) - len(title_word) <= 3
        for title_word in title_words
    )


@lru_cache(maxsize=100_000)
def _form_of(word: str, title_word: str) -> bool:
    """Whether a query word is this word of a title in some inflection (_whole for one word of
    the title; the ranking asks it of the same pairs for hundreds of candidates)."""
    return _whole(word, {stem(title_word)}, {title_word})


@lru_cache(maxsize=1_000)
def _raw_words(raw: str) -> list[str]:
    """The words of a query as typed (the ranking compares them with every candidate's title)."""
    return text.words(raw)


def title_match(parsed: ParsedQuery, title: str) -> tuple[float, float]:
    """(how the title carries the query, how much of the title the query covers).

    The first is 40 for the query as the whole title, 20 when every clause is a word of the
    title (in any inflection: "riktlinjerna" in "Riktlinjer för …"), 10 when every clause
    starts a word of it (a compound: "nyckel" in "Nyckelhantering"), less for some of them; a
    word only inside a compound ("map" in "Hemtjänstmap") or in a tag, the summary or the file
    counts for nothing here."""
    found = _title_words(title)
    if not found or parsed.is_empty:
        return 0.0, 0.0
    if _raw_words(parsed.raw) == text.words(title):
        return 40.0, 1.0
    # The title's words each query word is a form of, and those it starts: worked out once a
    # word (the ranking asks this of hundreds of candidates a search).
    forms: dict[str, list[str]] = {}
    starts: dict[str, list[str]] = {}

    def forms_of(word: str) -> list[str]:
        if word not in forms:
            forms[word] = [w for w in found if _form_of(word, w)]
        return forms[word]

    def started_by(word: str) -> list[str]:
        if word not in starts:
            key = match_key(word)
            starts[word] = [w for w in found if w.startswith(key)]
        return starts[word]

    whole = prefix = 0
    covered: set[str] = set()
    for clause in parsed.clauses:
        clause_whole = clause_prefix = False
        for alternative in clause.alternatives:
            content = [word for word in alternative if word not in STOP_WORDS]
            if not content:
                continue
            if all(forms_of(word) for word in content):
                clause_whole = True
                for word in content:
                    covered.update(forms_of(word))
            elif all(started_by(word) for word in content):
                clause_prefix = True
                for word in content:
                    covered.update(started_by(word))
        whole += clause_whole
        prefix += clause_whole or clause_prefix
    clauses = len(parsed.clauses)
    fit = len(covered) / len(found)
    if whole == clauses:
        return 20.0, fit
    if prefix == clauses:
        return 10.0, fit
    return 5.0 * prefix / clauses, fit


def is_stale(metadata: dict, today: datetime.date | None = None) -> bool:
    """Past its review date: its last revision or approval longer ago than
    SEARCH_REVIEW_INTERVAL_MONTHS."""
    days = [metadata.get(name) for name in ("revised_on", "approved_on", "reviewed_on")]
    days = [day for day in days if day]
    if not days:
        return False
    try:
        last = datetime.date.fromisoformat(max(days)[:10])
    except ValueError:
        return False
    months = int(conf.get("REVIEW_INTERVAL_MONTHS"))
    today = today or datetime.date.today()
    elapsed = (today.year - last.year) * 12 + today.month - last.month
    return elapsed > months or (elapsed == months and today.day > last.day)


def score(
    parsed: ParsedQuery,
    title: str,
    kind: str,
    metadata: dict,
    text_rank: float,
    similarity: float = 0.0,
) -> float:
    """A hit's place in the results: how its title carries the query first, then its kind and
    how much of its title the query is, then the text's own rank (or, for a hit found by its
    spelling only, how alike the title is); news and stale content a little lower."""
    if similarity:  # found by its spelling alone: as if the title carried the query, less so
        carried, fit = 15 * similarity, 0.0
    else:
        carried, fit = title_match(parsed, title)
    value = carried + KIND_WEIGHTS.get(kind, 3.0) + 5 * fit + text_rank
    if kind == "nyhet":
        value *= NEWS_FACTOR
    if is_stale(metadata):
        value *= STALE_FACTOR
    return value


@lru_cache(maxsize=50_000)
def match_key(word: str) -> str:
    """The prefix a single query word matches stems by: the shorter of its stem and the stem
    of its root ("vistelse" → "vist", "orosanmälan" → "orosanmäl")."""
    return min(stem(word), stem(root(word)), key=len)


def stem_is_safe(word: str) -> bool:
    """Whether a word still being typed may be stemmed: the stemmer cut little of it."""
    return len(stem(word)) >= max(4, len(word) - 2)


@dataclass
class EngineResult:
    ids: list[int] = field(default_factory=list)
    total: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    tag_counts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Summary:
    """What one pass over a query's hits tells (PostgresEngine._summary)."""

    matched: int = 0
    total: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    tag_counts: list[tuple[str, int]] = field(default_factory=list)
    candidate_ids: list[int] = field(default_factory=list)
    few: list[tuple[int, str]] = field(default_factory=list)  # (id, kind) of FUZZY_BELOW hits


def _facets(matched: QuerySet, kind: str, tag: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    by_kind = matched.filter(tags__name=tag) if tag else matched
    kind_counts = {
        row["kind"]: row["n"]
        for row in by_kind.order_by().values("kind").annotate(n=Count("id", distinct=True))
    }
    by_tag = matched.filter(kind=kind) if kind else matched
    tag_rows = (
        SearchEntryTag.objects.filter(entry__in=by_tag.order_by().values("id"))
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")[:30]
    )
    return kind_counts, [(row["name"], row["n"]) for row in tag_rows]


def id_array(ids: list[int]) -> RawSQL:
    """The ids as one PostgreSQL array parameter, written as its text form: psycopg adapts a
    Python list of thousands of ints element by element (a third of a search's CPU for a
    common word, measured), where joining them into one string costs next to nothing."""
    return RawSQL("%s::bigint[]", ["{" + ",".join(map(str, ids)) + "}"])


def _in(column: str, ids: list[int]) -> RawSQL:
    array = id_array(ids)
    return RawSQL(f"{column} = ANY({array.sql})", array.params, output_field=BooleanField())


def tag_rows_for(ids: list[int], name: str) -> list[int]:
    """Which of these entries carry the tag."""
    if not ids:
        return []
    return list(
        SearchEntryTag.objects.filter(_in("entry_id", ids), name=name).values_list(
            "entry_id", flat=True
        )
    )


def tag_facet(ids: list[int], limit: int = 30) -> list[tuple[str, int]]:
    """The most common tags of these entries, with their counts."""
    if not ids:
        return []
    rows = (
        SearchEntryTag.objects.filter(_in("entry_id", ids))
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")[:limit]
    )
    return [(row["name"], row["n"]) for row in rows]


def _filtered(matched: QuerySet, kind: str, tag: str) -> QuerySet:
    if kind:
        matched = matched.filter(kind=kind)
    if tag:
        matched = matched.filter(tags__name=tag)
    return matched


class PostgresEngine:
    def tsquery(self, parsed: ParsedQuery, weights: str = "") -> tuple[str, list[str]]:
        """SQL (and parameters) of the tsquery: clauses AND-ed, alternatives OR-ed; a single
        word matches as a prefix (of its stem), a phrase as a phrase."""
        clauses, params = [], []
        for clause in parsed.clauses:
            alternatives = []
            for words in clause.alternatives:
                if len(words) == 1:
                    # The word as typed and without its ending, each stemmed and as a prefix.
                    for form in dict.fromkeys([words[0], root(words[0])]):
                        alternatives.append(f"to_tsquery('{TS_CONFIG}', %s)")
                        params.append(f"{form}:*{weights}")
                else:
                    alternatives.append(f"phraseto_tsquery('{TS_CONFIG}', %s)")
                    params.append(" ".join(words))
            clauses.append("(" + " || ".join(alternatives) + ")")
        return " && ".join(clauses), params

    def matched(self, parsed: ParsedQuery, visible: Q, weights: str = "") -> QuerySet:
        sql, params = self.tsquery(parsed, weights)
        condition = RawSQL(f"search_vector @@ ({sql})", params, output_field=BooleanField())
        return SearchEntry.objects.filter(visible).filter(condition)

    def search(
        self, parsed: ParsedQuery, visible: Q, kind: str, tag: str, offset: int, limit: int
    ) -> EngineResult:
        if parsed.is_empty:
            return EngineResult()
        with index_scans():
            return self._search(parsed, visible, kind, tag, offset, limit)

    def _search(
        self, parsed: ParsedQuery, visible: Q, kind: str, tag: str, offset: int, limit: int
    ) -> EngineResult:
        candidates = max(conf.get("RANK_CANDIDATES"), offset + limit)
        summary = self._summary(parsed, visible, kind, tag, candidates)
        if summary.matched < conf.get("FUZZY_BELOW"):
            # A handful of hits or none: titles spelt alike join them (a few rows).
            return self._search_few(parsed, visible, summary.few, kind, tag, offset, limit)
        if not summary.total:
            return EngineResult(
                total=0, kind_counts=summary.kind_counts, tag_counts=summary.tag_counts
            )
        return EngineResult(
            ids=self._ranked(parsed, summary.candidate_ids, {})[offset : offset + limit],
            total=summary.total,
            kind_counts=summary.kind_counts,
            tag_counts=summary.tag_counts,
        )

    def _summary(
        self, parsed: ParsedQuery, visible: Q, kind: str, tag: str, candidates: int
    ) -> Summary:
        """One statement over the hits (from the GIN index, each read once): how many match,
        the kind counts (of those with the tag, if one is chosen), the tag facet (of those of
        the kind), the total shown, the best `candidates` of them by the rank of the small
        head vector (title and lead) and the first FUZZY_BELOW hits (all of them when there are
        fewer). A few dozen rows come back, however many hits there are: at 100,000 entries a
        common word has 25,000."""
        sql, params = self.tsquery(parsed)
        head_rank = RawSQL(f"ts_rank(head_vector, ({sql}))", params, output_field=FloatField())
        hits = (
            self.matched(parsed, visible)
            .annotate(head=head_rank)
            .values_list("id", "kind", "title", "tag_names", "head")
        )
        hits_sql, hits_params = hits.query.get_compiler(hits.db).as_sql()
        tagged, tagged_params = "TRUE", []
        if tag:
            tagged, tagged_params = "tag_names @> %s::jsonb", [json.dumps([tag])]
        of_kind, kind_params = "TRUE", []
        if kind:
            of_kind, kind_params = "kind = %s", [kind]
        # The hits grouped by kind and tag set first: entries share their few tag sets, so the
        # tag facet unpacks each set once with its count instead of each hit's (half the
        # statement's time for a word in all 10,500 entries). Ties of the head rank go by the
        # title's code points, as the final ranking breaks them (and cheaper than collation).
        statement = f"""
            WITH hits (id, kind, title, tag_names, head) AS MATERIALIZED ({hits_sql}),
            sets AS (SELECT kind, tag_names, count(*) AS n FROM hits GROUP BY kind, tag_names)
            SELECT 0, NULL::bigint, NULL::text, sum(n)::bigint FROM sets
            UNION ALL
            SELECT 1, NULL, kind, sum(n)::bigint FROM sets WHERE {tagged} GROUP BY kind
            UNION ALL (
                SELECT 2, NULL, tag.name, sum(n)::bigint
                FROM sets, jsonb_array_elements_text(sets.tag_names) AS tag (name)
                WHERE {of_kind} GROUP BY tag.name ORDER BY sum(n) DESC, tag.name LIMIT 30
            )
            UNION ALL
            SELECT 3, NULL, NULL, sum(n)::bigint FROM sets WHERE {of_kind} AND {tagged}
            UNION ALL (
                SELECT 4, id, NULL, NULL FROM hits WHERE {of_kind} AND {tagged}
                ORDER BY head DESC, title COLLATE "C", id LIMIT %s
            )
            UNION ALL (SELECT 5, id, kind, NULL FROM hits LIMIT %s)
        """
        summary = Summary()
        with connection.cursor() as cursor:
            cursor.execute(
                statement,
                [
                    *hits_params,
                    *tagged_params,
                    *kind_params,
                    *kind_params,
                    *tagged_params,
                    *kind_params,
                    *tagged_params,
                    candidates,
                    conf.get("FUZZY_BELOW"),
                ],
            )
            for part, entry_id, name, count in cursor.fetchall():
                if part == 0:
                    summary.matched = count or 0
                elif part == 1:
                    summary.kind_counts[name] = count
                elif part == 2:
                    summary.tag_counts.append((name, count))
                elif part == 3:
                    summary.total = count or 0
                elif part == 4:
                    summary.candidate_ids.append(entry_id)
                else:
                    summary.few.append((entry_id, name))
        summary.tag_counts.sort(key=lambda row: -row[1])  # stable: names stay in order
        return summary

    def _ranked(
        self, parsed: ParsedQuery, candidate_ids: list[int], similar: dict[int, float]
    ) -> list[int]:
        """The candidates in the order of the results: ranked on their whole text, with their
        title, kind and review state (`score`); titles found by their spelling alone last."""
        sql, params = self.tsquery(parsed)
        title_sql, title_params = self.tsquery(parsed, weights="A")
        text_rank = RawSQL(
            f"ts_rank_cd(search_vector, ({sql}), 32) + 2 * ts_rank(head_vector, ({sql}))"
            f" + CASE WHEN head_vector @@ ({title_sql}) THEN 0.5 ELSE 0 END",
            [*params, *params, *title_params],
            output_field=FloatField(),
        )
        rows = (
            SearchEntry.objects.filter(_in("id", candidate_ids))
            .annotate(text_rank=text_rank)
            .values_list("id", "title", "kind", "metadata", "text_rank")
        )
        # What the words match first; titles found by their spelling alone after them.
        ranked = sorted(
            rows,
            key=lambda row: (
                row[0] in similar,
                -score(parsed, row[1], row[2], row[3], row[4], similar.get(row[0], 0.0)),
                row[1],
                row[0],
            ),
        )
        return [row[0] for row in ranked]

    def _search_few(
        self,
        parsed: ParsedQuery,
        visible: Q,
        hits: list[tuple[int, str]],
        kind: str,
        tag: str,
        offset: int,
        limit: int,
    ) -> EngineResult:
        """Fewer hits than FUZZY_BELOW: they and the titles spelt like the query, counted and
        filtered here (a few rows)."""
        similar = self.similar_titles(parsed, visible, exclude=[i for i, _ in hits])
        hits += list(SearchEntry.objects.filter(id__in=list(similar)).values_list("id", "kind"))
        if not hits:
            return EngineResult()
        ids = [entry_id for entry_id, _ in hits]
        tagged = set(tag_rows_for(ids, name=tag)) if tag else None
        kind_counts: dict[str, int] = {}
        for entry_id, entry_kind in hits:
            if tagged is None or entry_id in tagged:
                kind_counts[entry_kind] = kind_counts.get(entry_kind, 0) + 1
        of_kind = [entry_id for entry_id, entry_kind in hits if not kind or entry_kind == kind]
        tag_counts = tag_facet(of_kind)
        wanted = [entry_id for entry_id in of_kind if tagged is None or entry_id in tagged]
        if not wanted:
            return EngineResult(total=0, kind_counts=kind_counts, tag_counts=tag_counts)
        return EngineResult(
            ids=self._ranked(parsed, wanted, similar)[offset : offset + limit],
            total=len(wanted),
            kind_counts=kind_counts,
            tag_counts=tag_counts,
        )

    def similar_titles(
        self, parsed: ParsedQuery, visible: Q, exclude: list[int]
    ) -> dict[int, float]:
        """{id: similarity} of the entries whose title holds a word spelt like the query's
        (pg_trgm's word similarity, from its trigram index on the title): "läkemedelshantring"
        finds "Rutin Läkemedelshantering". Letters are compared as they are, so å, ä and ö
        stay apart from a and o (a title spelt exactly so is more alike than one with ä)."""
        typed = " ".join(word for word in text.words(parsed.raw) if word not in STOP_WORDS)
        if not typed:
            return {}
        similarity = RawSQL("word_similarity(%s, title)", [typed], output_field=FloatField())
        near = RawSQL("%s <%% title", [typed], output_field=BooleanField())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(conf.get("FUZZY_SIMILARITY"))],
            )
        rows = (
            SearchEntry.objects.filter(visible)
            .filter(near)
            .exclude(id__in=exclude)
            .annotate(similarity=similarity)
            .order_by("-similarity", "title", "id")
            .values_list("id", "similarity")[: conf.get("FUZZY_LIMIT")]
        )
        return dict(rows)

    def autocomplete(self, words: list[str], visible: Q, limit: int) -> list[int]:
        """Titles holding every word; the last one as typed so far (a prefix, not stemmed:
        "hemlig" must not become "hem")."""
        if not words:
            return []
        parts, params = [], []
        for position, word in enumerate(words):
            last = position == len(words) - 1
            alternatives = []
            if not last or stem_is_safe(word):
                alternatives.append(f"to_tsquery('{TS_CONFIG}', %s)")
                params.append(f"{word}:*A")
            if last:
                alternatives.append("to_tsquery('simple', %s)")
                params.append(f"{word}:*A")
            parts.append("(" + " || ".join(alternatives) + ")")
        condition = RawSQL(
            f"search_vector @@ ({' && '.join(parts)})", params, output_field=BooleanField()
        )
        matched = SearchEntry.objects.filter(visible).filter(condition)
        with index_scans():
            return list(matched.order_by("title").values_list("id", flat=True)[:limit])


class StemEngine:
    def _condition(self, parsed: ParsedQuery, column: str = "stems") -> Q:
        condition = Q()
        for clause in parsed.clauses:
            either = Q()
            for words in clause.alternatives:
                every = Q()
                for word in words:
                    if word in STOP_WORDS:
                        continue
                    key = match_key(word) if len(words) == 1 else stem(word)
                    every &= Q(**{f"{column}__contains": " " + key})
                either |= every
            condition &= either
        return condition

    @staticmethod
    def _score(parsed: ParsedQuery, title_stems: str, stems: str) -> float:
        score = 0.0
        for clause in parsed.clauses:
            best = 0.0
            for words in clause.alternatives:
                keys = [
                    " " + (match_key(w) if len(words) == 1 else stem(w))
                    for w in words
                    if w not in STOP_WORDS
                ]
                value = 0.0
                if all(key in title_stems for key in keys):
                    value += 10 + sum(3 for key in keys if key + " " in title_stems)
                value += min(sum(stems.count(key) for key in keys), 5)
                best = max(best, value)
            score += best
        return score

    def search(
        self, parsed: ParsedQuery, visible: Q, kind: str, tag: str, offset: int, limit: int
    ) -> EngineResult:
        if parsed.is_empty:
            return EngineResult()
        matched = SearchEntry.objects.filter(visible).filter(self._condition(parsed))
        wanted = _filtered(matched, kind, tag).distinct()
        rows = list(wanted.values_list("id", "title", "title_stems", "stems", "kind", "metadata"))
        if not rows:
            return EngineResult()
        kind_counts, tag_counts = _facets(matched, kind, tag)

        def order(row):
            text_rank = self._score(parsed, row[2], row[3]) / 5
            return (-score(parsed, row[1], row[4], row[5], text_rank), row[1], row[0])

        rows.sort(key=order)
        ids = [row[0] for row in rows[offset : offset + limit]]
        return EngineResult(
            ids=ids, total=len(rows), kind_counts=kind_counts, tag_counts=tag_counts
        )

    def autocomplete(self, words: list[str], visible: Q, limit: int) -> list[int]:
        if not words:
            return []
        condition = Q()
        for position, word in enumerate(words):
            either = Q(title_stems__contains=" " + word)
            if position < len(words) - 1 or stem_is_safe(word):
                either |= Q(title_stems__contains=" " + stem(word))
            condition &= either
        matched = SearchEntry.objects.filter(visible).filter(condition)
        return list(matched.order_by("title").values_list("id", flat=True)[:limit])


def database_engine() -> PostgresEngine | StemEngine:
    if connection.vendor == "postgresql":
        return PostgresEngine()
    return StemEngine()
