"""The Swedish catalogues exist, are compiled, and are what gettext returns under "sv"."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

REPO = Path(__file__).resolve().parent.parent
PROJECT_CATALOGUE = REPO / "intranet" / "locale" / "sv" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted(
    [
        *(REPO / "intranet").glob("**/locale/sv/LC_MESSAGES/django.po"),
        *(REPO / "search").glob("locale/sv/LC_MESSAGES/django.po"),
    ]
)


def catalogue_id(path: Path) -> str:
    relative = path.relative_to(REPO)
    return str(relative.relative_to("intranet") if relative.parts[0] == "intranet" else relative)


def test_the_site_speaks_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    assert PROJECT_CATALOGUE.exists()
    assert PROJECT_CATALOGUE in CATALOGUES
    assert {catalogue_id(path).split("/")[0] for path in CATALOGUES} >= {
        "ledning",
        "portal",
        "staff",
        "search",
    }


def translated_entries(path: Path) -> list[polib.POEntry]:
    return [
        entry
        for entry in polib.pofile(str(path))
        if not entry.obsolete and (entry.msgstr or any(entry.msgstr_plural.values()))
    ]


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_has_no_fuzzy_entries(path):
    fuzzy = [entry.msgid for entry in polib.pofile(str(path)) if entry.fuzzy and entry.msgid]
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_compiled_catalogue_matches_its_source(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages"
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(mo_path))
        if entry.msgid
    }
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(path))
        if entry.msgid
        and not entry.obsolete
        and not entry.fuzzy
        and (entry.msgstr or any(entry.msgstr_plural.values()))
    }
    assert {key: str(value) for key, value in compiled.items()} == {
        key: str(value) for key, value in source.items()
    }, f"{mo_path.name} is out of date: run make messages"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_gettext_returns_every_translation(path):
    wrong = []
    with translation.override("sv"):
        for entry in translated_entries(path):
            if entry.fuzzy:
                continue
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                wanted = entry.msgstr_plural[0]
            elif entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                wanted = entry.msgstr
            else:
                got = translation.gettext(entry.msgid)
                wanted = entry.msgstr
            if got != wanted:
                wrong.append((entry.msgid, wanted, got))
    assert wrong == []
