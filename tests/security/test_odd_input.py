"""Odd input gets a clear answer, never a server error: NUL characters in any part of a request
(PostgreSQL refuses them in text, so on PostgreSQL they used to end in HTTP 500), NUL characters
and absurd nesting in an import file (a traceback and a file left behind in MEDIA_ROOT).

Content is built through the import, as users build it. Run these on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem
from intranet.ledning.models import DocumentIndexPage, StartPage

from ..conftest import soup, text_of
from ..exchange.test_exchange import MINIMAL_PDF, counts, media_files, sample

NUL = "\x00"
BAD_REQUEST_TEXT = "Förfrågan kunde inte tas emot"


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF)
    (tmp_path / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.5"))
    return tmp_path


@pytest.fixture
def imported(files_dir):
    import_ledningssystem(sample(), files_dir=files_dir)
    return StartPage.objects.get(slug="ledningssystem")


@pytest.fixture
def medarbetare(django_user_model):
    return django_user_model.objects.create_user(username="medarbetare", first_name="Maja")


@pytest.fixture
def client_of(medarbetare):
    client = Client()
    client.force_login(medarbetare)
    return client


def assert_refused(response) -> None:
    """A 400 with a Swedish explanation, not a server error."""
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert BAD_REQUEST_TEXT in text_of(soup(response))


# --- requests ------------------------------------------------------------------------------


def nul_urls(imported) -> list[str]:
    rutiner = DocumentIndexPage.objects.get(slug="rutiner")
    return [
        "/sok/?q=hem%00tj%C3%A4nst",
        "/sok/?q=hemtj%C3%A4nst&tagg=%00",
        "/sok/?q=hemtj%C3%A4nst&typ=rutin%00",
        "/api/sok/?q=%00",
        "/api/sok/?q=rutin&tagg=hem%00",
        "/api/sok/autocomplete/?q=ru%00",
        f"{rutiner.url}?tagg=hemtj%C3%A4nst%00",
        f"{rutiner.url}?tagg=%00",
        f"{imported.url}finns%00inte/",
        "/ledningssystem/andringar/?q=%00",
        "/min-sida/?%00=1",
    ]


@pytest.mark.django_db
def test_nul_in_the_address_is_a_400_with_a_swedish_message(imported, client_of):
    for url in nul_urls(imported):
        response = client_of.get(url)
        assert_refused(response)


@pytest.mark.django_db
def test_the_same_addresses_without_nul_work(imported, client_of):
    """The check refuses only NUL: the same requests with ordinary text are answered."""
    for url in nul_urls(imported):
        response = client_of.get(url.replace("%00", ""))
        assert response.status_code in (200, 404), (url, response.status_code)


@pytest.mark.django_db
def test_nul_in_a_form_is_a_400_and_nothing_is_saved(imported, client_of, medarbetare):
    from intranet.staff.models import Shortcut

    before = Shortcut.objects.filter(user=medarbetare).count()
    response = client_of.post(
        "/min-sida/genvagar/lank/", {"name": "Min\x00länk", "url": "https://example.se/"}
    )
    assert_refused(response)
    assert Shortcut.objects.filter(user=medarbetare).count() == before

    process = imported.get_descendants().get(slug="verkstalla-beslut-om-hemtjanst")
    response = client_of.post(
        f"/ledningssystem/forslag/sida/{process.pk}/",
        {"text": "Rutinen\x00 stämmer inte", "kind": "substance"},
    )
    assert_refused(response)


@pytest.mark.django_db
def test_nul_in_the_admin_search_is_a_400(imported, django_user_model):
    admin = django_user_model.objects.create_superuser("lsadmin", "ls@example.se", "x")
    client = Client()
    client.force_login(admin)
    for url in ("/admin/pages/search/?q=%00", "/admin/documents/?q=ru%00tin"):
        assert_refused(client.get(url))


@pytest.mark.django_db
def test_nul_in_a_cookie_or_the_login_form_is_a_400(imported):
    client = Client()
    # Sent as sessionid="abcdefgh\000ijklmnop", which Django's cookie parser unquotes to a NUL.
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert_refused(client.get("/"))

    client = Client()
    assert_refused(client.post("/logga-in/", {"username": "maja\x00", "password": "x"}))


@pytest.mark.django_db
def test_a_refused_request_is_logged_as_a_security_event(imported, client_of, caplog):
    with caplog.at_level(logging.WARNING, logger="django.security"):
        client_of.get("/sok/?q=%00")
    assert any(record.name.startswith("django.security") for record in caplog.records)


@pytest.mark.django_db
def test_a_document_index_page_cleans_nul_from_its_tag_without_the_sites_check(
    imported, medarbetare
):
    """The ledning app installs into other Wagtail sites, which may not refuse NUL before the
    page sees it: the page's tag filter drops the NUL instead of passing it to the database."""
    rutiner = DocumentIndexPage.objects.get(slug="rutiner")
    request = RequestFactory().get(rutiner.url, {"tagg": "hemtj\u00e4nst\x00"})
    request.user = medarbetare

    response = rutiner.serve(request)
    response.render()

    html = soup(response)
    assert text_of(html.select_one('.tag-filter a[aria-current="true"]')).startswith("hemtjänst")
    titles = [text_of(card.find("h3")) for card in html.select("li.document-card")]
    assert titles == ["Rutin Nyckelhantering av hemtjänsten"]


