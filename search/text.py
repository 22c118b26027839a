"""Swedish text for the search index: words, stems, compound parts, highlighted snippets.

PostgreSQL stems with its own `swedish` text search configuration; everywhere else (SQLite)
the index holds the Snowball Swedish stems computed here, so that "riktlinje" still finds
"Riktlinjerna" and "hemtjänsten" finds "hemtjänst".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape, strip_tags

from . import conf
from .compounds import COMPOUND_PARTS

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Snowball's Swedish stop words (the list PostgreSQL's `swedish` configuration uses too).
STOP_WORDS = frozenset(
    [
        "och",
        "det",
        "att",
        "i",
        "en",
        "jag",
        "hon",
        "som",
        "han",
        "på",
        "den",
        "med",
        "var",
        "sig",
        "för",
        "så",
        "till",
        "är",
        "men",
        "ett",
        "om",
        "hade",
        "de",
        "av",
        "icke",
        "mig",
        "du",
        "henne",
        "då",
        "sin",
        "nu",
        "har",
        "inte",
        "hans",
        "honom",
        "skulle",
        "hennes",
        "där",
        "min",
        "man",
        "ej",
        "vid",
        "kunde",
        "något",
        "från",
        "ut",
        "när",
        "efter",
        "upp",
        "vi",
        "dem",
        "vara",
        "vad",
        "över",
        "än",
        "dig",
        "kan",
        "sina",
        "här",
        "ha",
        "mot",
        "alla",
        "under",
        "någon",
        "eller",
        "allt",
        "mycket",
        "sedan",
        "ju",
        "denna",
        "själv",
        "detta",
        "åt",
        "utan",
        "varit",
        "hur",
        "ingen",
        "mitt",
        "ni",
        "bli",
        "blev",
        "oss",
        "din",
        "dessa",
        "några",
        "deras",
        "blir",
        "mina",
        "samma",
        "vilken",
        "er",
        "sådan",
        "vår",
        "blivit",
        "dess",
        "inom",
        "mellan",
        "sådant",
        "varför",
        "varje",
        "vilka",
        "ditt",
        "vem",
        "vilket",
        "sitta",
        "sådana",
        "vart",
        "dina",
        "vars",
        "vårt",
        "våra",
        "ert",
        "era",
        "vilkas",
    ]
)

_stemmer = snowballstemmer.stemmer("swedish")


def plain_text(value: str) -> str:
    """Text without HTML tags, whitespace collapsed."""
    return " ".join(strip_tags(value or "").split())


def words(text: str) -> list[str]:
    """The lower-cased words of a text."""
    return WORD_RE.findall((text or "").lower())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


# Endings a searcher's word form may have that the stemmer leaves on ("orosanmälan" vs
# "orosanmälningar", "ansökningar" vs "ansökan"); longest first.
ROOT_SUFFIXES = (
    "ningarna", "ningar", "ningen", "andena", "arnas", "ernas", "heten", "heter", "ning",
    "arna", "erna", "orna", "ande", "ende", "aren", "het", "ens", "ets", "en", "et", "an",
    "ar", "er", "or", "na", "a", "e",
)  # fmt: skip


@lru_cache(maxsize=50_000)
def root(word: str) -> str:
    """The word without its (longest) inflectional ending, for prefix matching, as long as at
    least five letters remain."""
    word = word.lower()
    for suffix in ROOT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Words without stop words."""
    return [word for word in words(text) if word not in STOP_WORDS]


@lru_cache(maxsize=1)
def _parts() -> dict[str, str]:
    parts = [*COMPOUND_PARTS, *conf.get("COMPOUND_PARTS")]
    return {stem(part): part for part in parts if len(part) >= 3}


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known parts of a compound word: "nyckelhantering" → ("nyckel", "hantering").

    A split is accepted when the head (possibly with a linking s) is a known part and the tail
    is a known part or, recursively, a compound of known parts."""
    word = word.lower()
    if len(word) < 7:
        return ()
    parts = _parts()
    known = set(parts.values())
    for cut in range(len(word) - 3, 2, -1):  # the longest known head first
        head, tail = word[:cut], word[cut:]
        if head not in known and not (head.endswith("s") and head[:-1] in known):
            continue
        head = head if head in known else head[:-1]
        if tail in known or stem(tail) in parts:
            return (head, tail)
        rest = compound_parts(tail)
        if rest:
            return (head, *rest)
    return ()


def index_words(text: str) -> list[str]:
    """The words to index for a text: its words and the parts of its compound words."""
    result: list[str] = []
    for word in content_words(text):
        result.append(word)
        result.extend(compound_parts(word))
    return result


def stems(text: str) -> list[str]:
    return [stem(word) for word in index_words(text)]


def stem_text(text: str) -> str:
    """A space-delimited string of stems, ' a b c ', for prefix matching with LIKE '% a%'."""
    return " " + " ".join(stems(text)) + " "


def compound_text(texts: Iterable[str]) -> str:
    """The compound parts of the words in texts (PostgreSQL indexes them beside the text)."""
    found: list[str] = []
    for text in texts:
        for word in content_words(text):
            found.extend(compound_parts(word))
    return " ".join(found)


# --- snippets ----------------------------------------------------------------------------


def highlight_pattern(query_stems: Iterable[str]) -> re.Pattern | None:
    """Words to mark: a word starting with a query stem, or (for stems of four letters or
    more) holding it as the part of a compound ("nyckelhantering" for "hantering")."""
    alternatives = []
    for query_stem in sorted(set(query_stems), key=len, reverse=True):
        escaped = re.escape(query_stem)
        alternatives.append(rf"\w*{escaped}\w*" if len(query_stem) >= 4 else rf"\b{escaped}\w*")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def snippet(texts: Iterable[str], query_stems: Iterable[str], width: int = 240) -> str:
    """HTML: about `width` characters around the first match in the first text that has one,
    each matching word in <mark>; everything else escaped, so the result is safe to render."""
    pattern = highlight_pattern(query_stems)
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return ""
    chosen, start = texts[0], 0
    if pattern:
        for candidate in texts:
            match = pattern.search(candidate)
            if match:
                chosen = candidate
                start = max(0, match.start() - width // 4)
                break
    if start:
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(chosen), start + width)
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > start else end
    window = " ".join(chosen[start:end].split())
    parts, position = [], 0
    for match in pattern.finditer(window) if pattern else ():
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(chosen) else ""
    return prefix + "".join(parts) + suffix
