#!/usr/bin/env python3
"""Generate the demo's document files: small PDFs with the header of seed 000.

Reads ``intranet/portal/demo/ledningssystem.json`` and writes one PDF for every document entry
that names a ``file`` (``files/<key>.pdf``). Each PDF starts with the document header that
socialförvaltningens rutin för ledningssystem prescribes (Dokumenttyp, Titel, Granskad av,
Fastställd av, Fastställd datum, Reviderad datum, Författare) followed by a few lines of content
drawn from the seed documents. The process map document is drawn as a swimlane chart.

No dependencies beyond the standard library: the PDF writer below uses the standard Helvetica
fonts with WinAnsiEncoding (so å, ä and ö render) and compresses page content with zlib. The
output is deterministic, so regenerating unchanged data gives byte-identical files.

Usage:
    python scripts/make_demo_files.py           # (re)write the files
    python scripts/make_demo_files.py --check   # exit 1 if a file is missing or out of date
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "intranet" / "portal" / "demo"
DEMO_FILE = DEMO_DIR / "ledningssystem.json"

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)

TYPE_LABELS = {
    "riktlinje": "Riktlinje",
    "rutin": "Rutin",
    "blankett": "Blankett",
    "informationsmaterial": "Informationsmaterial",
}

# ---------------------------------------------------------------------------------------------
# Fonts: Helvetica glyph widths (1/1000 em) from the standard AFM files.
# ---------------------------------------------------------------------------------------------

# fmt: off
_HELVETICA_ASCII = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p..~
]
_HELVETICA_BOLD_ASCII = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
_EXTRA = {  # (regular, bold) for the non-ASCII characters the demo uses
    "å": (556, 556), "ä": (556, 556), "ö": (556, 611), "é": (556, 556), "ü": (556, 611),
    "Å": (667, 722), "Ä": (667, 722), "Ö": (778, 778), "É": (667, 667), "Ü": (722, 722),
    "–": (556, 556), "—": (1000, 1000), "”": (333, 500), "“": (333, 500), "’": (222, 278),
    "•": (350, 350), "§": (556, 556), "×": (584, 584), "…": (1000, 1000), "°": (400, 400),
}
# fmt: on


def char_width(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        table = _HELVETICA_BOLD_ASCII if bold else _HELVETICA_ASCII
        return table[code - 32]
    return _EXTRA.get(char, (556, 611))[1 if bold else 0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(char_width(char, bold) for char in text) * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap; words longer than the line are kept whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsiEncoding (cp1252), ASCII-safe with octal escapes."""
    out = []
    for byte in text.encode("cp1252", errors="replace"):
        if byte in (0x28, 0x29, 0x5C):  # ( ) \
            out.append("\\" + chr(byte))
        elif 32 <= byte <= 126:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def pdf_text_string(text: str) -> str:
    """A text string for the document information dictionary (UTF-16BE with BOM)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# ---------------------------------------------------------------------------------------------
# Pages and a minimal PDF writer
# ---------------------------------------------------------------------------------------------


@dataclass
class Page:
    size: tuple[float, float]
    ops: list[str] = field(default_factory=list)

    def text(
        self, x: float, y: float, text: str, size: float = 10, bold: bool = False, gray: float = 0.0
    ) -> None:
        font = "F2" if bold else "F1"
        self.ops.append(
            f"BT {gray:.2f} g /{font} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(text)} Tj ET"
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: float | None = None,
        stroke: float | None = 0.45,
        width: float = 0.6,
    ) -> None:
        ops = [f"{width:g} w"]
        if fill is not None:
            ops.append(f"{fill:.2f} g")
        if stroke is not None:
            ops.append(f"{stroke:.2f} G")
        paint = (
            "B" if fill is not None and stroke is not None else ("f" if fill is not None else "S")
        )
        ops.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re {paint}")
        self.ops.append("q " + " ".join(ops) + " Q")

    def line(
        self, points: Iterable[tuple[float, float]], width: float = 0.8, gray: float = 0.2
    ) -> None:
        points = list(points)
        path = [f"{points[0][0]:.2f} {points[0][1]:.2f} m"]
        path += [f"{x:.2f} {y:.2f} l" for x, y in points[1:]]
        self.ops.append(f"q {width:g} w {gray:.2f} G " + " ".join(path) + " S Q")

    def arrow_head(self, x: float, y: float, direction: str, gray: float = 0.2) -> None:
        size = 4.5
        if direction == "right":
            tri = [(x, y), (x - size * 1.6, y + size), (x - size * 1.6, y - size)]
        elif direction == "down":
            tri = [(x, y), (x - size, y + size * 1.6), (x + size, y + size * 1.6)]
        else:  # up
            tri = [(x, y), (x - size, y - size * 1.6), (x + size, y - size * 1.6)]
        path = f"{tri[0][0]:.2f} {tri[0][1]:.2f} m " + " ".join(
            f"{px:.2f} {py:.2f} l" for px, py in tri[1:]
        )
        self.ops.append(f"q {gray:.2f} g {path} h f Q")


def build_pdf(pages: list[Page], info: dict[str, str]) -> bytes:
    """Serialise pages into a PDF 1.4 file with Helvetica and Helvetica-Bold (WinAnsi)."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # placeholder, filled in below
    pages_obj = add("")
    font_regular = add(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    font_bold = add(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    info_obj = add(
        "<< " + " ".join(f"/{key} {pdf_text_string(value)}" for key, value in info.items()) + " >>"
    )
    kids = []
    for page in pages:
        stream = zlib.compress("\n".join(page.ops).encode("latin-1"), 9)
        content = add(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode("latin-1")
            + stream
            + b"\nendstream"
        )
        width, height = page.size
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {width:g} {height:g}] "
                f"/Resources << /Font << /F1 {font_regular} 0 R /F2 {font_bold} 0 R >> >> "
                f"/Contents {content} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode("latin-1")
    objects[pages_obj - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>"
    ).encode("latin-1")

    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\xc5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("latin-1") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("latin-1")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info_obj} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode("latin-1")
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# The document header (seed 000, "Dokumentens utseende") and flowing text
# ---------------------------------------------------------------------------------------------

