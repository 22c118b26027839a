"""The contract with the management system (ledning), which never imports this app and asks
through Wagtail hooks: who is concerned by a change, how they want to be told, and publishing
a revision notice as news."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from intranet.staff import services
from intranet.staff.models import NewsPage

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db


def hook(name):
    functions = hooks.get_hooks(name)
    assert len(functions) == 1, functions
    return functions[0]


@pytest.fixture
def people(django_user_model, org):
    def person(username, workplaces=()):
        user = django_user_model.objects.create_user(username=username, password="x")
        if workplaces:
            services.set_workplaces(user, workplaces)
        return user

    return {
        "omrade1": person("omrade1", [org.omrade1]),
        "vo": person("vo", [org.vo]),
        "ifo": person("ifo", [org.ifo]),
        "forvaltning": person("forvaltning", [org.forvaltning]),
        "nobody": person("ingen"),
        "bookmarker": person("bokmarkare"),
    }


def usernames(users) -> set[str]:
    return {user.username for user in users}


def test_recipients_of_a_page(people, org, site_tree):
    process = site_tree.process
    process.workplaces.set([org.vo])
    process.save()
    services.add_bookmark(people["bookmarker"], process)
    services.add_bookmark(people["ifo"], site_tree.area)  # another page

    with CaptureQueriesContext(connection) as queries:
        recipients = hook("ledning_notice_recipients")(process)
    # The page's workplace and the ones under it, and who bookmarked it; not the workplace
    # above, not another branch.
    assert usernames(recipients) == {"vo", "omrade1", "bokmarkare"}
    assert len(queries) <= 4, [query["sql"] for query in queries]


def test_recipients_of_a_plain_page_object(people, org, site_tree):
    site_tree.process.workplaces.set([org.omrade1])
    site_tree.process.save()
    from wagtail.models import Page

    plain = Page.objects.get(pk=site_tree.process.pk)
    assert usernames(hook("ledning_notice_recipients")(plain)) == {"omrade1"}


def test_recipients_of_a_document(people, org, site_tree):
    document = site_tree.documents["Rutin Genomförandeplan"]
    document.workplaces.set([org.ifo])
    document.save()
    # The process page lists the document; whoever bookmarked it is concerned.
    services.add_bookmark(people["bookmarker"], site_tree.process)
    services.add_bookmark(people["nobody"], site_tree.complaints)  # does not list it

    with CaptureQueriesContext(connection) as queries:
        recipients = hook("ledning_notice_recipients")(document)
    assert usernames(recipients) == {"ifo", "bokmarkare"}
    assert len(queries) <= 6, [query["sql"] for query in queries]


def test_recipients_are_active_and_listed_once(people, org, site_tree):
    process = site_tree.process
    process.workplaces.set([org.vo, org.omrade1])
    process.save()
    services.add_bookmark(people["omrade1"], process)
    people["vo"].is_active = False
    people["vo"].save()
    recipients = hook("ledning_notice_recipients")(process)
    assert [user.username for user in recipients] == ["omrade1"]


def test_no_workplaces_and_no_bookmarks_means_nobody(people, site_tree):
    assert list(hook("ledning_notice_recipients")(site_tree.complaints)) == []


def test_notification_preferences(staff_user, django_user_model):
    """One call answers for a set of people: those who chose a digest or no e-mail; everyone
    else is told at once (the default, left out)."""
    preferences = hook("ledning_notification_preferences")
    users = django_user_model.objects.filter(pk=staff_user.pk)
    assert preferences(users) == {}
    for value in ("digest", "off"):
        services.set_notification_preference(staff_user, value)
        assert preferences(users) == {staff_user.pk: value}
    services.set_notification_preference(staff_user, "immediate")
    assert preferences(users) == {}


def test_publish_news_without_a_news_index_returns_none(org):
    publish = hook("ledning_publish_news")
    assert publish("Reviderad rutin", "Ingress", "<p>Text</p>", [org.vo], "/x/") is None
    assert not NewsPage.objects.exists()


def test_publish_news_creates_a_live_targeted_news_item(
    news_index, org, staff_user, staff_client, site_tree
):
    services.set_workplaces(staff_user, [org.omrade1])
    publish = hook("ledning_publish_news")
    news = publish(
        "Reviderad: Rutin Nyckelhantering av hemtjänsten",
        "Rutinen har ändrats i sak.",
        "<p>Nyckelkvittens krävs nu vid varje överlämning.</p>",
        [org.vo],
        site_tree.process.url,
    )
    assert isinstance(news, NewsPage)
    news.refresh_from_db()
    assert news.live and news.get_parent().pk == news_index.pk
    assert news.has_unpublished_changes is False
    assert list(news.workplaces.all()) == [org.vo]
    assert news.link_url == site_tree.process.url

    home = soup(staff_client.get("/"))
    assert "Reviderad: Rutin Nyckelhantering av hemtjänsten" in text_of(
        home.select_one("[data-my-news]")
    )
    page = soup(staff_client.get(news.url))
    assert "Nyckelkvittens krävs" in text_of(page)

    again = publish("Reviderad: Rutin Nyckelhantering av hemtjänsten", "", "", [], "")
    assert again.slug != news.slug
    assert list(again.workplaces.all()) == []
