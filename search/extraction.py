"""Text from attached files: PDF (pypdf), Word .docx and OpenDocument .odt (zip + the hardened
lxml parser of ``intranet.ledning.xml``). Limits on size, pages, unpacked size, characters and
time; a file that breaks a limit or cannot be read is reported as such, never raised."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass

from lxml import etree

from intranet.ledning import xml as hardened_xml

from . import conf

PDF, DOCX, ODT = "pdf", "docx", "odt"
XML_MEMBERS = {
    DOCX: ("word/document.xml",),
    ODT: ("content.xml",),
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class ExtractionError(Exception):
    """The file cannot be read or breaks a limit (the message says which)."""


@dataclass
class Extracted:
    text: str
    truncated: bool = False


def file_kind(name: str, head: bytes) -> str | None:
    """pdf, docx, odt or None, from the extension and the file's first bytes agreeing."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == PDF and head.startswith(b"%PDF-"):
        return PDF
    if extension in (DOCX, ODT) and head.startswith(b"PK\x03\x04"):
        return extension
    if extension in (PDF, DOCX, ODT):
        raise ExtractionError(f"innehållet är inte en {extension.upper()}-fil")
    return None


class _Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ExtractionError("tidsgränsen för textutläsning överskreds")


def _limit(text: str) -> Extracted:
    limit = conf.get("EXTRACT_MAX_CHARS")
    text = " ".join(text.split())
    return Extracted(text[:limit], truncated=len(text) > limit)


def extract_pdf(data: bytes, deadline: _Deadline) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF-filen är krypterad")
        if len(reader.pages) > conf.get("EXTRACT_MAX_PAGES"):
            raise ExtractionError("PDF-filen har för många sidor")
        parts, size = [], 0
        for page in reader.pages:
            deadline.check()
            page_text = page.extract_text() or ""
            parts.append(page_text)
            size += len(page_text)
            if size > conf.get("EXTRACT_MAX_CHARS"):
                break
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise ExtractionError(f"PDF-filen kunde inte läsas: {error}") from error
    except Exception as error:  # pypdf raises many kinds on hostile input
        raise ExtractionError(f"PDF-filen kunde inte läsas: {type(error).__name__}") from error
    return _limit("\n".join(parts))


def extract_zip_xml(data: bytes, kind: str, deadline: _Deadline) -> Extracted:
    max_unpacked = conf.get("EXTRACT_MAX_UNCOMPRESSED_BYTES")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            parts = []
            for name in XML_MEMBERS[kind]:
                info = members.get(name)
                if info is None:
                    raise ExtractionError(f"{name} saknas i filen")
                if info.file_size > max_unpacked:
                    raise ExtractionError("filen är för stor uppackad")
                with archive.open(info) as member:
                    xml = member.read(max_unpacked + 1)
                if len(xml) > max_unpacked:
                    raise ExtractionError("filen är för stor uppackad")
                deadline.check()
                parts.append(_paragraphs(hardened_xml.parse(xml), kind))
    except ExtractionError:
        raise
    except hardened_xml.DoctypeRefused as error:
        raise ExtractionError("filen innehåller en DTD (inte tillåtet)") from error
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, KeyError) as error:
        raise ExtractionError(f"filen kunde inte läsas: {error}") from error
    return _limit("\n".join(parts))


def _paragraphs(root: etree._Element, kind: str) -> str:
    if kind == DOCX:
        paragraphs = root.iter(f"{{{W_NS}}}p")
        return "\n".join(
            "".join(node.text or "" for node in p.iter(f"{{{W_NS}}}t")) for p in paragraphs
        )
    blocks = [el for el in root.iter(f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h")]
    return "\n".join("".join(block.itertext()) for block in blocks)


def extract(name: str, data: bytes) -> Extracted | None:
    """The text of a file, or None for a type without text extraction."""
    if len(data) > conf.get("EXTRACT_MAX_BYTES"):
        raise ExtractionError("filen är för stor")
    kind = file_kind(name, data[:8])
    if kind is None:
        return None
    deadline = _Deadline(conf.get("EXTRACT_TIMEOUT_SECONDS"))
    if kind == PDF:
        return extract_pdf(data, deadline)
    return extract_zip_xml(data, kind, deadline)
