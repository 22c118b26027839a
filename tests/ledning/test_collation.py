"""Swedish alphabetical order (A–Ö) and the letters titles are filed under."""

from __future__ import annotations

import random

import pytest

from intranet.ledning.collation import swedish_initial, swedish_sort_key


def swedish_sorted(words):
    return sorted(words, key=swedish_sort_key)


def test_a_ring_a_umlaut_o_umlaut_come_last_in_that_order():
    words = ["Ödmjukhet", "Ärende", "Åtgärd", "Zon", "Avvikelse", "Yrke"]
    assert swedish_sorted(words) == ["Avvikelse", "Yrke", "Zon", "Åtgärd", "Ärende", "Ödmjukhet"]


def test_accented_letters_sort_with_their_base_letter():
    assert swedish_sorted(["Zon", "Éloge", "Ekonomi", "Avvikelse", "Ärende"]) == [
        "Avvikelse",
        "Ekonomi",
        "Éloge",
        "Zon",
        "Ärende",
    ]
    assert swedish_sorted(["Ö", "É", "Z", "A", "Ä", "Å"]) == ["A", "É", "Z", "Å", "Ä", "Ö"]


def test_foreign_letters_fold_as_swedish_readers_expect():
    # ü sorts as y, æ as ä, ø as ö.
    assert swedish_sorted(["Müller", "Mz", "Mx"]) == ["Mx", "Müller", "Mz"]
    assert swedish_sorted(["Ærø", "Åre", "Öland"]) == ["Åre", "Ærø", "Öland"]
    assert swedish_sorted(["Søndag", "Sånd", "Sönder"]) == ["Sånd", "Søndag", "Sönder"]


def test_case_is_ignored_but_breaks_ties_stably():
    assert swedish_sorted(["rutin b", "Rutin a", "RUTIN C"]) == ["Rutin a", "rutin b", "RUTIN C"]
    assert swedish_sort_key("Rutin")[0] == swedish_sort_key("rutin")[0]
    assert swedish_sort_key("Rutin") != swedish_sort_key("rutin")


def test_words_sort_before_longer_words_and_spaces_before_letters():
    assert swedish_sorted(["Rutiner", "Rutin", "Rutin X"]) == ["Rutin", "Rutin X", "Rutiner"]


def test_digits_before_letters_and_punctuation_first():
    assert swedish_sorted(["Avvikelse", "2 Rutin", "1 Rutin", "(Bilaga)"]) == [
        "(Bilaga)",
        "1 Rutin",
        "2 Rutin",
        "Avvikelse",
    ]


def test_leading_whitespace_does_not_count():
    assert swedish_sort_key("  Åtgärd")[0] == swedish_sort_key("Åtgärd")[0]


def test_order_is_independent_of_input_order():
    words = ["Överklagande", "Zonindelning", "Ärendehantering", "Avvikelser", "Éloge", "Åtgärder"]
    expected = swedish_sorted(words)
    rng = random.Random(2011)
    for _ in range(20):
        shuffled = words[:]
        rng.shuffle(shuffled)
        assert swedish_sorted(shuffled) == expected


@pytest.mark.parametrize(
    ("title", "initial"),
    [
        ("Avvikelser", "A"),
        ("avvikelser", "A"),
        ("Éloge", "E"),
        ("Åtgärder", "Å"),
        ("Ärendehantering", "Ä"),
        ("Överklagande", "Ö"),
        ("Ærø", "Ä"),
        ("Øresund", "Ö"),
        ("Über", "Y"),
        ("  Zon", "Z"),
        ("2015 års rutin", "0–9"),
        ("(Bilaga) Rutin", "B"),
        ("", "#"),
        ("—", "#"),
    ],
)
def test_initial_letter(title, initial):
    assert swedish_initial(title) == initial