MARGIN = 56
LABEL_SIZE = 7
LABEL_GRAY = 0.35


def draw_header(page: Page, doc: dict, margin: float = MARGIN) -> float:
    """Draw the header table at the top of ``page``; return the y just below it."""
    width, height = page.size
    x0, box_w = margin, width - 2 * margin
    y = height - 44

    # Row 1: organisation | Dokumenttyp
    row_h = 32
    left_w = box_w * 0.5
    page.rect(x0, y - row_h, left_w, row_h)
    page.rect(x0 + left_w, y - row_h, box_w - left_w, row_h)
    page.text(x0 + 6, y - 13, "SOCIALFÖRVALTNINGEN", 9, bold=True)
    page.text(x0 + 6, y - 25, "Socialförvaltningens ledningssystem", 9)
    page.text(x0 + left_w + 6, y - 10, "Dokumenttyp:", LABEL_SIZE, gray=LABEL_GRAY)
    page.text(x0 + left_w + 6, y - 24, TYPE_LABELS[doc["type"]], 10, bold=True)
    y -= row_h

    # Row 2: Titel
    title_lines = wrap(doc["title"], box_w - 12, 11, bold=True)
    row_h = 16 + 13 * len(title_lines)
    page.rect(x0, y - row_h, box_w, row_h)
    page.text(x0 + 6, y - 10, "Titel:", LABEL_SIZE, gray=LABEL_GRAY)
    for number, line in enumerate(title_lines):
        page.text(x0 + 6, y - 23 - 13 * number, line, 11, bold=True)
    y -= row_h

    # Row 3: Granskad av | Fastställd av | Fastställd datum | Reviderad datum
    columns = [
        ("Granskad av:", doc.get("reviewed_by") or "", 0.36),
        ("Fastställd av:", doc.get("approved_by") or "", 0.28),
        ("Fastställd datum:", doc.get("approved_on") or "", 0.18),
        ("Reviderad datum:", doc.get("revised_on") or "", 0.18),
    ]
    wrapped = [wrap(value, box_w * share - 12, 9) for _, value, share in columns]
    row_h = 16 + 11 * max(len(lines) for lines in wrapped) + 2
    x = x0
    for (label, _, share), lines in zip(columns, wrapped, strict=True):
        cell_w = box_w * share
        page.rect(x, y - row_h, cell_w, row_h)
        page.text(x + 6, y - 10, label, LABEL_SIZE, gray=LABEL_GRAY)
        for number, line in enumerate(lines):
            page.text(x + 6, y - 22 - 11 * number, line, 9)
        x += cell_w
    y -= row_h

    # Row 4: Författare
    row_h = 18
    page.rect(x0, y - row_h, box_w, row_h)
    page.text(x0 + 6, y - 12, "Författare:", LABEL_SIZE, gray=LABEL_GRAY)
    page.text(x0 + 50, y - 12.5, doc.get("author") or "", 9)
    return y - row_h


