"""A member of staff in a real browser: log in, choose a workplace, read the news meant for
it, bookmark a page with the star and find it again, edit shortcuts, log out; and axe-core
finds no accessibility violations on the pages staff use most."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from intranet.staff.models import Bookmark

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_world(site_tree, org, tools, make_news, staff_user):
    make_news("Nytt schema för hemtjänst område 1", workplaces=[org.omrade1])
    make_news("Ny rutin för IFO:s mottagning", workplaces=[org.ifo])
    make_news("Välkommen till vårt nya intranät!", days_ago=1)
    return site_tree


def section(page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, level=2))


def test_a_day_on_the_intranet(browser_page, staff_world, staff_user):
    page = browser_page
    log_in(page, "medarbetare")

    # A new user is invited to choose a workplace.
    expect(page.get_by_role("heading", name="Mina nyheter")).to_be_visible()
    page.get_by_role("link", name="Välj arbetsplats").click()
    expect(page).to_have_url(re.compile(r"/min-sida/#arbetsplatser$"))
    page.get_by_label("Hemtjänst område 1").check()
    page.get_by_role("button", name="Spara arbetsplatser").click()
    expect(page.get_by_role("status")).to_contain_text("Dina arbetsplatser är sparade.")

    # The start page now has the news for that workplace, and not another workplace's.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Hem").click()
    my_news = section(page, "Mina nyheter")
    expect(my_news).to_contain_text("Nytt schema för hemtjänst område 1")
    expect(my_news).to_contain_text("Välkommen till vårt nya intranät!")
    expect(my_news).not_to_contain_text("Ny rutin för IFO:s mottagning")
    expect(section(page, "Aktuellt i kommunen")).to_contain_text("Ny rutin för IFO:s mottagning")
    # The default shortcuts of Vård och omsorg (and everyone's).
    shortcuts = section(page, "Genvägar")
    expect(shortcuts.get_by_role("link", name="Phoniro Care")).to_be_visible()
    expect(shortcuts.get_by_role("link", name="HR-web")).to_be_visible()

    # The star bookmarks the process page in place, without reloading it.
    page.goto(staff_world.process.url)
    page.evaluate("window.__sameDocument = true")
    star = page.get_by_role("button", name=re.compile("bokmärke"))
    expect(star).to_have_attribute("aria-pressed", "false")
    expect(star).to_have_accessible_name("Lägg till bokmärke")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(star).to_have_accessible_name("Ta bort bokmärke")
    assert page.evaluate("window.__sameDocument") is True
    assert Bookmark.objects.filter(user=staff_user, page=staff_world.process).exists()

    # … and it is in the Genvägar menu at once, and on every page after.
    menu = page.locator("details.shortcuts-menu")
    menu.get_by_text("Genvägar", exact=True).click()
    expect(menu.get_by_role("link", name="Verkställa beslut om hemtjänst")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Verkställa beslut om hemtjänst")).to_be_hidden()
    page.goto(staff_world.rutiner.url)
    menu.get_by_text("Genvägar", exact=True).click()
    menu.get_by_role("link", name="Verkställa beslut om hemtjänst").click()
    expect(page).to_have_url(re.compile(re.escape(staff_world.process.url) + "$"))

    # Min sida lists the bookmark.
    page.get_by_role("link", name="Min sida").click()
    bookmarks = section(page, "Mina bokmärken")
    expect(bookmarks.get_by_role("link", name="Verkställa beslut om hemtjänst")).to_be_visible()

    # Edit shortcuts: add a tool from the catalogue and a link of one's own, move it up.
    page.get_by_label("Verktyg", exact=True).select_option(label="Kolada")
    page.get_by_role("button", name="Lägg till verktyget").click()
    expect(page.get_by_role("status")).to_contain_text("Kolada är tillagt")
    page.get_by_label("Namn").fill("Mitt schema")
    page.get_by_label("Adress").fill("https://schema.kommun.example/")
    page.get_by_role("button", name="Lägg till länken").click()
    page.get_by_role("button", name="Upp: Mitt schema").click()
    page.get_by_role("button", name="Ta bort: Phoniro Care").click()
    expect(page.locator("[data-shortcut-list] .shortcut-editor__name a")).to_have_text(
        ["HR-web", "Mitt schema", "Kolada"]
    )
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Hem").click()
    expect(section(page, "Genvägar").get_by_role("listitem").get_by_role("link")).to_have_text(
        ["HR-web", "Mitt schema", "Kolada"]
    )
    page.get_by_role("link", name="Redigera genvägar").last.click()
    expect(page).to_have_url(re.compile(r"/min-sida/#genvagar$"))

    # Remove the bookmark on Min sida; log out.
    section(page, "Mina bokmärken").get_by_role("button", name=re.compile("Ta bort")).click()
    expect(section(page, "Mina bokmärken")).to_contain_text("Du har inga bokmärken")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in", level=1)).to_be_visible()
    page.goto("/min-sida/")
    expect(page).to_have_url(re.compile(r"/logga-in/\?next=/min-sida/$"))


def test_the_star_without_javascript(no_js_page, staff_world, staff_user):
    page = no_js_page
    log_in(page, "medarbetare")
    page.goto(staff_world.rutiner.url)
    page.get_by_role("button", name="Lägg till bokmärke").click()
    expect(page).to_have_url(re.compile(re.escape(staff_world.rutiner.url) + "$"))
    expect(page.get_by_role("button", name="Ta bort bokmärke")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Bookmark.objects.filter(user=staff_user, page=staff_world.rutiner).exists()


def test_no_accessibility_violations(browser_page, axe_source, staff_world, staff_user, org):
    page = browser_page
    found = {}
    page.goto("/logga-in/")
    found["login page"] = axe_violations(page, axe_source)

    log_in(page, "medarbetare")
    from intranet.staff import services

    services.set_workplaces(staff_user, [org.omrade1])
    services.add_bookmark(staff_user, staff_world.process)
    services.add_personal_link(staff_user, "Mitt schema", "https://schema.kommun.example/")

    pages = {
        "start page (HEM)": "/",
        "Min sida": "/min-sida/",
        "process page": staff_world.process.url,
        "document index page": staff_world.rutiner.url,
        "news list": "/nyheter/",
    }
    for name, url in pages.items():
        page.goto(url)
        found[name] = axe_violations(page, axe_source)
    # With the Genvägar menu open, too.
    page.goto("/")
    page.locator("details.shortcuts-menu summary").click()
    found["start page, Genvägar open"] = axe_violations(page, axe_source)

    problems = {name: violations for name, violations in found.items() if violations}
    assert problems == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(violations) for name, violations in problems.items()
    )
