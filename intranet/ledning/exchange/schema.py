"""Validation of an import file against the published JSON Schema, with messages that name the
entry and the field in Swedish."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .errors import field_path, label_of, located
from .reader import SECTIONS, DataSource

if TYPE_CHECKING:  # jsonschema is imported when a file is validated, not at start-up
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError as SchemaError

    from .reader import ImportSource

SCHEMA_PATH = Path(__file__).with_name("schema.json")

# Lists and objects inside each other: the format itself needs about ten levels.
MAX_DEPTH = 32

SECTION_ORDER = {"format": 0, "workplaces": 1, "documents": 2, "pages": 3}

TYPE_NAMES = {
    "string": "text",
    "integer": "ett heltal",
    "number": "ett tal",
    "array": "en lista",
    "object": "ett objekt",
    "boolean": "true eller false",
    "null": "null",
}


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator() -> Draft202012Validator:
    """The validator of schema.json, its references inlined (``inlined``): the same rules and
    errors, without a reference lookup for every entry (a large file validates in about 60 %
    of the time)."""
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(inlined(schema()), format_checker=FormatChecker(formats=["date"]))


def inlined(document: dict[str, Any]) -> dict[str, Any]:
    """The schema with every ``{"$ref": "#/$defs/NAME"}`` replaced by that definition (itself
    inlined) and without ``$defs``. jsonschema resolves a reference each time it meets one —
    for every field of every entry of the file. The format's definitions do not refer to
    themselves (a cycle raises ValueError: such a schema cannot be inlined)."""
    defs = document.get("$defs", {})

    def inline(value: Any, within: tuple[str, ...]) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if len(value) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name in within:
                    raise ValueError(f"schema.json: $defs/{name} refers to itself")
                return inline(defs[name], (*within, name))
            return {key: inline(item, within) for key, item in value.items()}
        if isinstance(value, list):
            return [inline(item, within) for item in value]
        return value

    return {key: inline(value, ()) for key, value in document.items() if key != "$defs"}


def _pattern_message(pattern: str, value: Any) -> str:
    defs = schema()["$defs"]
    if pattern == defs["key"]["pattern"]:
        return _("”%s” är ingen giltig nyckel (bara a–z, 0–9 och bindestreck)") % value
    if pattern == defs["date"]["pattern"]:
        return _("”%s” är inget datum på formen ÅÅÅÅ-MM-DD") % value
    if pattern in (defs["pagepath"]["pattern"], defs["nonstartpath"]["pattern"]):
        return _("”%s” är ingen giltig sökväg (slugs med a–z, 0–9 och -, åtskilda av /)") % value
    if pattern == defs["relpath"]["pattern"]:
        return _("”%s” ska vara en relativ filsökväg") % value
    if pattern.startswith("^(https?") or pattern.startswith("^https?"):
        return _("”%s” är ingen webbadress (ska börja med http:// eller https://)") % value
    return _("”%(value)s” har fel form (%(pattern)s)") % {"value": value, "pattern": pattern}


def _message(error: SchemaError) -> tuple[list[Any], str]:
    """(extra path parts, Swedish message) for one schema error."""
    kind = error.validator
    value = error.instance
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return [missing[0] if missing else ""], _("fältet saknas")
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(value) - allowed) if isinstance(value, dict) else []
        return [extra[0] if extra else ""], _("okänd nyckel (stavfel?)")
    if kind == "type":
        expected = error.validator_value
        names = [
            TYPE_NAMES.get(name, name)
            for name in (expected if isinstance(expected, list) else [expected])
        ]
        return [], _("ska vara %s") % _(" eller ").join(names)
    if kind == "enum":
        options = ", ".join(
            "null" if option is None else str(option) for option in error.validator_value
        )
        return [], _("”%(value)s” är inte tillåtet; välj en av: %(options)s") % {
            "value": value,
            "options": options,
        }
    if kind == "const":
        if error.validator_value == "ledningssystem/1":
            return [], _("ska vara ”ledningssystem/1”")
        return [], _("ska vara ”%s”") % error.validator_value
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        if low is not None and high is not None:
            return [], _("%(value)s är inte mellan %(low)s och %(high)s") % {
                "value": value,
                "low": low,
                "high": high,
            }
        if kind == "minimum":
            return [], _("%(value)s är mindre än %(limit)s") % {"value": value, "limit": low}
        return [], _("%(value)s är större än %(limit)s") % {"value": value, "limit": high}
    if kind == "minLength":
        return [], _("får inte vara tomt")
    if kind == "maxLength":
        return [], _("är längre än %s tecken") % error.validator_value
    if kind == "minItems":
        return [], _("ska ha minst %s rader") % error.validator_value
    if kind == "uniqueItems":
        return [], _("innehåller dubbletter")
    if kind == "pattern":
        return [], _pattern_message(error.validator_value, value)
    if kind == "format":
        return [], _("”%s” är inget giltigt datum (ÅÅÅÅ-MM-DD)") % value
    if kind == "not":
        return [], _("”%s” får inte innehålla ..") % value
    if kind == "oneOf":
        if isinstance(value, dict):
            alternatives = [
                option["required"][0]
                for option in error.validator_value
                if isinstance(option, dict) and option.get("required")
            ]
            if alternatives:
                return [], _("ange exakt en av: %s") % ", ".join(alternatives)
        # "X or null": when a value was given, say what is wrong with it as an X.
        context = [
            child
            for child in error.context or []
            if error.validator_value[child.relative_schema_path[0]] != {"type": "null"}
        ]
        from jsonschema.exceptions import best_match

        inner = best_match(context) if context else None
        if inner is not None:
            return _message(inner)
    return [], error.message


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """Descend through allOf/if-then wrappers to the errors that say what is wrong."""
    if error.validator in ("allOf", "anyOf", "if", "then", "$ref") and error.context:
        leaves: list[SchemaError] = []
        for child in error.context:
            leaves.extend(_leaf_errors(child))
        return leaves
    return [error]


def structure_problems(
    data: Any, where: list[Any] | None = None
) -> tuple[list[tuple[list[Any], str]], bool]:
    """([(path parts, message)], too deep) for what no field of the format may hold: a NUL
    character in any text (PostgreSQL refuses it) and lists or objects nested deeper than
    MAX_DEPTH (the format needs about ten levels; a deeper file is an attack or a mistake, and
    a recursive check of it would exhaust Python's stack). Walks without recursion; ``where``
    is the place of data in the file (an entry: its list and index)."""
    problems: list[tuple[list[Any], str]] = []
    too_deep = False
    stack: list[tuple[Any, list[Any]]] = [(data, list(where or []))]
    while stack:
        value, parts = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                problems.append((parts, nul_message()))
            continue
        if not isinstance(value, dict | list):
            continue
        if len(parts) >= MAX_DEPTH:
            too_deep = True
            problems.append(
                (parts[:3], _("listor och objekt är nästlade djupare än %d nivåer") % MAX_DEPTH)
            )
            continue
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and "\x00" in key:
                    problems.append(([*parts, key.replace("\x00", "\\u0000")], nul_message()))
                    continue
                stack.append((child, [*parts, key]))
        else:
            stack.extend((child, [*parts, index]) for index, child in enumerate(value))
    return problems, too_deep


def nul_message() -> str:
    return _("innehåller ett NUL-tecken (\\u0000), som inte får förekomma i text")


def _order(parts: list[Any]) -> tuple:
    section = SECTION_ORDER.get(str(parts[0]) if parts else "", 0)
    return (section, *((0, p) if isinstance(p, int) else (1, str(p)) for p in parts))


@cache
def entry_validators() -> dict[str, Draft202012Validator]:
    """A validator per list of the format (workplaces, documents, pages) for one entry of it:
    the import validates a file entry by entry (reader.py), the top level on its own. The format
    puts no rule on a whole list (only on each entry); one that did would be missed this way,
    so such a schema is refused here."""
    from jsonschema import Draft202012Validator, FormatChecker

    full = inlined(schema())
    validators = {}
    for section in SECTIONS:
        rule = full["properties"][section]
        if set(rule) != {"type", "items"} or rule["type"] != "array":
            raise ValueError(f"schema.json: {section} has rules for the whole list")
        validators[section] = Draft202012Validator(
            rule["items"], format_checker=FormatChecker(formats=["date"])
        )
    return validators


def schema_errors(data: Any) -> list[str]:
    """All schema violations in `data`, each as `entry: field: message`, in file order."""
    return source_errors(DataSource(data))


def source_errors(source: ImportSource) -> list[str]:
    """All schema violations of an import file read entry by entry (reader.py), each as
    `entry: field: message`, in file order: the top level (its lists emptied) and then each
    entry on its own, with the messages and places of validating the whole file at once. When
    anything is nested too deep, only what no field may hold is reported (as before: the
    schema check of such a file would exhaust Python's stack)."""
    structure: list[tuple[list[Any], str, str]] = []
    found: list[tuple[list[Any], str, str]] = []

    def label(parts: list[Any], entry: Any) -> str:
        if parts and parts[0] in SECTIONS and len(parts) > 1:
            return label_of(parts[0], parts[1], entry)
        return ""

    def text(parts: list[Any], message: str, name: str) -> str:
        if name:
            return located(name, field_path(parts[2:]), message)
        return located(field_path(parts) or _("filen"), "", message)

    problems, too_deep = structure_problems(source.top)
    for parts, message in problems:
        structure.append((parts, message, ""))
    if not too_deep:
        for top in validator().iter_errors(source.top):
            for error in _leaf_errors(top):
                parts = list(error.absolute_path)
                extra, message = _message(error)
                parts.extend(part for part in extra if part != "")
                found.append((parts, message, ""))
    validators = entry_validators()
    for section in source.sections:
        check = validators[section]
        for index, entry in enumerate(source.entries(section)):
            where = [section, index]
            problems, deep = structure_problems(entry, where)
            too_deep = too_deep or deep
            for parts, message in problems:
                structure.append((parts, message, label(parts, entry)))
            if too_deep:
                continue  # the schema's errors are not reported, nor looked for any more
            for top in check.iter_errors(entry):
                for error in _leaf_errors(top):
                    parts = [*where, *error.absolute_path]
                    extra, message = _message(error)
                    parts.extend(part for part in extra if part != "")
                    found.append((parts, message, label(parts, entry)))
    ordered: list[tuple[tuple, str]] = []
    seen: set[str] = set()
    for parts, message, name in structure + ([] if too_deep else found):
        line = text(parts, message, name)
        if line not in seen:
            seen.add(line)
            ordered.append((_order(parts), line))
    return [line for _order, line in sorted(ordered, key=lambda item: item[0])]