def draw_running_header(page: Page, doc: dict) -> float:
    width, height = page.size
    label = f"{TYPE_LABELS[doc['type']]} – {doc['title']}"
    lines = wrap(label, width - 2 * MARGIN, 8)
    y = height - 40
    for line in lines:
        page.text(MARGIN, y, line, 8, gray=LABEL_GRAY)
        y -= 10
    page.line([(MARGIN, y + 4), (width - MARGIN, y + 4)], width=0.5, gray=0.6)
    return y - 14


class Flow:
    """Lays out headings, paragraphs and list items over as many A4 pages as needed."""

    BODY_SIZE = 10
    LEADING = 14
    BOTTOM = 64

    def __init__(self, doc: dict) -> None:
        self.doc = doc
        self.pages: list[Page] = []
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        page = Page(A4)
        self.pages.append(page)
        if len(self.pages) == 1:
            self.y = draw_header(page, self.doc) - 28
        else:
            self.y = draw_running_header(page, self.doc)

    def _ensure(self, height: float) -> None:
        if self.y - height < self.BOTTOM:
            self._new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def width(self) -> float:
        return A4[0] - 2 * MARGIN

    def heading(self, text: str) -> None:
        self._ensure(18 + 2 * self.LEADING)  # keep a heading with its first lines
        self.y -= 6
        for line in wrap(text, self.width, 12.5, bold=True):
            self.page.text(MARGIN, self.y, line, 12.5, bold=True)
            self.y -= 17
        self.y -= 2

    def paragraph(self, text: str, marker: str = "", indent: float = 0) -> None:
        text_x = MARGIN + indent + (14 if marker else 0)
        lines = wrap(text, A4[0] - MARGIN - text_x, self.BODY_SIZE)
        for number, line in enumerate(lines):
            self._ensure(self.LEADING)
            if number == 0 and marker:
                self.page.text(MARGIN + indent, self.y, marker, self.BODY_SIZE)
            self.page.text(text_x, self.y, line, self.BODY_SIZE)
            self.y -= self.LEADING
        self.y -= 2 if marker else 6

    def field(self, label: str, lines: int = 1) -> None:
        """A form field: a label and ruled lines to write on."""
        self._ensure(16 + 22 * lines)
        self.page.text(MARGIN, self.y, label, self.BODY_SIZE, bold=True)
        self.y -= 6
        for _ in range(lines):
            self.y -= 18
            self.page.line([(MARGIN, self.y), (A4[0] - MARGIN, self.y)], width=0.5, gray=0.55)
        self.y -= 16

    def render(self, markup: str) -> None:
        """Render a tiny markup. Blocks are separated by blank lines; within a block a line
        starting with '# ' is a heading, '- ' a bullet, '1. ' a numbered item and
        '[field] Label|n' a form field with n ruled lines. Any other line continues the item
        above it (so long text can be wrapped in the source) or starts a paragraph."""
        for block in markup.strip().split("\n\n"):
            items: list[list[str]] = []  # [kind, marker, text]
            for raw in block.strip().split("\n"):
                line = raw.strip()
                if line.startswith("# "):
                    items.append(["heading", "", line[2:]])
                elif line.startswith("- "):
                    items.append(["item", "•", line[2:]])
                elif line[:1].isdigit() and ". " in line[:4]:
                    number, rest = line.split(". ", 1)
                    items.append(["item", f"{number}.", rest])
                elif line.startswith("[field] "):
                    items.append(["field", "", line[8:]])
                elif items and items[-1][0] in ("paragraph", "item"):
                    items[-1][2] += " " + line
                else:
                    items.append(["paragraph", "", line])
            for kind, marker, text in items:
                if kind == "heading":
                    self.heading(text)
                elif kind == "item":
                    self.paragraph(text, marker=marker, indent=6)
                elif kind == "field":
                    label, _, count = text.partition("|")
                    self.field(label, int(count or 1))
                else:
                    self.paragraph(text)
            self.y -= 2

    def finish(self) -> list[Page]:
        total = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            page.text(A4[0] - MARGIN - 50, 36, f"Sida {number} av {total}", 8, gray=LABEL_GRAY)
        return self.pages


