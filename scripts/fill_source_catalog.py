"""Fill the Swedish catalogues' empty translations with their (Swedish) source strings.

The source strings are Swedish, so an empty msgstr already shows Swedish; filling it in makes
each catalogue the one place where a municipality adjusts wording without touching code.
Existing translations are kept. Usage: python scripts/fill_source_catalog.py PO_FILE...
"""

from __future__ import annotations

import sys

import polib


def fill(path: str) -> int:
    catalog = polib.pofile(path)
    filled = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            # msgmerge's guess from a similar string is wrong for a new Swedish source string:
            # start again from the source string.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
    catalog.metadata["Language"] = "sv"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    catalog.save(path)
    return filled


if __name__ == "__main__":
    for po_path in sys.argv[1:]:
        print(f"{po_path}: {fill(po_path)} filled")
