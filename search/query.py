"""A search string as the engines see it: clauses that must all match, each a set of
alternatives (a word, or a phrase from the synonym list) of which one must match."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import STOP_WORDS, root, stem, words

MAX_CLAUSES = 10


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[tuple[str, ...], ...]  # each alternative: its words (no stop words)


@dataclass
class ParsedQuery:
    raw: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def highlight_stems(self) -> list[str]:
        """Stems of every word any alternative holds (for marking words in snippets)."""
        found: list[str] = []
        for clause in self.clauses:
            for alternative in clause.alternatives:
                for word in alternative:
                    if word in STOP_WORDS:
                        continue
                    for word_stem in (stem(word), stem(root(word))):
                        if word_stem not in found:
                            found.append(word_stem)
        return found


def _content(phrase: str) -> tuple[str, ...]:
    """A single word without stop words; a phrase keeps them (PostgreSQL's phrase search
    counts their positions), the engines skip them when matching words one by one."""
    found = tuple(words(phrase))
    if len(found) == 1:
        return () if found[0] in STOP_WORDS else found
    return found


def parse(raw: str, synonym_groups: list[list[str]] | None = None) -> ParsedQuery:
    """Split a search string into clauses; a word or phrase on the synonym list becomes one
    clause holding all its alternatives ("sol" → sol | socialtjänstlagen)."""
    tokens = words(raw)
    groups = [
        [tuple(words(alternative)) for alternative in group if words(alternative)]
        for group in synonym_groups or []
    ]
    parsed = ParsedQuery(raw=raw)
    position = 0
    while position < len(tokens) and len(parsed.clauses) < MAX_CLAUSES:
        matched = None
        for group in groups:
            for alternative in sorted(group, key=len, reverse=True):
                if tuple(tokens[position : position + len(alternative)]) == alternative:
                    matched = (group, len(alternative))
                    break
            if matched:
                break
        if matched:
            group, size = matched
            alternatives = tuple(dict.fromkeys(a for a in map(_content, map(" ".join, group)) if a))
            parsed.clauses.append(Clause(alternatives=alternatives))
            position += size
            continue
        word = tokens[position]
        position += 1
        if word in STOP_WORDS:
            continue
        parsed.clauses.append(Clause(alternatives=((word,),)))
    return parsed
