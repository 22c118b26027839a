"""Logging in: the login form everywhere, and automatically inside the network when the
municipality's proxy names the user in a trusted header (off unless configured)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ..conftest import PASSWORD, soup, text_of

pytestmark = pytest.mark.django_db

HEADER = {"HTTP_X_REMOTE_USER": "medarbetare"}


@pytest.fixture
def trusted_header(settings):
    settings.STAFF_TRUSTED_HEADER = "HTTP_X_REMOTE_USER"
    return settings


def is_logged_in(response) -> bool:
    return response.status_code == 200 and response.wsgi_request.user.is_authenticated


def test_the_header_is_ignored_when_not_configured(staff_user):
    client = Client()
    response = client.get("/", **HEADER)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_the_header_logs_a_known_user_in(trusted_header, staff_user):
    client = Client()
    response = client.get("/", **HEADER)
    assert is_logged_in(response)
    assert response.wsgi_request.user == staff_user
    # The session persists; the menu and Min sida are there.
    page = soup(client.get("/min-sida/"))
    assert text_of(page.h1) == "Min sida"


def test_unknown_users_are_not_created_by_default(trusted_header):
    client = Client()
    response = client.get("/", HTTP_X_REMOTE_USER="okand")
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="okand").exists()


def test_unknown_users_are_created_when_allowed(trusted_header):
    trusted_header.STAFF_TRUSTED_HEADER_CREATE_USERS = True
    client = Client()
    response = client.get("/", HTTP_X_REMOTE_USER="ny.medarbetare")
    assert is_logged_in(response)
    user = get_user_model().objects.get(username="ny.medarbetare")
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()


def test_the_windows_domain_is_stripped(trusted_header, staff_user):
    for name in ("KOMMUN\\medarbetare", "medarbetare@KOMMUN.EXAMPLE"):
        response = Client().get("/", HTTP_X_REMOTE_USER=name)
        assert response.wsgi_request.user == staff_user, name


def test_inactive_users_are_refused(trusted_header, staff_user):
    staff_user.is_active = False
    staff_user.save()
    assert Client().get("/", **HEADER).status_code == 302


def test_an_empty_header_is_no_header(trusted_header, staff_user):
    assert Client().get("/", HTTP_X_REMOTE_USER="  ").status_code == 302


def test_the_header_wins_over_another_session(trusted_header, staff_user, other_user):
    client = Client()
    client.force_login(other_user)
    response = client.get("/", **HEADER)
    assert response.wsgi_request.user == staff_user


def test_the_login_form_still_works_with_the_header_on(trusted_header, staff_user):
    client = Client()
    response = client.post("/logga-in/", {"username": "medarbetare", "password": PASSWORD})
    assert response.status_code == 302
    # Without the header (e.g. from home), the form's session stays.
    assert is_logged_in(client.get("/"))


def test_the_login_form_does_not_accept_the_header_backend_alone(staff_user):
    response = Client().post("/logga-in/", {"username": "medarbetare", "password": "fel"})
    assert response.status_code == 200
    assert "Logga in" in text_of(soup(response).h1)


def test_log_out_from_every_page(staff_client, site_tree):
    for url in ("/", "/min-sida/", site_tree.process.url, site_tree.rutiner.url):
        form = soup(staff_client.get(url)).select_one(".topbar form[action='/logga-ut/']")
        assert text_of(form.button) == "Logga ut", url
    response = staff_client.post("/logga-ut/")
    assert response.status_code == 302
    assert staff_client.get("/").status_code == 302
