"""The import reads its file entry by entry (exchange/reader.py): what the command holds while it
imports does not grow with the file, and a file it reads so gives the same result and the same
messages as the same data handed to the importer whole."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem, services
from intranet.ledning.models import GovernedDocument

#: A long summary makes each entry large (about 8 KB), so that holding every entry of the file
#: shows clearly beside what one batch of entries costs.
SUMMARY = "Så här tar hemtjänsten emot, förvarar och lämnar tillbaka nycklar. " * 120


def system(prefix: str, documents: int) -> dict:
    return {
        "format": "ledningssystem/1",
        "workplaces": [{"key": "omr-1", "name": "Hemtjänst område 1", "parent": None}],
        "documents": [
            {
                "key": f"{prefix}-{n}",
                "type": "rutin",
                "title": f"Rutin nyckelhantering {prefix} {n}",
                "summary": SUMMARY,
                "url": f"https://example.se/{prefix}-{n}.pdf",
                "workplaces": ["omr-1"],
            }
            for n in range(documents)
        ],
    }


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def peak_of_command(path: Path) -> int:
    """The most memory Python held during `manage.py import_ledningssystem path`, in bytes."""
    tracemalloc.start()
    try:
        call_command("import_ledningssystem", str(path), verbosity=0)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_the_commands_memory_does_not_grow_with_the_file(tmp_path, monkeypatch):
    """Four times the entries (each about 8 KB) cost the command little more: it holds a batch
    of entries and the keys of the others, not the file nor its parsed entries."""
    monkeypatch.setattr(services, "BATCH", 3)
    peak_of_command(write(tmp_path / "varm.json", system("varm", 3)))  # caches filled
    small = write(tmp_path / "liten.json", system("liten", 12))
    large = write(tmp_path / "stor.json", system("stor", 48))
    grown_file = large.stat().st_size - small.stat().st_size

    small_peak = peak_of_command(small)
    large_peak = peak_of_command(large)

    assert GovernedDocument.objects.filter(key__startswith="stor-").count() == 48
    # Holding the file or its parsed entries costs more than the file grew (the text alone
    # twice, as Python stores "å" in two bytes; before: 3.3 times). What the import keeps of
    # an entry is its key (now: 0.3 times, a batch's objects included).
    assert large_peak - small_peak < grown_file, (small_peak, large_peak, grown_file)


def broken_system() -> dict:
    data = system("fel", 3)
    data["documents"][0]["type"] = "rutinn"
    data["documents"][1]["workplaces"] = ["omr-9"]
    data["documents"][2]["key"] = "fel-0"
    return data


@pytest.mark.django_db
def test_a_file_read_entry_by_entry_gets_the_messages_of_the_whole_data(tmp_path, capsys):
    source = write(tmp_path / "fel.json", broken_system())
    with pytest.raises(ImportValidationError) as whole:
        import_ledningssystem(broken_system())

    with pytest.raises(CommandError, match="Inget har sparats"):
        call_command("import_ledningssystem", str(source))

    assert capsys.readouterr().err.splitlines() == whole.value.messages
    assert whole.value.messages == [
        "documents[0] (fel-0): type: ”rutinn” är inte tillåtet; välj en av: "
        "riktlinje, rutin, blankett, informationsmaterial"
    ]
    data = broken_system()
    data["documents"][0]["type"] = "rutin"
    source = write(tmp_path / "fel.json", data)
    with pytest.raises(ImportValidationError) as whole:
        import_ledningssystem(data)
    with pytest.raises(CommandError, match="Inget har sparats"):
        call_command("import_ledningssystem", str(source))
    assert capsys.readouterr().err.splitlines() == whole.value.messages
    assert len(whole.value.messages) == 2
    assert not GovernedDocument.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A syntax error: line and column as json.loads gives them.
        (
            '{"format": "ledningssystem/1",\n "documents": [{"key": "a"},\n ]}',
            "Filen är inte giltig JSON: rad 3, kolumn 2: Expecting value",
        ),
        ('{"format": "ledningssystem/1"} {}', "Filen är inte giltig JSON: rad 1, kolumn 32"),
        # A key given twice: the last one counts, as json.loads reads it.
        (
            '{"format": "ledningssystem/1", "documents": [], "documents": [{"key": "a"}]}',
            "documents[0] (a): type: fältet saknas",
        ),
        ('["ledningssystem/1"]', "filen: ska vara ett objekt"),
    ],
)
def test_odd_files_get_the_messages_of_reading_them_whole(tmp_path, capsys, text, expected):
    source = tmp_path / "udda.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_ledningssystem", str(source))
    assert expected in capsys.readouterr().err
