"""Every admin view of the project's models speaks Swedish (issue 16, item 4).

The demo is loaded as ``make demo`` loads it, an LS-administrator (redaktor) and the
superuser walk the admin: the dashboard, the page explorer, the edit, add and history views of
every page type, the list, add, edit and history views of every snippet, the documents and the
reports. No known English phrase may reach the editor, whether in the text, in a placeholder,
a title or an aria-label, or in the configuration Wagtail hands its scripts."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db

OUR_APPS = {"ledning", "staff", "search", "portal"}

# English (or Python) text editors met in the admin (issue 16, item 4), and a few of its kin.
ENGLISH = (
    "None",
    "Select an option",
    "Search options",
    "Saved",
    "updated and published",
    "A comma-separated list of tags",
    "Search terms",
    "Views",
    "YEd-fil",
    "Edit account avatar",
    "Date updated",
    "Locked by",
    "Side panels",
)
# Pagination: "Page 1 of 3".
ENGLISH_PATTERNS = (re.compile(r"\d+ of \d+\b"),)

# Wagtail's strings that read the same in Swedish.
SAME_IN_SWEDISH = {
    *("Alias", "App", "Filter", "Format", "ID", "Import", "Layout", "Maximum", "Minimum"),
    "Permanent",
    *("System", "Status", "Token", "URL", "permanent", "port", "revision", "status", "system"),
    *("Wagtail API v2", "Wagtail API v3", "Wagtail frontend cache", "Wagtail routablepage"),
    "%(field_label)s:",
    "%(range_start)s - %(range_end)s",
    "%(related_model_name)s %(field_label)s",
    "%(status_display)s %(task_name)s %(started_at)s",
    "%(time_zone_option)s: %(localized_time_zone_label)s",
    "Status %(status)s",
}


def _english_catalogues(domain: str) -> list[Path]:
    """The English catalogues of the installed Wagtail apps and taggit (the source strings)."""
    return [
        path
        for app in apps.get_app_configs()
        if app.name.startswith(("wagtail", "taggit"))
        for path in Path(app.path).glob(f"locale/en/LC_MESSAGES/{domain}.po")
    ]


def untranslated(domain: str, translate) -> list[str]:
    """Wagtail's and taggit's strings that still read in English under "sv"."""
    missing = []
    with translation.override("sv"):
        for path in _english_catalogues(domain):
            for entry in polib.pofile(str(path)):
                if not entry.msgid or entry.msgid in SAME_IN_SWEDISH:
                    continue
                if entry.msgid_plural:
                    got = [translate(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
                    english = got == [entry.msgid, entry.msgid_plural]
                elif entry.msgctxt:
                    english = translate(entry.msgid, context=entry.msgctxt) == entry.msgid
                else:
                    english = translate(entry.msgid) == entry.msgid
                if english:
                    missing.append(entry.msgid)
    return sorted(set(missing))


ATTRIBUTES = ("placeholder", "title", "aria-label", "data-w-tooltip-content-value")


def _visible_text(markup: str) -> Iterator[str]:
    """The text an editor reads: text nodes (not scripts or styles), a few attributes, and the
    strings of the JSON configuration in data attributes and json_script tags."""
    page = BeautifulSoup(markup, "html.parser")
    for element in page.find_all(["style", "template"]):
        element.decompose()
    for element in page.find_all(attrs={"hidden": True}):
        element.decompose()
    for script in page.find_all("script"):
        if script.get("type") == "application/json":
            yield from _json_strings(script.get_text())
        script.decompose()
    for element in page.find_all(True):
        for name in ATTRIBUTES:
            if element.get(name):
                yield element[name]
        for name, value in element.attrs.items():
            if name.startswith("data-") and isinstance(value, str) and value[:1] in "{[":
                yield from _json_strings(value)
    yield from (text.strip() for text in page.find_all(string=True) if text.strip())


def _json_strings(value: str) -> Iterator[str]:
    # The strings of a JSON text without parsing it (some carry HTML); keys are skipped since
    # they are identifiers.
    for match in re.finditer(r'"((?:[^"\\]|\\.)*)"\s*(?!:)', html.unescape(value)):
        yield match.group(1)


def english_phrases(markup: str) -> list[str]:
    found = []
    for text in _visible_text(markup):
        for phrase in ENGLISH:
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
                found.append(f"{phrase!r} in {text[:120]!r}")
        for pattern in ENGLISH_PATTERNS:
            if pattern.search(text):
                found.append(f"{pattern.pattern!r} in {text[:120]!r}")
    return found


def admin_urls(user) -> list[str]:
    """The admin views of the project's models an editor works with."""
    finder = AdminURLFinder(user)
    urls = [reverse("wagtailadmin_home")]
    start = Page.objects.get(slug="ledningssystem").specific
    urls.append(reverse("wagtailadmin_explore", args=[start.pk]))
    seen_types = set()
    for page in Page.objects.descendant_of(start, inclusive=True).specific():
        if type(page) in seen_types:
            continue
        seen_types.add(type(page))
        urls += [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[page.pk]),
        ]
        for model in page.specific_class.allowed_subpage_models():
            urls.append(
                reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, page.pk],
                )
            )
    for model in get_snippet_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        viewset = model.snippet_viewset
        urls.append(reverse(viewset.get_url_name("list")))
        urls.append(reverse(viewset.get_url_name("add")))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None and finder.get_edit_url(instance):
            urls.append(finder.get_edit_url(instance))
            urls.append(reverse(viewset.get_url_name("history"), args=[instance.pk]))
    document = get_document_model().objects.order_by("pk").first()
    urls += [reverse("wagtaildocs:index"), reverse("wagtaildocs:edit", args=[document.pk])]
    for fn in hooks.get_hooks("register_reports_menu_item"):
        item = fn()
        urls.append(item.url)
    return list(dict.fromkeys(urls))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back after
    it (each test runs in a savepoint of it). Flushing instead would also remove what the
    migrations wrote (the default site, content types) from under the next modules."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("username", ["redaktor", "admin"])
