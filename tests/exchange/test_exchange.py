"""Import and export of the `ledningssystem/1` format (FORMAT.md): validation messages that
name entry and field, idempotency, atomicity, dry runs and the export/import round trip."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator, FormatChecker
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from intranet.ledning.exchange import (
    ImportValidationError,
    export_ledningssystem,
    import_ledningssystem,
)
from intranet.ledning.exchange.schema import (
    _leaf_errors,
    _message,
    schema,
    schema_errors,
    validator,
)
from intranet.ledning.models import (
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
    Workplace,
)

REPO = Path(__file__).resolve().parents[2]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def sample() -> dict:
    return {
        "format": "ledningssystem/1",
        "workplaces": [
            {"key": "vo", "name": "Vård och omsorg", "parent": None},
            {"key": "hemtjanst-omr-2", "name": "Hemtjänst område 2", "parent": "vo"},
        ],
        "documents": [
            {
                "key": "rutin-nyckelhantering",
                "type": "rutin",
                "title": "Rutin Nyckelhantering av hemtjänsten",
                "file": "files/rutin-nyckelhantering.pdf",
                "reviewed_by": "Ledningsgrupp Vård och omsorg",
                "approved_by": "Chef Vård och omsorg",
                "approved_on": "2015-05-28",
                "revised_on": "2017-11-30",
                "tags": ["hemtjänst"],
                "workplaces": ["hemtjanst-omr-2"],
            },
            {
                "key": "material-i-insatspärm".replace("ä", "a"),
                "type": "rutin",
                "title": "Material i insatspärm",
                "file": "files/material.pdf",
            },
            {
                "key": "riktlinje-sol",
                "type": "riktlinje",
                "title": "Riktlinjer för handläggning enligt socialtjänstlagen",
                "url": "https://example.se/riktlinje-sol.pdf",
            },
        ],
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": "ledningssystem",
                "title": "Socialförvaltningens ledningssystem",
                "intro": "<p>Ledningssystemet <script>alert(1)</script>innehåller…</p>",
                "sections": [
                    {
                        "heading": "Verksamhetsspecifika områden",
                        "links": [{"page": "vard-och-omsorg"}],
                    },
                    {
                        "heading": "Länkar till samtliga dokument i ledningssystemet",
                        "links": [{"page": "vard-och-omsorg/rutiner", "text": "Rutiner"}],
                    },
                ],
            },
            {
                "type": "area",
                "path": "vard-och-omsorg",
                "title": "Vård och Omsorg",
                "intro": "<p>Här finner du vård och omsorgs specifika delar.</p>",
                "groups": [
                    {
                        "heading": "Att verkställa beslut",
                        "links": [{"page": "vard-och-omsorg/verkstalla-beslut-om-hemtjanst"}],
                    }
                ],
            },
            {
                "type": "process",
                "path": "vard-och-omsorg/verkstalla-beslut-om-hemtjanst",
                "title": "Verkställa beslut om hemtjänst",
                "intro": "<p>Hemtjänst ska underlätta boendet.</p>",
                "page_owner": "Chef för område 2 och område 3",
                "process_kind": "karnprocess",
                "reviewed_by": "Ledningsgrupp Vård och omsorg",
                "approved_by": "Chef Vård och omsorg",
                "approved_on": "2015-05-28",
                "revised_on": "2017-11-30",
                "workplaces": ["hemtjanst-omr-2"],
                "body": [
                    {"type": "heading", "text": "Rutiner"},
                    {
                        "type": "documents",
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [
                            {
                                "document": "rutin-nyckelhantering",
                                "children": [{"document": "material-i-insatsparm"}],
                            }
                        ],
                    },
                    {
                        "type": "risks",
                        "rows": [
                            {"risk": "Nyckel kommer bort", "severity": 3, "likelihood": 2},
                        ],
                    },
                    {
                        "type": "related",
                        "heading": "Relaterat material",
                        "links": [{"url": "https://example.se/lathundar", "text": "Lathundar"}],
                    },
                    {
                        "type": "process_map",
                        "title": "Process Verkställa beslut hemtjänst",
                        "large": True,
                        "document": "riktlinje-sol",
                    },
                ],
            },
            {
                "type": "documents",
                "path": "vard-och-omsorg/rutiner",
                "title": "Rutiner Socialförvaltningen",
                "document_types": ["rutin"],
            },
        ],
    }


@pytest.fixture
def files_dir(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF)
    (tmp_path / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.5"))
    return tmp_path


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def counts() -> tuple[int, ...]:
    return (
        Workplace.objects.count(),
        GovernedDocument.objects.count(),
        Page.objects.count(),
        Revision.objects.count(),
        get_document_model().objects.count(),
    )


def errors_of(data, files) -> list[str]:
    with pytest.raises(ImportValidationError) as caught:
        import_ledningssystem(data, files_dir=files)
    return caught.value.messages


def test_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(schema())


def test_the_inlined_schema_finds_what_the_published_one_finds():
    """The import validates with schema.json's references inlined (faster on a large file):
    every mistake the published schema finds in a file, at the same place, by the same rule,
    the inlined one finds too — and a correct file passes both."""
    data = copy.deepcopy(sample())
    published = Draft202012Validator(schema(), format_checker=FormatChecker(formats=["date"]))
    assert not list(published.iter_errors(data)) and not list(validator().iter_errors(data))

    data["format"] = "ledningssystem/2"
    data["workplaces"][0]["key"] = "Vård"
    data["documents"][0].update({"titel": "x", "approved_on": "2015-02-30", "tags": [1]})
    data["documents"][1].update({"file": "../../etc/passwd", "type": "memo"})
    data["documents"][2]["history"] = [{"number": "ett", "in_force_from": "igår"}]
    data["pages"][0]["sections"][0]["links"][0].update({"url": "ftp://x.se"})
    data["pages"][2]["body"][2]["rows"].append({"risk": "", "severity": 7, "likelihood": 0})
    data["pages"][2]["body"].append({"type": "okänd"})
    data["pages"].append({"type": "process", "path": "/Fel väg", "title": None})

    def found(validator_: Draft202012Validator) -> list[tuple]:
        leaves = [leaf for top in validator_.iter_errors(data) for leaf in _leaf_errors(top)]
        return sorted((list(e.absolute_path), e.validator, _message(e)[1]) for e in leaves)

    expected = found(published)
    assert len(expected) >= 15, expected
    assert found(validator()) == expected


@pytest.mark.django_db
def test_import_creates_the_tree_documents_and_workplaces(files_dir):
    report = import_ledningssystem(sample(), files_dir=files_dir)

    assert report.created == {"workplaces": 2, "documents": 3, "pages": 4}
    start = StartPage.objects.get(slug="ledningssystem")
    assert start.live and start.get_parent().specific_class.__name__ == "HomePage"
    assert "<script>" not in start.intro and "Ledningssystemet" in start.intro
    area = AreaPage.objects.child_of(start).get()
    process = ProcessPage.objects.child_of(area).get()
    assert process.live and process.page_owner == "Chef för område 2 och område 3"
    assert str(process.revised_on) == "2017-11-30"
    assert list(process.workplaces.values_list("key", flat=True)) == ["hemtjanst-omr-2"]
    documents_block = next(b for b in process.body if b.block_type == "documents")
    item = documents_block.value["items"][0]
    assert item["document"].title == "Rutin Nyckelhantering av hemtjänsten"
    assert [c.title for c in item["children"]] == ["Material i insatspärm"]
    assert DocumentIndexPage.objects.get(slug="rutiner").document_types == ["rutin"]

    document = GovernedDocument.objects.get(key="rutin-nyckelhantering")
    assert document.live and document.file.file.read() == MINIMAL_PDF
    assert [t.name for t in document.tags.all()] == ["hemtjänst"]
    assert Workplace.objects.get(key="hemtjanst-omr-2").parent.key == "vo"

    # Links resolve to the imported pages: the start page lists the area.
    section = start.sections[0].value
    assert section["links"][0]["page"].specific == area


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(files_dir):
    import_ledningssystem(sample(), files_dir=files_dir)
    before, files_before = counts(), media_files()

    report = import_ledningssystem(sample(), files_dir=files_dir)

    assert report.changed == 0
    assert report.unchanged == {"workplaces": 2, "documents": 3, "pages": 4}
    assert counts() == before
    assert media_files() == files_before


@pytest.mark.django_db
def test_a_changed_entry_gets_a_new_revision_and_the_rest_is_left_alone(files_dir):
    import_ledningssystem(sample(), files_dir=files_dir)
    process = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    revisions = process.revisions.count()
    changed = sample()
    changed["pages"][2]["body"][2]["rows"][0]["likelihood"] = 1
    (files_dir / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.7"))

    report = import_ledningssystem(changed, files_dir=files_dir)

    assert report.updated == {"pages": 1, "documents": 1}
    assert report.unchanged["pages"] == 3
    process.refresh_from_db()
    assert process.revisions.count() == revisions + 1
    risks = next(b for b in process.body if b.block_type == "risks")
    assert risks.value["rows"][0]["likelihood"] == 1
    material = GovernedDocument.objects.get(key="material-i-insatsparm")
    assert b"1.7" in material.file.file.read()


@pytest.mark.django_db
def test_dry_run_reports_but_writes_nothing(files_dir):
    before, files_before = counts(), media_files()

    report = import_ledningssystem(sample(), files_dir=files_dir, dry_run=True)

    assert report.dry_run and report.created["pages"] == 4
    assert "Torrkörning" in report.summary()
    assert counts() == before
    assert media_files() == files_before


@pytest.mark.django_db
def test_severity_out_of_range_is_named_by_entry_and_field_and_nothing_is_written(files_dir):
    data = sample()
    data["pages"][2]["body"][2]["rows"][0]["severity"] = 7
    before, files_before = counts(), media_files()

    messages = errors_of(data, files_dir)

    assert messages == [
        "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst): "
        "body[2].rows[0].severity: 7 är inte mellan 1 och 4"
    ]
    assert counts() == before and media_files() == files_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["documents"][0].update({"titel": "x"}),
            "documents[0] (rutin-nyckelhantering): titel: okänd nyckel (stavfel?)",
        ),
        (
            lambda d: d.update({"format": "ledningssystem/2"}),
            "format: ska vara ”ledningssystem/1”",
        ),
        (
            lambda d: d["documents"][0].update({"approved_on": "2015-02-30"}),
            "documents[0] (rutin-nyckelhantering): approved_on: ”2015-02-30” är inget giltigt "
            "datum (ÅÅÅÅ-MM-DD)",
        ),
        (
            lambda d: d["pages"][0]["sections"][0]["links"][0].update({"url": "https://x.se"}),
            "pages[0] (startsidan): sections[0].links[0]: ange exakt en av: page, document, url",
        ),
        (
            lambda d: d["documents"][1].update({"file": "files/saknas.pdf"}),
            "documents[1] (material-i-insatsparm): file: filen ”",
        ),
        (
            lambda d: d["documents"][1].update({"file": "../../etc/passwd"}),
            "documents[1] (material-i-insatsparm): file: ”../../etc/passwd” får inte innehålla ..",
        ),
        (
            lambda d: d["pages"][2]["body"][1]["items"].append({"document": "riktlinje-sol"}),
            "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst): "
            "body[1].items[1].document: ”riktlinje-sol” är av typen riktlinje, listan gäller rutin",
        ),
        (
            lambda d: d["pages"][2]["body"][3]["links"].append({"page": "finns-inte"}),
            "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst): "
            "body[3].links[1].page: sidan ”finns-inte” finns inte",
        ),
        (
            lambda d: d["pages"].append(
                {"type": "process", "path": "saknas/steg", "title": "Steg"}
            ),
            "pages[4] (saknas/steg): path: föräldersidan ”saknas” finns inte tidigare i filen "
            "eller i databasen",
        ),
        (
            lambda d: d["pages"].append(
                {"type": "area", "path": "vard-och-omsorg/rutiner/x", "title": "X"}
            ),
            "pages[4] (vard-och-omsorg/rutiner/x): type: sidtypen ”verksamhetsområde” får inte "
            "ligga under sidtypen ”dokumentsida”",
        ),
        (
            lambda d: d["workplaces"][0].update({"parent": "hemtjanst-omr-2"}),
            "workplaces[0] (vo): parent: arbetsplatserna bildar en cirkel",
        ),
        (
            lambda d: d["pages"][2]["body"][2]["rows"].append(
                {"risk": "Brukaren skadas", "severity": 4, "likelihood": 3}
            ),
            "pages[2] (vard-och-omsorg/verkstalla-beslut-om-hemtjanst): "
            "body[2].rows[1].action: Riskvärdet är 12: ange en åtgärd",
        ),
    ],
)
def test_invalid_input_is_refused_with_a_message_naming_entry_and_field(
    files_dir, change, expected
):
    data = copy.deepcopy(sample())
    change(data)
    before, files_before = counts(), media_files()

    messages = errors_of(data, files_dir)

    assert any(message.startswith(expected) for message in messages), messages
    assert counts() == before
    assert media_files() == files_before


@pytest.mark.django_db
def test_a_failing_import_into_an_existing_system_leaves_it_as_it_was(files_dir):
    import_ledningssystem(sample(), files_dir=files_dir)
    before, files_before = counts(), media_files()
    data = sample()
    data["documents"][0]["title"] = "Nytt namn"
    (files_dir / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF + b"%changed")
    data["pages"][2]["body"][2]["rows"][0]["severity"] = 0

    with pytest.raises(ImportValidationError):
        import_ledningssystem(data, files_dir=files_dir)

    assert counts() == before and media_files() == files_before
    document = GovernedDocument.objects.get(key="rutin-nyckelhantering")
    assert document.title == "Rutin Nyckelhantering av hemtjänsten"
    assert document.file.file.read() == MINIMAL_PDF


@pytest.mark.django_db
def test_export_then_import_into_an_empty_system_reproduces_it(files_dir, tmp_path):
    import_ledningssystem(sample(), files_dir=files_dir)
    export_dir = tmp_path / "export"
    exported = export_ledningssystem(files_dir=export_dir)
    assert exported["format"] == "ledningssystem/1"
    assert schema_errors(exported) == []

    StartPage.objects.get().delete()
    GovernedDocument.objects.all().delete()
    Workplace.objects.filter(parent__isnull=False).delete()
    Workplace.objects.all().delete()
    assert export_ledningssystem()["pages"] == []

    report = import_ledningssystem(exported, files_dir=export_dir)

    assert report.created == {"workplaces": 2, "documents": 3, "pages": 4}
    assert export_ledningssystem() == exported
    document = GovernedDocument.objects.get(key="rutin-nyckelhantering")
    assert document.file.file.read() == MINIMAL_PDF


@pytest.mark.django_db
def test_commands_export_and_import(files_dir, tmp_path, capsys):
    source = files_dir / "ledningssystem.json"
    source.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")

    call_command("import_ledningssystem", str(source), files=str(files_dir))
    assert "sidor: 4 nya" in capsys.readouterr().out

    target = tmp_path / "ut" / "export.json"
    target.parent.mkdir()
    call_command("export_ledningssystem", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [p["path"] for p in exported["pages"]][:2] == ["", "vard-och-omsorg"]
    assert (target.parent / "files" / "rutin-nyckelhantering.pdf").read_bytes() == MINIMAL_PDF

    broken = sample()
    broken["pages"][2]["body"][2]["rows"][0]["severity"] = 7
    source.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError, match="Inget har sparats"):
        call_command("import_ledningssystem", str(source), files=str(files_dir))
    assert "body[2].rows[0].severity: 7 är inte mellan 1 och 4" in capsys.readouterr().err


@pytest.mark.django_db
def test_not_json_is_refused_with_line_and_column(tmp_path):
    broken = tmp_path / "trasig.json"
    broken.write_text('{"format": "ledningssystem/1",\n "pages": [}', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_ledningssystem", str(broken))


def test_the_command_exits_non_zero_on_invalid_input(tmp_path):
    """As a user runs it: a separate process, exit status and message on stderr."""
    data = sample()
    data["documents"][0]["type"] = "rutinn"
    source = tmp_path / "fel.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings.test"}
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "import_ledningssystem", str(source)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode != 0
    assert "documents[0] (rutin-nyckelhantering): type: ”rutinn” är inte tillåtet" in result.stderr
    assert "Importen avbröts: 1 fel. Inget har sparats." in result.stderr
