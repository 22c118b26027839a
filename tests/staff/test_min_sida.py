"""Min sida: workplaces from the tree, shortcuts from the catalogue and of one's own, in one's
own order, and how one wants e-mail about changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from intranet.staff import selectors, services
from intranet.staff.models import Notifications, Shortcut, UserPreferences

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db


def shortcut_names(page_soup) -> list[str]:
    return [
        text_of(item.select_one(".shortcut-editor__name a"))
        for item in page_soup.select("[data-shortcut-list] > li")
    ]


def home_shortcuts(client) -> list[str]:
    return [text_of(a) for a in soup(client.get("/")).select("[data-home-shortcuts] li > a")]


def test_min_sida_is_in_the_top_bar_and_at_its_address(staff_client):
    home = soup(staff_client.get("/"))
    link = home.select_one(".topbar").find("a", string="Min sida")
    assert link["href"] == "/min-sida/"
    page = soup(staff_client.get("/min-sida/"))
    assert text_of(page.h1) == "Min sida"
    assert [text_of(h) for h in page.select("main h2")] == [
        "Mina arbetsplatser",
        "Mina genvägar",
        "Mina bokmärken",
        "E-post om ändringar",
    ]


def test_choosing_and_changing_workplaces(staff_client, staff_user, org):
    page = soup(staff_client.get("/min-sida/"))
    labels = [text_of(label) for label in page.select(".workplace-tree label")]
    assert labels == [
        "Socialförvaltningen",
        "Individ- och familjeomsorgen",
        "Vård och omsorg",
        "Hemtjänst område 1",
        "Hemtjänst område 2",
    ]

    response = staff_client.post(
        "/min-sida/arbetsplatser/", {"workplaces": [org.omrade1.pk, org.ifo.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/min-sida/#arbetsplatser"
    page = soup(staff_client.get("/min-sida/"))
    assert "Dina arbetsplatser är sparade." in text_of(page.select_one(".messages"))
    assert text_of(page.select_one("[data-chosen-workplaces]")) == (
        "Hemtjänst område 1, Individ- och familjeomsorgen"
    )
    checked = {int(box["value"]) for box in page.select(".workplace-tree input[checked]")}
    assert checked == {org.omrade1.pk, org.ifo.pk}

    staff_client.post("/min-sida/arbetsplatser/", {"workplaces": [org.omrade2.pk]})
    assert selectors.user_workplace_ids(staff_user) == [org.omrade2.pk]
    staff_client.post("/min-sida/arbetsplatser/", {})
    assert selectors.user_workplace_ids(staff_user) == []


def test_unknown_workplaces_are_refused(staff_client, staff_user, org):
    response = staff_client.post("/min-sida/arbetsplatser/", {"workplaces": [999999]})
    assert response.status_code == 302
    assert selectors.user_workplace_ids(staff_user) == []


def test_default_shortcuts_follow_the_workplaces(staff_client, staff_user, org, tools):
    assert home_shortcuts(staff_client) == ["HR-web"]
    services.set_workplaces(staff_user, [org.omrade1])  # under Vård och omsorg
    assert home_shortcuts(staff_client) == ["HR-web", "Phoniro Care"]
    services.set_workplaces(staff_user, [org.ifo])
    assert home_shortcuts(staff_client) == ["HR-web", "Combine (myndighetssidan)"]


def test_adding_a_tool_and_a_personal_link(staff_client, staff_user, org, tools):
    services.set_workplaces(staff_user, [org.vo])
    response = staff_client.post("/min-sida/genvagar/verktyg/", {"tool": tools["kolada"].pk})
    assert response["Location"] == "/min-sida/#genvagar"
    response = staff_client.post(
        "/min-sida/genvagar/lank/", {"name": "Schemat", "url": "https://schema.example/"}
    )
    assert response.status_code == 302

    page = soup(staff_client.get("/min-sida/"))
    assert shortcut_names(page) == ["HR-web", "Phoniro Care", "Kolada", "Schemat"]
    assert home_shortcuts(staff_client) == ["HR-web", "Phoniro Care", "Kolada", "Schemat"]
    menu = [text_of(a) for a in page.select(".shortcuts-menu__list a")]
    assert menu == ["HR-web", "Phoniro Care", "Kolada", "Schemat"]
    # A tool already chosen is no longer offered.
    offered = [text_of(option) for option in page.select("#id_tool option")][1:]
    assert "Kolada" not in offered
    assert "Combine (myndighetssidan)" in offered


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://filer.example/", "schema.example", "data:text/html,x"]
)
def test_personal_links_must_be_web_addresses(staff_client, staff_user, url):
    response = staff_client.post("/min-sida/genvagar/lank/", {"name": "Länk", "url": url})
    assert response.status_code == 400
    page = soup(response)
    field = page.select_one("#id_link_url")
    assert field["aria-invalid"] == "true"
    assert "http" in text_of(page.select_one("#link-url-error"))
    assert not Shortcut.objects.filter(user=staff_user).exists()
    with pytest.raises(ValidationError):
        services.add_personal_link(staff_user, "Länk", url)


def test_a_personal_link_needs_a_name(staff_client, staff_user):
    response = staff_client.post(
        "/min-sida/genvagar/lank/", {"name": " ", "url": "https://ok.example/"}
    )
    assert response.status_code == 400
    assert "Ge länken ett namn." in text_of(soup(response).select_one("#link-name-error"))


def test_ordering_and_removing_shortcuts(staff_client, staff_user, org, tools):
    services.set_workplaces(staff_user, [org.vo])
    # Defaults (not yet the person's own rows) can be moved: they become the person's own.
    response = staff_client.post(
        "/min-sida/genvagar/flytta/", {"tool": tools["phoniro"].pk, "direction": "up"}
    )
    assert response.status_code == 302
    assert home_shortcuts(staff_client) == ["Phoniro Care", "HR-web"]
    assert UserPreferences.get_for_user(staff_user).shortcuts_customised

    link = services.add_personal_link(staff_user, "Schemat", "https://schema.example/")
    staff_client.post("/min-sida/genvagar/flytta/", {"shortcut": link.pk, "direction": "up"})
    assert home_shortcuts(staff_client) == ["Phoniro Care", "Schemat", "HR-web"]
    staff_client.post("/min-sida/genvagar/flytta/", {"shortcut": link.pk, "direction": "up"})
    staff_client.post("/min-sida/genvagar/flytta/", {"shortcut": link.pk, "direction": "up"})
    assert home_shortcuts(staff_client) == ["Schemat", "Phoniro Care", "HR-web"]

    hr = Shortcut.objects.get(user=staff_user, tool=tools["hr"])
    staff_client.post("/min-sida/genvagar/ta-bort/", {"shortcut": hr.pk})
    assert home_shortcuts(staff_client) == ["Schemat", "Phoniro Care"]

    # Changing workplaces no longer changes one's own shortcuts …
    services.set_workplaces(staff_user, [org.ifo])
    assert home_shortcuts(staff_client) == ["Schemat", "Phoniro Care"]
    # … until one goes back to the defaults.
    staff_client.post("/min-sida/genvagar/aterstall/")
    assert home_shortcuts(staff_client) == ["HR-web", "Combine (myndighetssidan)"]


def test_removing_a_default_shortcut(staff_client, staff_user, tools):
    staff_client.post("/min-sida/genvagar/ta-bort/", {"tool": tools["hr"].pk})
    assert home_shortcuts(staff_client) == []
    page = soup(staff_client.get("/"))
    assert "Du har inga genvägar ännu" in text_of(page.select_one("[data-home-shortcuts]"))


def test_the_min_sida_buttons_name_their_shortcut(staff_client, staff_user, tools):
    page = soup(staff_client.get("/min-sida/"))
    item = page.select_one("[data-shortcut-list] > li")
    buttons = [button["aria-label"] for button in item.select("button")]
    assert buttons == ["Ta bort: HR-web"]


def test_notification_preferences(staff_client, staff_user):
    assert UserPreferences.get_for_user(staff_user).notifications == Notifications.IMMEDIATE
    assert not UserPreferences.objects.filter(user=staff_user).exists()  # reading never writes

    page = soup(staff_client.get("/min-sida/"))
    radios = page.select("#aviseringar input[type=radio]")
    assert [radio["value"] for radio in radios] == ["immediate", "digest", "off"]
    assert page.select_one("#aviseringar input[checked]")["value"] == "immediate"
    assert page.select_one("#aviseringar legend")

    response = staff_client.post("/min-sida/aviseringar/", {"notifications": "digest"})
    assert response["Location"] == "/min-sida/#aviseringar"
    assert UserPreferences.get_for_user(staff_user).notifications == "digest"
    page = soup(staff_client.get("/min-sida/"))
    assert page.select_one("#aviseringar input[checked]")["value"] == "digest"

    response = staff_client.post("/min-sida/aviseringar/", {"notifications": "ibland"})
    assert response.status_code == 400
    assert UserPreferences.get_for_user(staff_user).notifications == "digest"


def test_min_sida_changes_are_posts(staff_client, tools):
    for url in (
        "/min-sida/arbetsplatser/",
        "/min-sida/genvagar/verktyg/",
        "/min-sida/genvagar/lank/",
        "/min-sida/genvagar/flytta/",
        "/min-sida/genvagar/ta-bort/",
        "/min-sida/genvagar/aterstall/",
        "/min-sida/aviseringar/",
        "/min-sida/bokmarken/ta-bort/",
    ):
        assert staff_client.get(url).status_code == 405, url


def test_min_sida_requires_login(client):
    response = client.get("/min-sida/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_shortcut_limit(staff_client, staff_user, settings, tools):
    settings.STAFF_MAX_SHORTCUTS = 1
    staff_client.post("/min-sida/genvagar/verktyg/", {"tool": tools["kolada"].pk})
    page = soup(staff_client.get("/min-sida/"))
    assert "så många genvägar" in text_of(page.select_one(".messages"))
    assert shortcut_names(page) == ["HR-web"]
