"""intranet.ledning installs into another Wagtail site (tests/hostsite/) and depends on nothing
of this project: not its settings modules, not intranet.portal, not search or tasks."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import global_settings

REPO = Path(__file__).resolve().parents[2]
APP_DIR = REPO / "intranet" / "ledning"
FORBIDDEN_IMPORTS = ("intranet.settings", "intranet.portal", "intranet.urls", "search", "tasks")


@pytest.fixture(scope="module")
def hostsite(tmp_path_factory) -> dict:
    """Run tests/hostsite/render.py in a fresh interpreter on the host site's settings."""
    workdir = tmp_path_factory.mktemp("hostsite")
    output = workdir / "pages.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "LEDNING_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.hostsite.settings",
        HOSTSITE_MEDIA_ROOT=str(workdir / "media"),
        PYTHONPATH=str(REPO),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostsite.render", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(output.read_text(encoding="utf-8"))


def page(hostsite, name) -> tuple[int, BeautifulSoup]:
    fetched = hostsite["pages"][hostsite[name]]
    return fetched["status"], BeautifulSoup(fetched["html"], "html.parser")


def test_hostsite_renders_a_process_page(hostsite):
    status, html = page(hostsite, "process")
    assert status == 200
    # The host's own base template wraps the page.
    assert html.find(id="hostsite-banner") is not None
    assert html.find("h1").get_text(strip=True) == "Verkställa beslut om hemtjänst"
    assert "Chef för område 2 är ansvariga för den här sidan." in html.get_text(" ")
    documents = html.find("section", class_="document-list")
    link = documents.find("a")
    assert link.get_text(strip=True) == "Rutin Nyckelhantering av hemtjänsten"
    assert link["href"] == hostsite["file"]


def test_hostsite_renders_the_document_pages(hostsite):
    status, html = page(hostsite, "index")
    assert status == 200
    assert html.find(id="hostsite-banner") is not None
    cards = html.find_all("li", class_="document-card")
    assert [card.h3.get_text(strip=True) for card in cards] == [
        "Rutin Nyckelhantering av hemtjänsten"
    ]
    status, html = page(hostsite, "document")
    assert status == 200
    assert hostsite["document"].startswith("/kvalitet/styrdokument/")
    assert "Granskad av: Ledningsgrupp Vård och omsorg" in " ".join(html.get_text(" ").split())
    status, _html = page(hostsite, "file")
    assert status == 200


# --- the app's sources ------------------------------------------------------------------------


def app_sources() -> list[Path]:
    return sorted(path for path in APP_DIR.rglob("*.py") if "migrations" not in path.parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module the file imports, relative imports resolved."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_scan_sees_the_app():
    sources = app_sources()
    assert APP_DIR / "models" / "pages.py" in sources
    assert "intranet.ledning.conf" in imported_modules(APP_DIR / "models" / "pages.py")


@pytest.mark.parametrize("path", app_sources(), ids=lambda path: str(path.relative_to(APP_DIR)))
def test_app_never_imports_the_project(path):
    offending = sorted(
        name
        for name in imported_modules(path)
        for forbidden in FORBIDDEN_IMPORTS
        if name == forbidden or name.startswith(f"{forbidden}.")
    )
    assert offending == []


def settings_read(path: Path) -> set[str]:
    """Names read from django.conf.settings: settings.NAME and getattr(settings, "NAME")."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
        ):
            names.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            key = node.args[1]
            if isinstance(key, ast.Constant):
                names.add(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                names.add(key.values[0].value + "*")
    return names


@pytest.mark.parametrize("path", app_sources(), ids=lambda path: str(path.relative_to(APP_DIR)))
def test_app_reads_only_its_own_or_framework_settings(path):
    unknown = sorted(
        name
        for name in settings_read(path)
        if not name.startswith(("LEDNING_", "WAGTAIL")) and not hasattr(global_settings, name)
    )
    assert unknown == []
