"""Swedish word forms, the synonym list administrators extend, and compound words."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search import query, text
from search.models import SearchEntry, Synonym
from search.selectors import synonym_groups
from search.synonyms import DEFAULT_SYNONYMS

from .test_search import api, titles


@pytest.mark.parametrize(
    ("word", "other"),
    [("riktlinje", "riktlinjerna"), ("hemtjänsten", "hemtjänst"), ("rutiner", "rutin")],
)
def test_snowball_stems_join_word_forms(word, other):
    assert text.stem(word) == text.stem(other)


def test_compound_parts():
    assert text.compound_parts("nyckelhantering") == ("nyckel", "hantering")
    assert text.compound_parts("läkemedelshantering") == ("läkemedel", "hantering")
    assert text.compound_parts("hemtjänst")[-1] == "tjänst"
    assert text.compound_parts("särskilt") == ()


def test_default_synonyms_are_stored_by_the_migration(db):
    assert sorted(Synonym.objects.values_list("terms", flat=True)) == sorted(DEFAULT_SYNONYMS)


def test_parse_expands_abbreviation_to_phrase(db):
    parsed = query.parse("LSS boende", synonym_groups())
    assert parsed.clauses[0].alternatives == (
        ("lss",),
        ("lagen", "om", "stöd", "och", "service", "till", "vissa", "funktionshindrade"),
    )
    assert parsed.clauses[1].alternatives == (("boende",),)
    long_form = query.parse(
        "lagen om stöd och service till vissa funktionshindrade", synonym_groups()
    )
    assert len(long_form.clauses) == 1 and ("lss",) in long_form.clauses[0].alternatives


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("LSS", "Boende enligt lagen om stöd och service till vissa funktionshindrade"),
        (
            "lagen om stöd och service till vissa funktionshindrade",
            "Bostad med särskild service LSS",
        ),
        ("IVO", "Anmälan till Inspektionen för vård och omsorg"),
        ("HSL", "Delegering enligt hälso- och sjukvårdslagen"),
    ],
)
def test_abbreviations_and_long_forms(typed, found, make_document, staff_client):
    for title in (
        "Boende enligt lagen om stöd och service till vissa funktionshindrade",
        "Bostad med särskild service LSS",
        "Anmälan till Inspektionen för vård och omsorg",
        "Delegering enligt hälso- och sjukvårdslagen",
    ):
        make_document(title, "rutin")
    call_command("rebuild_search_index", verbosity=0)
    assert found in titles(api(staff_client, q=typed))


def test_administrators_extend_the_synonym_list(make_document, staff_client):
    make_document("Rutin Ekonomiskt bistånd", "rutin")
    call_command("rebuild_search_index", verbosity=0)
    assert api(staff_client, q="EB")["total"] == 0
    Synonym.objects.create(terms="EB, ekonomiskt bistånd")
    assert titles(api(staff_client, q="EB")) == ["Rutin Ekonomiskt bistånd"]
    Synonym.objects.filter(terms__startswith="EB").update(enabled=False)
    assert api(staff_client, q="EB")["total"] == 0


def test_synonym_snippet_in_admin(admin_client):
    response = admin_client.get("/admin/snippets/search/synonym/")
    assert response.status_code == 200
    assert "socialtjänstlagen" in response.content.decode()
    response = admin_client.post(
        "/admin/snippets/search/synonym/add/", {"terms": "FB, försörjningsstöd", "enabled": "on"}
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="FB, försörjningsstöd").exists()


def test_rebuild_command_reports(make_document, capsys):
    make_document("Rutin Särskilt boende", "rutin")
    call_command("rebuild_search_index")
    assert "indexerade" in capsys.readouterr().out
    assert SearchEntry.objects.filter(title="Rutin Särskilt boende", kind="rutin").exists()