# ---------------------------------------------------------------------------------------------
# Content drawn from the seeds
# ---------------------------------------------------------------------------------------------

CHANGES = (
    "# Ändringar\n"
    "Alla medarbetare kan föreslå förbättringar. Administrativa ändringar görs av en "
    "administratör för ledningssystemet; ändringar av vikt fastställs av berörd chef och ger ett "
    "nytt reviderat datum i sidhuvudet. Se Socialförvaltningens rutin för ledningssystem."
)

HEMTJANST_BACKGROUND = (
    "# Bakgrund\n"
    "Hemtjänst ska underlätta boendet och det dagliga livet när sjukdom och "
    "funktionsnedsättning gör det svårt för en person att klara sig själv. Målsättningen är att "
    "personen ska kunna bo kvar hemma så länge som möjligt."
)

SUPPORT_BACKGROUND = (
    "# Bakgrund\n"
    "Stödprocesserna stödjer genomförandet av vård och omsorgs kärnprocesser. De finns samlade "
    "på sidan Stödprocesser inom vård och omsorg i ledningssystemet."
)

TYPE_INTRO = {
    "riktlinje": "Riktlinjer förtydligar socialnämndens viljeinriktning utifrån existerande "
    "lagstiftning, dvs. vad vi gör.",
    "rutin": "Rutiner beskriver hur vi gör något.",
    "blankett": "",
    "informationsmaterial": "",
}

