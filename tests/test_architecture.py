"""The shape of the code (docs/architecture.md) that import-linter cannot check: imports are
written at the top of a module, where a reader sees what the module depends on. Which way those
imports may go is checked by `make lint` ([tool.importlinter] in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGES = ("intranet", "search", "tasks")

# Django asks for these imports late: AppConfig.ready() connects receivers once every app's
# models are loaded. (Migrations are skipped: Django imports each where it runs it.)
DJANGO_LATE = {("apps.py", "ready")}

# The only other late imports, each with its reason.
LATE_BY_CHOICE = {
    # pypdf takes about a quarter of a second to import; only a worker reading a PDF needs it,
    # not every web process that starts (search.apps imports the extraction through the tasks).
    ("search/extraction.py", "extract_pdf"),
    ("intranet/ledning/governance/selectors.py", "pdf_is_tagged"),
    # Every command and web process starts Django; these were imported at every start only
    # for one import file, one read-confirmation export (measured with -X importtime on the
    # start of manage.py check_links: jsonschema about 0.1 s, openpyxl about 0.15 s).
    ("intranet/ledning/exchange/schema.py", "validator"),
    ("intranet/ledning/exchange/schema.py", "entry_validators"),
    ("intranet/ledning/exchange/schema.py", "_message"),
    ("intranet/ledning/readconfirm/admin_views.py", "export"),
    # httpx (and rich, in development) only in the link check's HTTP process, forked when a
    # check starts: not at every start of Django (about 0.03 s; more with rich).
    ("intranet/ledning/linkcheck/worker.py", "_serve"),
}


def late_imports(source: str, where: str) -> list[str]:
    """ "where:line in function()" for every import inside a function of this module."""
    found = []
    for function in ast.walk(ast.parse(source, filename=where)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if (where.rsplit("/", 1)[-1], function.name) in DJANGO_LATE:
            continue
        if (where, function.name) in LATE_BY_CHOICE:
            continue
        found.extend(
            f"{where}:{node.lineno} in {function.name}()"
            for node in ast.walk(function)
            if isinstance(node, ast.Import | ast.ImportFrom)
        )
    return found


def test_a_late_import_is_found():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from x import Y\n"
        "class C:\n"
        "    def method(self):\n"
        "        from . import selectors\n"
    )
    assert late_imports(source, "intranet/example.py") == ["intranet/example.py:6 in method()"]


def test_imports_are_written_at_the_top_of_the_module():
    modules = [
        path
        for package in PACKAGES
        for path in sorted((REPOSITORY / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]
    found = []
    for path in modules:
        where = path.relative_to(REPOSITORY).as_posix()
        found += late_imports(path.read_text(encoding="utf-8"), where)
    assert len(modules) > 100
    assert found == []
