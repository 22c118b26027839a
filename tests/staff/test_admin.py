"""Editors write news and keep the tool catalogue in the Wagtail admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from intranet.staff.models import NewsPage, Tool

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db


def test_a_news_list_may_stand_under_hem_and_news_under_it(editor_client, home_page):
    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    assert response.status_code == 200
    assert "Nyhetslista" in text_of(soup(response))


def test_an_editor_publishes_news_for_a_workplace(editor_client, news_index, org, staff_client):
    url = reverse("wagtailadmin_pages:add", args=["staff", "newspage", news_index.pk])
    form = soup(editor_client.get(url))
    assert form.select_one("[name=workplaces]") is not None
    response = editor_client.post(
        url,
        {
            "title": "Ny rutin för nyckelhantering",
            "slug": "ny-rutin-for-nyckelhantering",
            "date": "2026-02-13",
            "intro": "Gäller från i dag.",
            "body": '{"blocks": [], "entityMap": {}}',
            "link_url": "/ledningssystem/",
            "workplaces": [org.vo.pk],
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, soup(response).select(".error-message")
    news = NewsPage.objects.get(slug="ny-rutin-for-nyckelhantering")
    assert news.live
    assert list(news.workplaces.all()) == [org.vo]


def test_a_news_link_must_be_a_web_address_or_on_ines(editor_client, news_index):
    url = reverse("wagtailadmin_pages:add", args=["staff", "newspage", news_index.pk])
    response = editor_client.post(
        url,
        {
            "title": "Farlig länk",
            "slug": "farlig-lank",
            "date": "2026-02-13",
            "body": '{"blocks": [], "entityMap": {}}',
            "link_url": "javascript:alert(1)",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert not NewsPage.objects.filter(slug="farlig-lank").exists()


def test_the_tool_catalogue_in_the_admin(editor_client, editor_group, org):
    editor_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="staff", codename__in=["add_tool", "change_tool"]
        )
    )
    listing = reverse("wagtailsnippets_staff_tool:list")
    assert editor_client.get(listing).status_code == 200
    response = editor_client.post(
        reverse("wagtailsnippets_staff_tool:add"),
        {
            "name": "Stratsys",
            "url": "https://stratsys.kommun.example/",
            "description": "Mål och uppföljning",
            "default_workplaces": [org.forvaltning.pk],
        },
    )
    assert response.status_code == 302
    tool = Tool.objects.get(name="Stratsys")
    assert list(tool.default_workplaces.all()) == [org.forvaltning]
    response = editor_client.post(
        reverse("wagtailsnippets_staff_tool:add"),
        {"name": "Elak", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert not Tool.objects.filter(name="Elak").exists()
    assert "Stratsys" in text_of(soup(editor_client.get(listing)))


def test_staff_without_permission_do_not_reach_the_catalogue(staff_client):
    response = staff_client.get(reverse("wagtailsnippets_staff_tool:list"))
    assert response.status_code in (302, 403)