CONTENT: dict[str, str] = {
    "rutin-ledningssystem": """
# Syfte
Denna rutin förtydligar innehållet i riktlinje för ledningssystem med avseende på innehållet för
ledningssystemet på intranätet. Ytterligare information om ledningssystem inom socialtjänsten finns
i Socialstyrelsens föreskrift, handbok och annat material.

# Processer och styrande dokument
Processer består av en serie aktiviteter som beskriver hur vi på förvaltningen ska utföra en
uppgift. Processer beskrivs med processkartor som består av ett antal aktiviteter och tas fram
enligt dokument ”Vägledning i att skapa processkartor i yEd”. Med rutiner avses dokument, som kan
ligga kopplade till processer. Utöver det finns det även andra styrdokument i ledningssystemet,
framförallt riktlinjer, checklistor och olika typer av information.

# Avvägning: process eller dokument
Ställ följande frågor för att avgöra om en del av verksamheten ska beskrivas med processkarta eller
rutin/checklista:
- Fångar beskrivningen upp en större del av verksamheten?
- Finns det flera aktiviteter (steg) som ska utföras i en viss ordning?
- Flyttar ansvaret för att utföra aktiviteter mellan flera roller?

Om ovanstående punkter är uppfyllda bör verksamheten beskrivas med en process som tas fram enligt
dokument ”Vägledning i att skapa processkartor i yEd”.

Riktlinjer ska förtydliga socialnämndens viljeinriktning utifrån existerande lagstiftning, dvs. vad
vi gör. Rutiner beskriver hur vi gör något.

# Dokumentens utseende
Sidhuvud ska fyllas i som sidhuvudet på denna sida. Blanketter etc. som inte ska ha sidhuvud ska ha
informationen i dokumentets bakgrundsinformation. Författare ska även fyllas i när dokumentet har
sidhuvud. Följ kommunens grafiska profil när du skriver löptext. Skriv så koncist som möjligt.

# Ärendegång vid ändringar
All personal har till uppgift att föreslå förbättringar vid behov. För ytterligare information se
riktlinje för ledningssystem. Om ändringar ska göras i ett dokument (riktlinje, rutin, etc.) begärs
originalversionen ut från en av administratörerna av ledningssystemet.

# Föreslå ändringar och påpeka felaktigheter
Förbättringsförslag kan med fördel diskuteras i arbetsgrupp, t.ex. vid APT. Om det är en
administrativ ändring såsom att åtgärda en länk som inte längre fungerar eller rätta stavfel
skickas ärendet till lämplig administratör för ledningssystem som gör ändringen. Om det är en
ändring av vikt såsom förändrat arbetssätt eller att en roll ska få nya uppgifter skickas förslaget
till berörd chef som tar upp frågan för diskussion och fastställande.

# Fastställa ändringar
Ändringar av administrativ karaktär behöver inte fastställas. De utgör ej heller en revidering och
sidhuvudet ska inte förses med reviderat datum. Ändringar av vikt ska fastställas utifrån schemat i
riktlinje för ledningssystem. Fastställande chef meddelar sedan administratör för ledningssystem
som för in ändringen, noterar datum för revidering i sidhuvudet och bekräftar till fastställande
chef.

# Informera om ändringar
Personal informeras om ändringar dels genom att det finns ett reviderat datum i sidhuvudet. Detta
bör dock kompletteras med specifik information t.ex. genom en nyhet på intranätet, e-postmeddelande
till berörd personal och/eller att det tas upp på APT.

# REA: Risker, Egenkontroll och Avvikelser
Ansvar för och arbetet med riskanalyser, egenkontroll och avvikelser framgår av riktlinje för
ledningssystem.

# Fördelning uppgifter
Övergripande ansvar för olika områden framgår av riktlinje för ledningssystem. För administrativa
uppgifter kopplade till ledningssystemet finns utpekade personer inom stab, ifo samt vård och
omsorg. De har till uppgift att:
- Ha en helhetssyn för ledningssystemet på intranätet. I detta ingår att veta vad som finns och
  vilka nya inslag som bör vara gemensamt för förvaltningen.
- Uppmärksamma ansvarig chef om process eller dokument saknas.
- Bevaka att dokument som inte ska ligga i ledningssystemet inte läggs in.
- Lägga in dokument som ska ligga i ledningssystemet på intranätet.
- Skapa processkartor i yEd utifrån ansvarig chefs önskemål men med förslag på struktur utifrån hur
  verktyget fungerar.
- Introducera nya chefer i strukturen på intranätet.
- Ansvara för att det finns en lista för kontinuerliga uppdateringar. Ansvarig chef har ansvar för
  att göra prioriteringar av vilka processer som ska ingå.
""",
    "riktlinje-ledningssystem": """
# Vad är ett ledningssystem?
Ett ledningssystem är ett verktyg för ledningen att styra verksamheten mot fastställda
målsättningar. I ledningssystemet tydliggörs hur socialförvaltningen leder och styr mot god
kvalitet i våra verksamheter. Systemet ska fungera som ett stöd för alla chefer och medarbetare i
det dagliga arbetet.

# Utgångspunkter
Ledningssystemet är uppbyggt utifrån Socialstyrelsens föreskrifter och allmänna råd om
ledningssystem för systematiskt kvalitetsarbete (SOSFS 2011:9). Enligt föreskrifterna ska
ledningssystemet anpassas till den egna verksamhetens inriktning och omfattning. De lagar och
föreskrifter som styr verksamheten ska identifieras liksom de processer, aktiviteter och rutiner
som behövs för att säkra verksamhetens kvalitet.

# Processer
Processer kan delas in i kärnprocesser, ledningsprocesser och stödprocesser. Varje process ska ha
en namngiven processägare, tydligt formulerade mål och nyckeltal med angivna målvärden.

# Risker, egenkontroll och avvikelser
Verksamheterna ska fortlöpande bedöma om det finns risk för att händelser kan inträffa som kan
resultera i försämrad kvalitet. För varje risk anges allvarlighetsgrad och sannolikhet; värdena
multipliceras och visar hur omfattande åtgärder som behövs. Egenkontroll är regelbunden och
systematisk uppföljning av verksamhetens planering, genomförande, resultat och
förbättringsåtgärder.

# Fastställande
Riktlinjer fastställs av socialnämnden. Rutiner och andra styrande dokument fastställs av ansvarig
chef. Ändringar av vikt fastställs på samma sätt och ger ett nytt reviderat datum i sidhuvudet.
""",
    "ledningssystemet-pa-ines": """
# Vad är ett ledningssystem?
Ett ledningssystem är ett verktyg för ledningen att styra verksamheten mot fastställda
målsättningar. I ledningssystemet tydliggörs hur socialförvaltningen leder och styr mot god
kvalitet i våra verksamheter. Systemet ska fungera som ett stöd för alla chefer och medarbetare i
det dagliga arbetet.

# Vara inloggad på Ines
För att komma åt allt som finns i ledningssystemet på Ines behöver du vara inloggad. Sitter du på
en dator som är ansluten i nätverket ska du inte behöva logga in. För att logga in använder du
samma uppgifter som när du loggar in på datorn.

# Bokmärke på en sida
På varje innehållssida finns en stjärna. Klickar du på den så att den blir gul har du lagt ett
bokmärke på sidan. Du kommer då att kunna nå sidan via dina genvägar.

# Ledningssystemets startsida
Startsidan inleds med kraven till varför vi har ett ledningssystem. Därefter kommer områdena:
- Gemensamt för att leda verksamheten
- Verksamhetsspecifika områden
- Stödverksamhet
- Länkar till samtliga dokument i ledningssystemet

# Ledningssystemets alla dokument
Alla dokument är strukturerade på dokumentsidor efter vilken typ av dokument det är: blanketter,
mallar och checklistor; broschyrer och informationsmaterial; riktlinjer; rutiner.

# Hitta det du söker via sökfunktionen
Det snabbaste sättet att finna ett dokument eller en processbeskrivning är att skriva in relaterat
sökord i rutan för ”Sök”.
""",
    "vagledning-processkartor-yed": """
# Processer
Processer består av en serie aktiviteter som beskriver hur vi på förvaltningen ska utföra en
uppgift. Processer beskrivs med processkartor som består av ett antal aktiviteter.

# När ska en processkarta tas fram?
- Fångar beskrivningen upp en större del av verksamheten?
- Finns det flera aktiviteter (steg) som ska utföras i en viss ordning?
- Flyttar ansvaret för att utföra aktiviteter mellan flera roller?

# Så skapas processkartan
1. Ansvarig chef beskriver processen och dess roller.
2. Administratören för ledningssystemet skapar processkartan i yEd med en bana per roll.
3. Aktiviteterna placeras i den ordning de utförs, med pilar mellan stegen.
4. Processkartan fastställs av ansvarig chef och läggs in på processidan.

Stora processkartor visas på en egen sida med en länk från processidan.
""",
    "mall-rutin": """
# Så använder du mallen
Sidhuvud ska fyllas i: dokumenttyp, titel, granskad av, fastställd av, fastställd datum, reviderad
datum och författare. Följ kommunens grafiska profil när du skriver löptext. Skriv så koncist som
möjligt. Rutiner beskriver hur vi gör något.

# Syfte
[Beskriv varför rutinen finns och vad den ska säkra.]

# Ansvar
[Vilka roller gör vad?]

# Tillvägagångssätt
1. [Första steget]
2. [Nästa steg]

# Uppföljning
[Hur och när följs rutinen upp?]
""",
    "mall-riktlinje": """
# Så använder du mallen
Sidhuvud ska fyllas i: dokumenttyp, titel, granskad av, fastställd av, fastställd datum, reviderad
datum och författare. Riktlinjer ska förtydliga socialnämndens viljeinriktning utifrån existerande
lagstiftning, dvs. vad vi gör.

# Bakgrund och lagstiftning
[Vilka lagar, föreskrifter och allmänna råd styr området?]

# Socialnämndens inriktning
[Vad ska gälla i vår verksamhet?]

# Ansvarsfördelning
[Vem ansvarar för vad?]

# Uppföljning
[Hur och när följs riktlinjen upp?]
""",
    "rutin-synpunkter-och-klagomal": """
# Syfte
Enligt 5 kap. 3 § i SOSFS 2011:9 ska den som bedriver socialtjänst ta emot och utreda klagomål och
synpunkter på verksamhetens kvalitet från:
- vård- och omsorgstagare och deras närstående,
- medarbetare,
- vårdgivare,
- de som bedriver socialtjänst,
- de som bedriver verksamhet enligt LSS,
- myndigheter och
- föreningar, andra organisationer och intressenter.

# Synpunkter och klagomål
Socialnämndens inställning till synpunkter och klagomål är att de ses som en möjlighet till
förbättringar. Alla inom socialnämndens verksamheter ska kunna ta emot synpunkter och klagomål. Ett
mottaget klagomål ska besvaras av enheten, som berörs av klagomålet, inom två veckor.

Synpunkter och klagomål ska lämnas till stabens registrator, i originalform, för registrering.
Utredning av medarbetarnas, klienternas och övriga invånarnas synpunkter ska hanteras likvärdigt.
Om den klagande inte är nöjd med svaret kan han eller hon begära att klagomålet hanteras av
socialnämndens klagomålsdelegation.

# Sammanställning och analys
Synpunkter och klagomål samt andra rapporter ska sammanställas och analyseras minst en gång per år
för att identifiera mönster och trender som kan indikera på brister i verksamhetens kvalitet.
Sammanställningen behandlas på socialförvaltningens ledningsgrupp och ingår i kvalitetsberättelsen
som redovisas för socialnämnden.
""",
    "blankett-synpunkter-och-klagomal": """
Här kan du lämna synpunkter eller klagomål på socialförvaltningens verksamheter. Vi ser dina
synpunkter som en möjlighet till förbättringar. Ett klagomål besvaras inom två veckor.

[field] Vilken verksamhet gäller det?|1
[field] Beskriv din synpunkt eller ditt klagomål|5
[field] Namn och telefonnummer (om du vill ha svar)|2

Blanketten lämnas till stabens registrator.
""",
    "rutin-lex-sarah": """
# Rapporteringsskyldighet
Missförhållanden eller påtaglig risk för missförhållanden ska hanteras enligt lex Sarah. Definition
på missförhållande eller påtaglig risk för missförhållande är de brister som påverkar eller som
påtagligt riskerat att påverka den enskilde.

# Rapportera
Den som upptäcker brister rapporterar genast till enhetschef för verksamheten. Mottagare av rapport
ansvarar för att omedelbart vidta de åtgärder som situationen kräver för brukaren och berörd
personal får det stöd som krävs.

# Utreda
Utredare utreder ärendet på uppdrag av avdelningschef. Utredare avslutar utredningen samt upprättar
förslag till beslut och åtgärdsplan i samråd med avdelningschef. Av förslaget ska framgå om det
rapporterade var ett allvarligt missförhållande eller inte, och om verksamheten ska åläggas en
åtgärdsplan.

# Besluta
Socialnämnden tar beslut om anmälan till Inspektionen för vård och omsorg (IVO) ska göras.
Rapporteringsskyldigheten omfattar den egna verksamheten och gäller oberoende av den enskildes
uppfattning, men ska fullgöras med respekt för den enskildes integritet.
""",
    "blankett-rapport-lex-sarah": """
Rapport om missförhållande eller påtaglig risk för missförhållande enligt lex Sarah. Den som
upptäcker brister rapporterar genast till enhetschef för verksamheten.

[field] Verksamhet och enhet|1
[field] Datum och tid för händelsen|1
[field] Vad har hänt?|5
[field] Vilka åtgärder har vidtagits direkt?|3
[field] Rapporterad av (namn och datum)|1
""",
    "material-i-insatsparm": """
# Innehåll i insatspärmen
- Genomförandeplan
- Kontaktuppgifter till hemtjänstgruppen och ansvarig chef
- Rapporthänvisning enligt Rutin Insatspärmen och rapporthänvisning
- Informationsmaterial vid första besöket (Hemtjänstmap)
""",
}


