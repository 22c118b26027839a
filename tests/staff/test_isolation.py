"""What a person stores belongs to them alone: no request reads or changes another person's
bookmarks, shortcuts, workplaces or preferences, and no change is accepted without a CSRF
token."""

from __future__ import annotations

import pytest
from django.test import Client

from intranet.staff import selectors, services
from intranet.staff.models import Bookmark, Shortcut, UserPreferences

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def others_data(other_user, site_tree, org, tools):
    """The colleague's bookmark, personal link, tool shortcut, workplace and preference."""
    services.add_bookmark(other_user, site_tree.complaints)
    link = services.add_personal_link(other_user, "Kollegans länk", "https://kollega.example/")
    tool = services.add_tool_shortcut(other_user, tools["kolada"])
    services.set_workplaces(other_user, [org.ifo])
    services.set_notification_preference(other_user, "off")
    return {"link": link, "tool": tool}


def assert_others_data_untouched(other_user, site_tree, org, others_data):
    assert Bookmark.objects.filter(user=other_user, page=site_tree.complaints).exists()
    assert Shortcut.objects.filter(pk=others_data["link"].pk, sort_order__gte=0).exists()
    assert Shortcut.objects.filter(pk=others_data["tool"].pk).exists()
    assert selectors.user_workplace_ids(other_user) == [org.ifo.pk]
    assert UserPreferences.get_for_user(other_user).notifications == "off"
    names = [item.name for item in selectors.shortcuts_for(other_user)]
    assert names[-2:] == ["Kollegans länk", "Kolada"]


def test_nothing_of_the_colleague_shows_on_my_pages(staff_client, other_user, others_data):
    for url in ("/", "/min-sida/", f"/min-sida/?user={other_user.pk}"):
        page = text_of(soup(staff_client.get(url)))
        assert "Kollegans länk" not in page, url
        assert "Hantera synpunkter och klagomål" not in page, url
        assert "Kolada" not in page.split("Lägg till ett verktyg")[0], url
    page = soup(staff_client.get("/min-sida/"))
    assert page.select(".workplace-tree input[checked]") == []
    assert page.select_one("#aviseringar input[checked]")["value"] == "immediate"


def test_i_cannot_remove_or_move_the_colleagues_shortcuts(
    staff_client, other_user, site_tree, org, others_data
):
    for shortcut in (others_data["link"], others_data["tool"]):
        response = staff_client.post("/min-sida/genvagar/ta-bort/", {"shortcut": shortcut.pk})
        assert response.status_code == 404
        response = staff_client.post(
            "/min-sida/genvagar/flytta/", {"shortcut": shortcut.pk, "direction": "up"}
        )
        assert response.status_code == 404
    assert_others_data_untouched(other_user, site_tree, org, others_data)


def test_my_changes_never_reach_the_colleague(
    staff_client, staff_user, other_user, site_tree, org, tools, others_data
):
    # Every form, with the colleague's id slipped in wherever an id might be read.
    extra = {"user": other_user.pk, "user_id": other_user.pk}
    staff_client.post("/min-sida/arbetsplatser/", {"workplaces": [org.vo.pk], **extra})
    staff_client.post("/min-sida/aviseringar/", {"notifications": "digest", **extra})
    staff_client.post("/min-sida/genvagar/verktyg/", {"tool": tools["combine"].pk, **extra})
    staff_client.post(
        "/min-sida/genvagar/lank/", {"name": "Min", "url": "https://min.example/", **extra}
    )
    staff_client.post("/min-sida/genvagar/aterstall/", extra)
    staff_client.post("/min-sida/bokmarken/ta-bort/", {"page": site_tree.complaints.pk, **extra})
    staff_client.post("/bokmarken/", {"page": site_tree.complaints.pk, **extra})

    assert_others_data_untouched(other_user, site_tree, org, others_data)
    # The changes were mine.
    assert selectors.user_workplace_ids(staff_user) == [org.vo.pk]
    assert UserPreferences.get_for_user(staff_user).notifications == "digest"
    assert Bookmark.objects.filter(user=staff_user, page=site_tree.complaints).exists()
    assert Bookmark.objects.filter(page=site_tree.complaints).count() == 2


def test_removing_a_bookmark_removes_only_mine(
    staff_client, staff_user, other_user, site_tree, org, others_data
):
    services.add_bookmark(staff_user, site_tree.complaints)
    staff_client.post("/min-sida/bokmarken/ta-bort/", {"page": site_tree.complaints.pk})
    assert not Bookmark.objects.filter(user=staff_user, page=site_tree.complaints).exists()
    assert_others_data_untouched(other_user, site_tree, org, others_data)


@pytest.fixture
def csrf_client(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


def test_changes_without_a_csrf_token_are_refused(csrf_client, staff_user, site_tree, org, tools):
    posts = {
        "/bokmarken/": {"page": site_tree.process.pk},
        "/min-sida/bokmarken/ta-bort/": {"page": site_tree.process.pk},
        "/min-sida/arbetsplatser/": {"workplaces": [org.vo.pk]},
        "/min-sida/aviseringar/": {"notifications": "off"},
        "/min-sida/genvagar/verktyg/": {"tool": tools["kolada"].pk},
        "/min-sida/genvagar/lank/": {"name": "X", "url": "https://x.example/"},
        "/min-sida/genvagar/flytta/": {"tool": tools["hr"].pk, "direction": "down"},
        "/min-sida/genvagar/ta-bort/": {"tool": tools["hr"].pk},
        "/min-sida/genvagar/aterstall/": {},
        "/logga-ut/": {},
    }
    for url, data in posts.items():
        assert csrf_client.post(url, data).status_code == 403, url
        assert csrf_client.post(url, data, HTTP_ACCEPT="application/json").status_code == 403, url
    assert not Bookmark.objects.exists()
    assert not UserPreferences.objects.filter(user=staff_user).exists()
    assert not Shortcut.objects.exists()
    assert csrf_client.get("/min-sida/").status_code == 200  # still logged in


def test_the_star_works_with_the_pages_csrf_token(csrf_client, staff_user, site_tree):
    page = soup(csrf_client.get(site_tree.process.url))
    form = page.select_one("form[data-bookmark-form]")
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    # As staff.js sends it: the token in the X-CSRFToken header and in the form data.
    response = csrf_client.post(
        form["action"],
        {"page": site_tree.process.pk, "csrfmiddlewaretoken": token},
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert response.json()["bookmarked"] is True
    response = csrf_client.post(
        form["action"],
        {"page": site_tree.process.pk},
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.json()["bookmarked"] is False