# --- the import ----------------------------------------------------------------------------


def errors_of(data, files_dir) -> list[str]:
    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files_dir)
    return caught.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["documents"][0].update({"title": "Rutin\x00 Nyckelhantering"}),
            "documents[0] (rutin-nyckelhantering): title: ",
        ),
        (
            lambda d: d["documents"][1].update({"tags": ["hem\x00"]}),
            "documents[1] (material-i-insatsparm): tags[0]: ",
        ),
        (
            lambda d: d["documents"][1].update({"file": "files/material\x00.pdf"}),
            "documents[1] (material-i-insatsparm): file: ",
        ),
        (
            lambda d: d["pages"][2]["body"][0].update({"text": "Rutiner\x00"}),
            "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst): body[0].text: ",
        ),
        (
            lambda d: d["pages"][0].update({"intro": "<p>Hej\x00</p>"}),
            "pages[0] (startsidan): intro: ",
        ),
        (
            lambda d: d["workplaces"][0].update({"name": "V\x00O"}),
            "workplaces[0] (vo): name: ",
        ),
    ],
)
def test_nul_in_an_import_is_named_and_nothing_is_written(files_dir, change, expected):
    data = copy.deepcopy(sample())
    change(data)
    before, files_before = counts(), media_files()

    messages = errors_of(data, files_dir)

    assert any(m.startswith(expected) and "NUL" in m for m in messages), messages
    assert counts() == before
    assert media_files() == files_before


@pytest.mark.django_db
def test_nul_in_a_document_title_through_the_command_leaves_no_file(files_dir, capsys):
    """The command as users run it: a file with "\\u0000" in a title, a clear message, a
    non-zero exit and no file left in MEDIA_ROOT (the README promises that)."""
    data = sample()
    data["documents"][0]["title"] = "Rutin\u0000 Nyckelhantering"
    source = files_dir / "ledningssystem.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert "\\u0000" in source.read_text(encoding="utf-8")
    before, files_before = counts(), media_files()

    with pytest.raises(CommandError, match="Inget har sparats"):
        call_command("import_ledningssystem", str(source), files=str(files_dir))

    err = capsys.readouterr().err
    assert "documents[0] (rutin-nyckelhantering): title: " in err and "NUL" in err
    assert "Traceback" not in err
    assert counts() == before
    assert media_files() == files_before


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_refused_with_a_message(files_dir, capsys, depth):
    data = sample()
    text = json.dumps(data)
    # The nesting sits in a field where a list of strings belongs.
    text = text.replace('"tags": ["hemtj\\u00e4nst"]', f'"tags": {nested_arrays(depth)}', 1)
    assert nested_arrays(depth) in text
    source = files_dir / "ledningssystem.json"
    source.write_text(text, encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError, match=r"Inget har sparats|Importen avbröts"):
        call_command("import_ledningssystem", str(source), files=str(files_dir))

    err = capsys.readouterr().err
    assert "nästlad" in err, err
    assert counts() == before


@pytest.mark.django_db
def test_deep_nesting_handed_to_the_importer_is_refused(files_dir):
    """The importer itself (called from code, not through the command) refuses it too."""
    data = sample()
    deep: list = []
    inner = deep
    for _level in range(100_000):
        inner.append([])
        inner = inner[0]
    data["documents"][0]["tags"] = deep
    before = counts()

    messages = errors_of(data, files_dir)

    assert any(
        m.startswith("documents[0] (rutin-nyckelhantering): tags") and "nästlad" in m
        for m in messages
    ), messages
    assert counts() == before