def default_markup(doc: dict) -> str:
    """Content for documents the seeds only name: purpose, background, changes."""
    parts = ["# Syfte\n" + doc.get("summary", "")]
    intro = TYPE_INTRO[doc["type"]]
    if intro:
        parts[0] += "\n\n" + intro
    tags = set(doc.get("tags", []))
    if "hemtjänst" in tags:
        parts.append(HEMTJANST_BACKGROUND)
    elif set(doc.get("workplaces", [])) == {"vo"} and doc["type"] == "rutin":
        parts.append(SUPPORT_BACKGROUND)
    if doc["type"] != "blankett":
        parts.append(CHANGES)
    return "\n\n".join(parts)


def markup_for(doc: dict) -> str:
    specific = CONTENT.get(doc["key"])
    if not specific:
        return default_markup(doc)
    # Forms and templates are filled in by others; they carry no note on changes.
    return specific if doc["type"] == "blankett" else specific + "\n\n" + CHANGES


# ---------------------------------------------------------------------------------------------
# The process map: Verkställa beslut om hemtjänst as a swimlane chart
# ---------------------------------------------------------------------------------------------

PROCESS_LANES = ["Biståndshandläggare", "Enhetschef / planerare", "Omsorgspersonal"]
PROCESS_STEPS = [  # (lane, text)
    (0, "Beslut om hemtjänst fattas"),
    (0, "Beställning skickas till utföraren"),
    (1, "Beställningen tas emot och kontaktman utses"),
    (1, "Riskbedömning av arbetsmiljö i brukarens hem"),
    (2, "Första besöket: Hemtjänstmappen lämnas, nycklar kvitteras"),
    (2, "Genomförandeplan upprättas med brukaren"),
    (2, "Insatser utförs och dokumenteras"),
    (0, "Uppföljning av beslutet"),
]


