"""An import file read entry by entry, so that the import's memory does not grow with the file.

A ``ledningssystem/1`` file is one JSON object whose large parts are three lists (workplaces,
documents, pages). ``FileSource`` reads the file in chunks and parses one entry of a list at a
time with the standard library's JSON parser (``JSONDecoder.raw_decode``, the same C scanner
``json.loads`` uses): the import validates and writes the file in passes over its entries and
keeps only what cross-references need (keys, paths, types), never the whole parsed file. A
100,000-document file parses to about 250 MB of Python objects; read this way the import holds
one entry (or one batch of entries) at a time.

Anything the entry-by-entry reading does not expect — a syntax error, a top level that is not
an object, a key given twice — makes the file be read whole with ``json.loads`` as before
(``load_import_file``), so that the messages (line and column of a syntax error, the last of
two equal keys winning) are exactly those of ``json.loads``. ``DataSource`` gives the same
passes over data already parsed (the import called from code).

The file is opened once and read again from the start for each pass through the same open
file, so a file replaced (renamed over) while the import runs is not mixed with the old one.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The lists read entry by entry; everything else at the top level is read whole (small).
SECTIONS = ("workplaces", "documents", "pages")
CHUNK = 1 << 16
_WHITESPACE = " \t\n\r"
_decoder = json.JSONDecoder()


class _Unexpected(Exception):
    """The file is not what the entry-by-entry reading handles: read it whole instead."""


class ImportSource(ABC):
    """The top level of an import file and passes over the entries of its lists.

    ``top``: the top-level object with each list section emptied ([]), or the top-level value
    when it is not an object; ``sections``: the list sections present; ``entries(section)``:
    the entries of one list, in order, read again on every call."""

    top: Any
    sections: tuple[str, ...]
    counts: dict[str, int]

    @abstractmethod
    def entries(self, section: str) -> Iterator[Any]:
        """The entries of one list section, in order."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def close(self) -> None:  # noqa: B027 (a source of parsed data holds nothing to let go)
        """Let go of the file (if any)."""

    def __enter__(self) -> ImportSource:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _split(data: Any) -> tuple[Any, tuple[str, ...]]:
    if not isinstance(data, dict):
        return data, ()
    sections = tuple(k for k in SECTIONS if isinstance(data.get(k), list))
    return {k: ([] if k in sections else v) for k, v in data.items()}, sections


class DataSource(ImportSource):
    """Data already parsed (a dict, as the import is called from code and tests)."""

    def __init__(self, data: Any):
        self.data = data
        self.top, self.sections = _split(data)
        self.counts = {s: len(data[s]) for s in self.sections}

    def entries(self, section: str) -> Iterator[Any]:
        if section in self.sections:
            yield from self.data[section]


class FileSource(ImportSource):
    """A file read entry by entry (see the module's docstring). Opened with ``open_import_file``,
    which also reads it once to check its syntax and find its top level."""

    def __init__(self, path: Path, handle: Any):
        self.path = path
        self.handle = handle
        self.top: dict[str, Any] = {}
        self.sections = ()
        self.counts = {}

    def close(self) -> None:
        self.handle.close()

    def scan(self) -> None:
        """Read the whole file once: its syntax, its top-level values, the lengths of its lists
        (entries are parsed and let go). Raises _Unexpected for anything else."""
        sections: list[str] = []
        for event, key, value in self._events(None):
            if event == "value":
                if key in self.top:
                    raise _Unexpected  # a key given twice: json.loads keeps the last one
                self.top[key] = value
            elif event == "list":
                if key in self.top:
                    raise _Unexpected
                self.top[key] = []
                sections.append(key)
                self.counts[key] = 0
            else:
                self.counts[key] += 1
        self.sections = tuple(s for s in SECTIONS if s in sections)

    def entries(self, section: str) -> Iterator[Any]:
        if section not in self.sections:
            return
        for event, key, value in self._events(section):
            if event == "entry" and key == section:
                yield value
            elif event == "end" and key == section:
                return

    def _events(self, wanted: str | None) -> Iterator[tuple[str, str, Any]]:
        """("value", key, value) for a top-level value, ("list", key, None) when a section's
        list begins, ("entry", key, entry) for each entry and ("end", key, None) when it ends.
        With ``wanted``, only that section's entries are parsed; other values are parsed (the
        JSON scanner has no cheaper way to skip them) and not kept."""
        scanner = _Scanner(self.handle)
        scanner.expect("{")
        if scanner.peek() == "}":
            scanner.pos += 1
        else:
            while True:
                key = scanner.value()
                if not isinstance(key, str):
                    raise _Unexpected
                scanner.expect(":")
                if key in SECTIONS and scanner.peek() == "[":
                    scanner.pos += 1
                    yield "list", key, None
                    if scanner.peek() == "]":
                        scanner.pos += 1
                    else:
                        while True:
                            entry = scanner.value()
                            if wanted is None or wanted == key:
                                yield "entry", key, entry
                            del entry
                            if scanner.closes("]"):
                                break
                    yield "end", key, None
                else:
                    value = scanner.value()
                    yield "value", key, value
                if scanner.closes("}"):
                    break
        if scanner.peek() != "":
            raise _Unexpected  # extra data after the object


class _Scanner:
    """A window on a text file: whitespace and single marks read by hand, values by the JSON
    parser from the window, refilled from the file when a value runs past its end."""

    def __init__(self, handle: Any):
        handle.seek(0)
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def fill(self) -> bool:
        """More of the file after what is unread (at least as much again as is unread, so that
        a value larger than a chunk is parsed a bounded number of times)."""
        if self.eof:
            return False
        rest = self.buffer[self.pos :]
        chunk = self.handle.read(max(CHUNK, len(rest)))
        if not chunk:
            self.eof = True
            return False
        self.buffer = rest + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            buffer, pos = self.buffer, self.pos
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(buffer) or not self.fill():
                return buffer[pos] if pos < len(buffer) else ""

    def expect(self, mark: str) -> None:
        if self.peek() != mark:
            raise _Unexpected
        self.pos += 1

    def closes(self, closing: str) -> bool:
        """After a member: True at the closing mark, False at a comma (both read)."""
        mark = self.peek()
        self.pos += 1
        if mark == closing:
            return True
        if mark != ",":
            raise _Unexpected
        return False

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if self.fill():
                    continue
                raise _Unexpected from None
            if end == len(self.buffer) and self.fill():
                # A number or literal may go on in the next chunk.
                continue
            self.pos = end
            return value


def open_source(path: Path) -> FileSource | None:
    """The file as a FileSource, or None when it is to be read whole (see the module's
    docstring). Raises OSError, UnicodeDecodeError and RecursionError as reading the file
    does."""
    handle = path.open(encoding="utf-8")
    source = FileSource(path, handle)
    try:
        source.scan()
    except _Unexpected:
        handle.close()
        return None
    except BaseException:
        handle.close()
        raise
    return source