def test_every_admin_view_is_swedish(demo, client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    english = {}
    urls = admin_urls(user)
    assert len(urls) > 40
    rendered = 0
    for url in urls:
        response = client.get(url)
        if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
            continue  # a view this user may not open (Wagtail's redirect says so in Swedish)
        if response.status_code == 302:
            # "Add child page" with one allowed page type goes straight to its form.
            url = response["Location"]
            response = client.get(url)
        assert response.status_code == 200, url
        rendered += 1
        found = english_phrases(response.content.decode())
        if found:
            english[url] = sorted(set(found))
    assert english == {}
    assert rendered > 40


def _gettext(msgid, plural=None, n=1, context=None):
    if plural:
        return translation.ngettext(msgid, plural, n)
    if context:
        return translation.pgettext(context, msgid)
    return translation.gettext(msgid)


def test_every_wagtail_string_has_swedish():
    """Messages after saving ("…updated and published."), help texts and labels the walk
    cannot reach: each of Wagtail's and taggit's strings has a Swedish translation."""
    assert untranslated("django", _gettext) == []


def test_the_admin_scripts_speak_swedish(demo, client):
    """The admin's scripts ("Search options…", "Changes have been autosaved.") read their
    strings from Wagtail's JavaScript catalogue, which the project's catalogue completes."""
    client.force_login(get_user_model().objects.get(username="redaktor"))
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.text, re.S)[1])

    def from_catalog(msgid, plural=None, n=1, context=None):
        key = f"{context}\x04{msgid}" if context else msgid
        value = catalog.get(key, msgid if not plural or n == 1 else plural)
        if isinstance(value, list):
            return value[0 if n == 1 else 1]
        return value

    assert untranslated("djangojs", from_catalog) == []
    assert catalog["Search options…"] == "Sök alternativ…"


def test_dates_people_and_empty_values_read_as_swedish(demo, client):
    """Absolute Swedish dates in the reports (not "9 år sedan" or "-3295 dagar kvar"), people
    by name in the forms, "–" for an empty stamp."""
    redaktor = get_user_model().objects.get(username="redaktor")
    client.force_login(redaktor)

    report = client.get(reverse("ledning_reports:reviews"))
    text = " ".join(_visible_text(report.content.decode()))
    assert " sedan" not in text
    assert not re.search(r"(?<![\w–])-\d", text)
    assert re.search(r"försenad \d[\d\xa0 ]* dagar", text)
    assert re.search(
        r"\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|"
        r"september|oktober|november|december) \d{4}\b",
        text,
    )

    page = Page.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    form = BeautifulSoup(
        client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content, "html.parser"
    )
    owners = form.find(attrs={"name": "page_owner_users"})
    labels = [option.get_text(strip=True) for option in owners.find_all("option")] or [
        label.get_text(strip=True) for label in owners.find_parent().find_all("label")
    ]
    assert "Erik Johansson (redaktor)" in labels
    stamps = [
        " ".join(output.get_text().split())
        for output in form.find_all(class_="w-field__textoutput")
    ]
    assert stamps and "None" not in stamps


def test_the_check_finds_english():
    markup = (
        '<div><span>Reviderad datum</span><p>None</p><input placeholder="Search options…">'
        '<nav aria-label="Page 1 of 3"></nav></div>'
    )
    assert len(english_phrases(markup)) == 3
    assert english_phrases("<p>Reviderad datum –</p><p>Sida 1 av 3</p>") == []
