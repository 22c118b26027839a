"""Swedish alphabetical order (A–Ö), as Swedish readers expect it.

The alphabet ends …X, Y, Z, Å, Ä, Ö; accented letters sort with their base letter (é as e),
ü sorts as y, æ as ä and ø as ö. Case is ignored for the order but breaks ties. Python's default
ordering puts Å, Ä and Ö in code point order (Ä before Å), which is wrong for Swedish.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

_SWEDISH_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {letter: index for index, letter in enumerate(_SWEDISH_ALPHABET)}
_FOLD = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}


def _fold_letter(char: str) -> str:
    if char in _RANK:
        return char
    if char in _FOLD:
        return _FOLD[char]
    # Strip accents from other letters (é → e, à → a) but keep å, ä, ö as letters of their own.
    base = unicodedata.normalize("NFD", char)[0]
    return base


def swedish_sort_key(text: str) -> tuple:
    """A sort key putting strings in Swedish alphabetical order."""
    lowered = text.strip().lower()
    primary = []
    for char in lowered:
        folded = _fold_letter(char)
        for part in folded:
            if part in _RANK:
                primary.append((2, _RANK[part]))
            elif part.isdigit():
                primary.append((1, int(part)))
            elif part.isspace():
                primary.append((0, 0))
            else:
                # Punctuation sorts before everything else, in code point order.
                primary.append((0, ord(part)))
    return (tuple(primary), text)


SORT_TEXT_LENGTH = 600


def swedish_sort_text(text: str) -> str:
    """The primary part of swedish_sort_key() as a string of digits, so that a database sorts
    it in Swedish order under any collation (each character becomes a fixed-width code: its class
    then its rank). Stored beside a title, it lets the database order and page a list A–Ö; titles
    equal but for case are ordered by the title itself."""
    codes = []
    for kind, rank in swedish_sort_key(text)[0]:
        codes.append(f"1{rank:07d}" if kind == 0 else f"2{rank}" if kind == 1 else f"3{rank:02d}")
    return "".join(codes)[:SORT_TEXT_LENGTH]


def swedish_initial(text: str) -> str:
    """The heading letter a title is filed under: its first letter, accents folded except åäö."""
    for char in text.strip().lower():
        if char.isalpha():
            folded = _fold_letter(char)
            return folded[:1].upper()
        if char.isdigit():
            return "0–9"
    return "#"


SWEDISH_LETTERS = tuple(letter.upper() for letter in _SWEDISH_ALPHABET)


def group_by_initial(items: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """[(letter, items)] for items with a title, in the order of the (already sorted) items."""
    groups: list[tuple[str, list[Any]]] = []
    for item in items:
        letter = swedish_initial(item.title)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(item)
    return groups