def process_map_pages(doc: dict) -> list[Page]:
    page = Page(A4_LANDSCAPE)
    width, _ = page.size
    margin = 40
    top = draw_header(page, doc, margin=margin) - 18
    page.text(margin, top, "Processflöde verkställa hemtjänst", 12.5, bold=True)
    top -= 14

    bottom = 70
    label_w = 110
    lane_h = (top - bottom) / len(PROCESS_LANES)
    area_w = width - 2 * margin - label_w
    col_w = area_w / len(PROCESS_STEPS)
    box_w, box_h = col_w - 16, 50

    for index, name in enumerate(PROCESS_LANES):
        y = top - (index + 1) * lane_h
        page.rect(margin, y, label_w, lane_h, fill=0.9)
        page.rect(margin + label_w, y, area_w, lane_h, fill=0.97 if index % 2 else 1.0)
        for number, line in enumerate(wrap(name, label_w - 12, 9, bold=True)):
            page.text(margin + 6, y + lane_h / 2 + 4 - 11 * number, line, 9, bold=True)

    boxes = []
    for column, (lane, text) in enumerate(PROCESS_STEPS):
        x = margin + label_w + column * col_w + 8
        y = top - lane * lane_h - (lane_h + box_h) / 2
        page.rect(x, y, box_w, box_h, fill=1.0, stroke=0.15, width=0.9)
        lines = wrap(text, box_w - 8, 7.5)
        first = y + box_h / 2 + (len(lines) - 1) * 4.5 - 2.5
        for number, line in enumerate(lines):
            line_x = x + (box_w - text_width(line, 7.5)) / 2
            page.text(line_x, first - 9 * number, line, 7.5)
        boxes.append((x, y))

    for (x1, y1), (x2, y2) in itertools.pairwise(boxes):
        start = (x1 + box_w, y1 + box_h / 2)
        if y1 == y2:
            end = (x2, y2 + box_h / 2)
            page.line([start, end])
            page.arrow_head(*end, "right")
        else:
            mid_x = x2 + box_w / 2
            end = (mid_x, y2 + box_h) if y2 < y1 else (mid_x, y2)
            page.line([start, (mid_x, start[1]), end])
            page.arrow_head(*end, "down" if y2 < y1 else "up")

    note = (
        "Rutiner för varje steg finns på processidan Verkställa beslut om hemtjänst. "
        "Processkartan tas fram enligt Vägledning i att skapa processkartor i yEd."
    )
    for number, line in enumerate(wrap(note, width - 2 * margin - 70, 8)):
        page.text(margin, 54 - 10 * number, line, 8, gray=LABEL_GRAY)
    page.text(width - margin - 50, 36, "Sida 1 av 1", 8, gray=LABEL_GRAY)
    return [page]


