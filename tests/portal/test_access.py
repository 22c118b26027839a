"""Login is required everywhere but the login page, static files and /healthz; staff never
see the Wagtail admin unless they are editors."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from ..conftest import PASSWORD, soup, text_of

pytestmark = pytest.mark.django_db

LOGIN_URL = "/logga-in/"


def assert_redirects_to_login(response, wanted_next: str) -> None:
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == LOGIN_URL
    assert parse_qs(location.query)["next"] == [wanted_next]


def protected_urls(tree) -> dict[str, str]:
    document = tree.documents["Rutin Genomförandeplan"]
    return {
        "home": "/",
        "start page": tree.start.url,
        "process page": tree.process.url,
        "process map page": f"{tree.process.url}processkarta/karta-hemtjanst/",
        "document index": tree.rutiner.url,
        "wagtail document": document.file.url,
        "document detail": document.get_absolute_url(),
        "media file": f"/media/{document.file.file.name}",
        "admin": "/admin/",
        "unknown address": "/finns-inte/",
    }


def test_anonymous_requests_are_sent_to_the_login_page(client, site_tree):
    for name, url in protected_urls(site_tree).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert_redirects_to_login(response, url)


def test_the_wagtail_document_url_is_the_one_behind_login(site_tree):
    document = site_tree.documents["Rutin Genomförandeplan"]
    assert re.fullmatch(
        rf"/documents/{document.file.pk}/rutin-genomforandeplan\w*\.pdf", document.file.url
    )


def test_anonymous_file_download_does_not_leak_the_file(client, site_tree):
    document = site_tree.documents["Rutin Genomförandeplan"]
    for url in (document.file.url, f"/media/{document.file.file.name}"):
        response = client.get(url)
        assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_health_check_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_login_page_answers_without_login(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    page = soup(response)
    form = page.find("form", attrs={"method": "post"})
    assert form is not None
    assert form.find("input", attrs={"name": "username"}) is not None
    assert form.find("input", attrs={"name": "password", "type": "password"}) is not None
    # Every field has a label.
    for field in form.find_all("input", attrs={"type": ["text", "password"]}):
        assert page.find("label", attrs={"for": field["id"]}) is not None
    assert "Logga in" in text_of(page.find("h1"))


def test_logging_in_leads_to_the_page_asked_for(client, staff_user, site_tree):
    response = client.post(
        LOGIN_URL,
        {"username": "medarbetare", "password": PASSWORD, "next": site_tree.process.url},
    )
    assert response.status_code == 302
    assert response["Location"] == site_tree.process.url
    response = client.get(site_tree.process.url)
    assert response.status_code == 200
    assert "Verkställa beslut om hemtjänst" in text_of(soup(response).find("h1"))


def test_a_wrong_password_shows_a_swedish_error(client, staff_user):
    response = client.post(LOGIN_URL, {"username": "medarbetare", "password": "fel-lösenord"})
    assert response.status_code == 200
    alert = soup(response).find(attrs={"role": "alert"})
    assert alert is not None
    assert "Ange ett korrekt användarnamn och lösenord" in text_of(alert)
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.start.url))
    logout_form = page.find("form", attrs={"action": reverse("portal:logout")})
    assert logout_form is not None and logout_form["method"] == "post"
    assert "Logga ut" in text_of(logout_form)

    response = staff_client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == LOGIN_URL
    assert_redirects_to_login(staff_client.get(site_tree.start.url), site_tree.start.url)


def test_logout_by_get_is_refused(staff_client, site_tree):
    response = staff_client.get(reverse("portal:logout"))
    assert response.status_code == 405
    assert staff_client.get(site_tree.start.url).status_code == 200


def test_staff_can_open_pages_and_documents(staff_client, site_tree):
    document = site_tree.documents["Rutin Genomförandeplan"]
    response = staff_client.get(document.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response = staff_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "Rutin Genomförandeplan" in text_of(soup(response).find("h1"))


def test_staff_get_no_admin(staff_client, site_tree):
    response = staff_client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path in ("/admin/login/", LOGIN_URL)
        # Following the redirect does not reveal the admin either.
        followed = staff_client.get(response["Location"])
        assert b"wagtail-sidebar" not in followed.content
    for url in ("/admin/pages/", "/admin/snippets/ledning/governeddocument/"):
        assert staff_client.get(url).status_code in (302, 403)


def test_staff_see_no_admin_link(staff_client, site_tree):
    page = soup(staff_client.get(site_tree.process.url))
    assert page.find("a", href=re.compile(r"^/admin/")) is None


def test_editors_see_the_admin_and_a_link_to_it(editor_client, site_tree):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    assert b"wagtail" in response.content
    page = soup(editor_client.get(site_tree.process.url))
    link = page.find("a", href="/admin/")
    assert link is not None and text_of(link) == "Redigera"
