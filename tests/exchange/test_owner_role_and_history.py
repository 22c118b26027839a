"""Two parts of ledningssystem/1 that move with a system (issue 15, items 6 and 7): the owner
role (a group) of documents and process pages, and a document's earlier approved versions
(``history``, written by ``export_ledningssystem --historik``). Both survive an export and an
import into an empty system; an unknown group is refused with the entry and field named."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from intranet.ledning.exchange import (
    ImportValidationError,
    export_ledningssystem,
    import_ledningssystem,
)
from intranet.ledning.exchange.schema import schema_errors
from intranet.ledning.models import (
    DocumentVersion,
    GovernedDocument,
    ProcessPage,
    StartPage,
    Workplace,
)
from tests.conftest import soup, text_of

from .test_exchange import MINIMAL_PDF, counts, media_files

ROLE = "Chef Vård och omsorg"
KEY = "rutin-genomforandeplan"


def system() -> dict:
    return {
        "format": "ledningssystem/1",
        "workplaces": [{"key": "omr-2", "name": "Hemtjänst område 2", "parent": None}],
        "documents": [
            {
                "key": KEY,
                "type": "rutin",
                "title": "Rutin Genomförandeplan",
                "file": "files/rutin-genomforandeplan.pdf",
                "owner_group": ROLE,
                "approved_by": "Chef Vård och omsorg",
                "approved_on": "2015-05-28",
                "revised_on": "2024-03-01",
                "history": [
                    {
                        "number": 1,
                        "title": "Rutin Genomförandeplan",
                        "file": "files/rutin-genomforandeplan-version-1.pdf",
                        "url": None,
                        "approved_by": "Chef Vård och omsorg",
                        "approved_on": "2015-05-28",
                        "in_force_from": "2015-05-28",
                        "in_force_to": "2019-06-10",
                        "change_note": "",
                    },
                    {
                        "number": 2,
                        "title": "Rutin för genomförandeplan",
                        "file": None,
                        "url": "https://kommun.example/arkiv/genomforandeplan-2.pdf",
                        "approved_by": "Chef Vård och omsorg",
                        "approved_on": "2019-06-10",
                        "in_force_from": "2019-06-10",
                        "in_force_to": "2024-03-01",
                        "change_note": "Genomförandeplanen upprättas inom två veckor.",
                    },
                ],
            }
        ],
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": "ledningssystem",
                "title": "Socialförvaltningens ledningssystem",
            },
            {
                "type": "process",
                "path": "hemtjanst",
                "title": "Verkställa beslut om hemtjänst",
                "page_owner": "Chef för område 2",
                "owner_group": ROLE,
                "body": [
                    {
                        "type": "documents",
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [{"document": KEY}],
                    }
                ],
            },
        ],
    }


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin-genomforandeplan.pdf").write_bytes(MINIMAL_PDF)
    (tmp_path / "files" / "rutin-genomforandeplan-version-1.pdf").write_bytes(
        MINIMAL_PDF.replace(b"1.4", b"1.3")
    )
    return tmp_path


@pytest.fixture
def role(db) -> Group:
    return Group.objects.create(name=ROLE)


def empty_the_system() -> None:
    StartPage.objects.get().delete()
    GovernedDocument.objects.all().delete()
    Workplace.objects.all().delete()
    assert export_ledningssystem()["pages"] == []


def versions() -> list[tuple]:
    return list(
        DocumentVersion.objects.filter(document__key=KEY)
        .order_by("number")
        .values_list("number", "title", "in_force_from", "in_force_to", "change_note", "url")
    )


# --- owner by role ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_owner_role_is_imported_exported_and_survives_a_round_trip(role, files_dir, tmp_path):
    import_ledningssystem(system(), files_dir=files_dir)

    document = GovernedDocument.objects.get(key=KEY)
    page = ProcessPage.objects.get(slug="hemtjanst")
    assert document.owner_group == role and page.owner_group == role
    assert document.has_owner() and page.has_owner()

    export_dir = tmp_path / "export"
    exported = export_ledningssystem(files_dir=export_dir)
    assert schema_errors(exported) == []
    assert exported["documents"][0]["owner_group"] == ROLE
    assert next(p for p in exported["pages"] if p["path"] == "hemtjanst")["owner_group"] == ROLE

    empty_the_system()
    import_ledningssystem(exported, files_dir=export_dir)
    assert export_ledningssystem() == exported
    assert GovernedDocument.objects.get(key=KEY).owner_group == role


@pytest.mark.django_db
def test_changing_or_removing_the_owner_role_updates_only_that_entry(role, files_dir):
    import_ledningssystem(system(), files_dir=files_dir)
    other = Group.objects.create(name="Chef Individ- och familjeomsorg")
    data = system()
    data["documents"][0]["owner_group"] = other.name
    data["pages"][1]["owner_group"] = None

    report = import_ledningssystem(data, files_dir=files_dir)

    assert report.updated == {"documents": 1, "pages": 1}
    assert GovernedDocument.objects.get(key=KEY).owner_group == other
    assert ProcessPage.objects.get(slug="hemtjanst").owner_group is None


@pytest.mark.django_db
def test_an_unknown_owner_role_is_refused_naming_entry_and_field_and_nothing_is_written(
    files_dir,
):
    before, files_before = counts(), media_files()
    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(system(), files_dir=files_dir)

    assert caught.value.messages == [
        f"documents[0] ({KEY}): owner_group: gruppen ”{ROLE}” finns inte "
        "(lägg upp den under Inställningar → Grupper)",
        "pages[1] (hemtjanst): owner_group: gruppen ”Chef Vård och omsorg” finns inte "
        "(lägg upp den under Inställningar → Grupper)",
    ]
    assert counts() == before and media_files() == files_before
    assert not Group.objects.filter(name=ROLE).exists()


# --- history ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_is_restored_and_shown_as_earlier_versions(role, files_dir, client, staff_user):
    report = import_ledningssystem(system(), files_dir=files_dir)

    assert report.created["versions"] == 2
    assert "tidigare versioner: 2 nya" in report.summary()
    document = GovernedDocument.objects.get(key=KEY)
    first, second, in_force = DocumentVersion.objects.filter(document=document).order_by("number")
    assert first.file.file.read() == MINIMAL_PDF.replace(b"1.4", b"1.3")
    assert second.url.endswith("genomforandeplan-2.pdf") and second.file is None
    assert second.change_note == "Genomförandeplanen upprättas inom två veckor."
    assert (in_force.number, in_force.in_force, str(in_force.in_force_from)) == (
        3,
        True,
        "2024-03-01",
    )
    assert in_force.file_id == document.file_id
    assert in_force.revision_id == document.live_revision_id

    client.force_login(staff_user)
    page = soup(client.get(document.get_absolute_url()))
    rows = page.find(id="versioner").find("tbody").find_all("tr")
    assert [text_of(row.find("th")) for row in rows] == ["Version 2", "Version 1"]
    answer = soup(client.get(document.get_absolute_url(), {"datum": "2018-01-01"}))
    assert "gällde version 1" in text_of(answer.find(id="versioner-svar"))
    assert client.get(first.file_url).status_code == 200


@pytest.mark.django_db
def test_an_export_with_history_imports_into_an_empty_system(role, files_dir, tmp_path):
    import_ledningssystem(system(), files_dir=files_dir)
    restored = versions()
    target = tmp_path / "export" / "ledningssystem.json"
    target.parent.mkdir()
    call_command("export_ledningssystem", str(target), "--historik")
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert schema_errors(exported) == []
    assert exported["documents"][0]["history"] == system()["documents"][0]["history"]

    empty_the_system()
    call_command("import_ledningssystem", str(target))

    assert versions() == restored
    first = DocumentVersion.objects.get(document__key=KEY, number=1)
    assert first.file.file.read() == MINIMAL_PDF.replace(b"1.4", b"1.3")
    assert export_ledningssystem(include_history=True)["documents"] == exported["documents"]


@pytest.mark.django_db
def test_importing_history_again_changes_nothing(role, files_dir):
    import_ledningssystem(system(), files_dir=files_dir)
    before, files_before, recorded = counts(), media_files(), versions()

    report = import_ledningssystem(system(), files_dir=files_dir)

    assert report.changed == 0 and report.created["versions"] == 0
    assert counts() == before and media_files() == files_before and versions() == recorded


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda h: h.reverse(),
            f"documents[0] ({KEY}): history[1].number: "
            "versionerna ska stå i nummerordning, den äldsta först",
        ),
        (
            lambda h: h[0].update(in_force_to="2014-01-01"),
            f"documents[0] ({KEY}): history[0].in_force_to: "
            "versionen upphör före den dag den började gälla",
        ),
        (
            lambda h: h[0].update(file="files/saknas.pdf"),
            f"documents[0] ({KEY}): history[0].file: filen ”",
        ),
        (
            lambda h: h[1].pop("in_force_from"),
            f"documents[0] ({KEY}): history[1].in_force_from: fältet saknas",
        ),
    ],
)
def test_invalid_history_is_refused_naming_the_version_and_nothing_is_written(
    role, files_dir, change, expected
):
    data = copy.deepcopy(system())
    change(data["documents"][0]["history"])
    before, files_before = counts(), media_files()

    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files_dir)

    assert any(m.startswith(expected) for m in caught.value.messages), caught.value.messages
    assert counts() == before and media_files() == files_before
    assert not DocumentVersion.objects.exists()
