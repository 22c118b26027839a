"""News reach the people they are for: a workplace's news reach its staff and the staff of
the workplaces under it; news without workplaces reach everyone."""

from __future__ import annotations

import pytest

from intranet.staff import selectors, services

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db


def titles(elements) -> list[str]:
    return [text_of(element) for element in elements]


def my_news_titles(client) -> list[str]:
    page = soup(client.get("/"))
    return titles(page.select("[data-my-news] .news-item__title"))


def test_news_for_a_workplace_reach_its_staff_and_not_others(
    staff_client, staff_user, org, make_news
):
    make_news("Nytt schema i område 1", workplaces=[org.omrade1])
    make_news("Nytt i IFO", workplaces=[org.ifo])
    services.set_workplaces(staff_user, [org.omrade1])

    mine = my_news_titles(staff_client)
    assert "Nytt schema i område 1" in mine
    assert "Nytt i IFO" not in mine


def test_news_for_a_workplace_reach_the_workplaces_under_it(
    staff_client, staff_user, org, make_news
):
    make_news("Till hela vård och omsorg", workplaces=[org.vo])
    make_news("Till förvaltningen", workplaces=[org.forvaltning])
    make_news("Bara område 2", workplaces=[org.omrade2])
    services.set_workplaces(staff_user, [org.omrade1])

    mine = my_news_titles(staff_client)
    assert "Till hela vård och omsorg" in mine
    assert "Till förvaltningen" in mine
    assert "Bara område 2" not in mine


def test_news_for_a_workplace_do_not_reach_the_workplace_above(staff_user, org, make_news):
    make_news("Bara område 1", workplaces=[org.omrade1])
    services.set_workplaces(staff_user, [org.vo])
    assert selectors.latest_news(staff_user) == []


def test_news_without_workplaces_reach_everyone(staff_client, staff_user, org, make_news):
    make_news("Välkommen till nya Ines")
    assert my_news_titles(staff_client) == ["Välkommen till nya Ines"]
    services.set_workplaces(staff_user, [org.ifo])
    assert my_news_titles(staff_client) == ["Välkommen till nya Ines"]


def test_several_workplaces_combine(staff_user, org, make_news):
    make_news("IFO", workplaces=[org.ifo])
    make_news("Område 2", workplaces=[org.omrade2])
    make_news("Område 1", workplaces=[org.omrade1])
    services.set_workplaces(staff_user, [org.ifo, org.omrade2])
    # Same day: the one published last comes first.
    assert [news.title for news in selectors.latest_news(staff_user)] == ["Område 2", "IFO"]


def test_the_start_page_lists_newest_first_and_all_news_in_aktuellt(
    staff_client, staff_user, org, make_news
):
    make_news("Äldst", days_ago=3)
    make_news("Nyast", days_ago=0)
    make_news("Mitt emellan", days_ago=1, workplaces=[org.ifo])
    services.set_workplaces(staff_user, [org.omrade1])
    page = soup(staff_client.get("/"))

    assert titles(page.select("[data-my-news] .news-item__title")) == ["Nyast", "Äldst"]
    assert titles(page.select("[data-all-news] .news-item__title")) == [
        "Nyast",
        "Mitt emellan",
        "Äldst",
    ]
    mine_link = page.find("a", string="Se alla dina nyheter")
    all_link = page.find("a", string="Se alla nyheter")
    assert mine_link["href"] == "/nyheter/mina/"
    assert all_link["href"] == "/nyheter/"


def test_the_start_page_shows_only_the_newest(staff_client, make_news, settings):
    settings.STAFF_HOME_NEWS_COUNT = 3
    for number in range(6):
        make_news(f"Nyhet nummer {number}", days_ago=number)
    page = soup(staff_client.get("/"))
    assert titles(page.select("[data-all-news] .news-item__title")) == [
        "Nyhet nummer 0",
        "Nyhet nummer 1",
        "Nyhet nummer 2",
    ]


def test_a_user_without_workplace_is_invited_to_choose_one(staff_client, staff_user, org):
    page = soup(staff_client.get("/"))
    invitation = page.select_one("[data-my-news] .notice")
    assert "Ange arbetsplats" in text_of(invitation)
    assert invitation.find("a")["href"] == "/min-sida/#arbetsplatser"

    services.set_workplaces(staff_user, [org.omrade1])
    page = soup(staff_client.get("/"))
    assert page.select_one("[data-my-news] .notice") is None
    assert "Hemtjänst område 1" in text_of(page.select_one("[data-my-news]"))


def test_se_alla_dina_nyheter_lists_only_mine(staff_client, staff_user, org, make_news):
    make_news("För område 1", workplaces=[org.omrade1])
    make_news("För IFO", workplaces=[org.ifo])
    make_news("För alla")
    services.set_workplaces(staff_user, [org.omrade1])

    mine = soup(staff_client.get("/nyheter/mina/"))
    assert text_of(mine.h1) == "Dina nyheter"
    assert titles(mine.select(".news-item__title")) == ["För alla", "För område 1"]
    everything = soup(staff_client.get("/nyheter/"))
    assert set(titles(everything.select(".news-item__title"))) == {
        "För område 1",
        "För IFO",
        "För alla",
    }


def test_news_lists_are_paginated(staff_client, make_news, settings):
    settings.STAFF_NEWS_PER_PAGE = 2
    for number in range(5):
        make_news(f"Nyhet {number}", days_ago=number)
    first = soup(staff_client.get("/nyheter/"))
    assert titles(first.select(".news-item__title")) == ["Nyhet 0", "Nyhet 1"]
    assert "Sida 1 av 3" in text_of(first.select_one(".pagination"))
    last = soup(staff_client.get("/nyheter/?sida=3"))
    assert titles(last.select(".news-item__title")) == ["Nyhet 4"]


def test_a_news_page_shows_its_content_and_star(staff_client, org, make_news):
    news = make_news(
        "Ny rutin för nyckelhantering",
        workplaces=[org.omrade1],
        body="<p>Rutinen är reviderad.</p>",
        link_url="/ledningssystem/",
    )
    page = soup(staff_client.get(news.url))
    assert text_of(page.h1) == "Ny rutin för nyckelhantering"
    assert "Rutinen är reviderad." in text_of(page)
    assert "Hemtjänst område 1" in text_of(page.select_one(".news-item__meta"))
    assert page.select_one("a.button")["href"] == "/ledningssystem/"
    star = page.select_one("form[data-bookmark-form] button")
    assert "bokmärke" in text_of(star)


def test_drafts_are_not_listed(staff_client, make_news):
    news = make_news("Utkast")
    news.unpublish()
    assert "Utkast" not in text_of(soup(staff_client.get("/")))
