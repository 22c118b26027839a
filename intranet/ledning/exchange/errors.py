from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ImportValidationError(Exception):
    """The input cannot be imported; `messages` name each entry and field that is wrong."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    def report(self, write: Callable[[str], Any]) -> str:
        """Write each message (e.g. to a command's stderr) and return the one-line refusal
        a command ends with."""
        for message in self.messages:
            write(message)
        return _("Importen avbröts: %d fel. Inget har sparats.") % len(self.messages)


def entry_label(data: Any, section: str, index: int) -> str:
    """`pages[3] (vard-och-omsorg/x)`, `documents[0] (rutin-x)`, `workplaces[1] (vo)`."""
    entries = data.get(section) if isinstance(data, dict) else None
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    return label_of(section, index, entry)


def label_of(section: str, index: int, entry: Any) -> str:
    """entry_label for the entry itself (the import reads a file entry by entry)."""
    name = None
    if isinstance(entry, dict):
        name = entry.get("path") if section == "pages" else entry.get("key")
    if isinstance(name, str):
        name = name.replace("\x00", "\\u0000")
    if name == "" and section == "pages":
        name = _("startsidan")
    return f"{section}[{index}] ({name})" if isinstance(name, str) else f"{section}[{index}]"


def field_path(parts: Iterable[Any]) -> str:
    """["body", 2, "rows", 0, "severity"] → "body[2].rows[0].severity"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def located(label: str, path: str, message: str) -> str:
    return f"{label}: {path}: {message}" if path else f"{label}: {message}"


def flatten_validation_error(
    error: ValidationError, prefix: list[Any] | None = None
) -> list[tuple[list[Any], str]]:
    """Turn a (nested) model or block ValidationError into [(field path parts, message)]."""
    prefix = list(prefix or [])
    results: list[tuple[list[Any], str]] = []
    block_errors = getattr(error, "block_errors", None)
    non_block_errors = getattr(error, "non_block_errors", None)
    if block_errors is not None or non_block_errors is not None:
        for key, child in (block_errors or {}).items():
            children = child if isinstance(child, list) else [child]
            for item in children:
                if isinstance(item, ValidationError):
                    results.extend(flatten_validation_error(item, [*prefix, key]))
        for item in non_block_errors.as_data() if non_block_errors else []:
            results.extend(flatten_validation_error(item, prefix))
        return results
    if hasattr(error, "error_dict"):
        for key, items in error.error_dict.items():
            for item in items:
                sub = [] if key == "__all__" else [key]
                results.extend(flatten_validation_error(item, [*prefix, *sub]))
        return results
    for item in error.error_list:
        message = item.message
        if item.params:
            message = message % item.params
        results.append((prefix, str(message)))
    return results