# ---------------------------------------------------------------------------------------------


def document_info(doc: dict) -> dict[str, str]:
    """The file's background information as seed 000 describes it for Word documents."""
    approved = " ".join(filter(None, [doc.get("approved_by"), doc.get("approved_on")]))
    comments = f"Granskad: {doc.get('reviewed_by') or '–'}, Fastställd: {approved or '–'}"
    if doc.get("revised_on"):
        comments += f", Reviderad: {doc['revised_on']}"
    return {
        "Title": f"{TYPE_LABELS[doc['type']]}: {doc['title']}",
        "Author": doc.get("author") or "",
        "Subject": comments,
        "Keywords": ", ".join(doc.get("tags", [])),
        "Creator": "scripts/make_demo_files.py",
        "Producer": "Socialförvaltningens ledningssystem (demo)",
    }


def render_document(doc: dict) -> bytes:
    if doc["key"].startswith("process-"):
        pages = process_map_pages(doc)
    else:
        flow = Flow(doc)
        flow.render(markup_for(doc))
        pages = flow.finish()
    return build_pdf(pages, document_info(doc))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)

    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    stale = []
    written = 0
    for doc in data["documents"]:
        if not doc.get("file"):
            continue
        if not doc["file"].endswith(".pdf"):
            print(f"{doc['key']}: bara PDF-filer skapas, hoppar över {doc['file']}")
            continue
        target = DEMO_DIR / doc["file"]
        content = render_document(doc)
        if target.exists() and target.read_bytes() == content:
            continue
        if args.check:
            stale.append(doc["file"])
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1

    if args.check:
        for name in stale:
            print(f"inaktuell eller saknas: {name}")
        return 1 if stale else 0
    print(f"{written} filer skrivna i {DEMO_DIR / 'files'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
