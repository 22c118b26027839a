"""Login throttling (issue 13, item 5): guessing passwords is bounded per account and per client
address on every login form, with a Swedish answer and a log line; the automatic login through
the trusted proxy's header is not affected.

Before: 211 wrong passwords for one account were accepted in 61 s, then the right one worked.
"""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from django.conf import settings
from django.test import Client

from ..conftest import PASSWORD, soup, text_of

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "För många misslyckade inloggningsförsök"
# The two login forms there are: the site's and the Wagtail admin's.
LOGIN_FORMS = ["/logga-in/", "/admin/login/"]
# Login forms that must not exist at all (Django's own admin, Wagtail's front-end login).
CLOSED_LOGIN_FORMS = ["/django-admin/login/", "/_util/login/"]
PROXY = "10.0.0.2"


def limit() -> int:
    # (getattr: on code without throttling the tests fail on behaviour, not on a setting.)
    return getattr(settings, "AXES_FAILURE_LIMIT", 5)


def post_login(client: Client, url: str, username: str, password: str, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, url: str, username: str, times: int, **extra) -> None:
    for attempt in range(times):
        response = post_login(client, url, username, f"fel-{attempt}", **extra)
        assert not logged_in(client)
        assert response.status_code in {200, 429}


def assert_locked(response, client: Client) -> None:
    assert response.status_code == 429
    assert not logged_in(client)
    page = soup(response)
    assert LOCKED_TEXT in text_of(page)
    assert page.find("html")["lang"] == "sv"


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_wrong_passwords_lock_the_account(url, staff_user, caplog):
    client = Client(REMOTE_ADDR="198.51.100.10")
    fail(client, url, "medarbetare", limit())
    with caplog.at_level(logging.WARNING):
        response = post_login(client, url, "medarbetare", PASSWORD)
    assert_locked(response, client)
    # A log line (English) names the account and the address.
    lines = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert any("medarbetare" in line and "198.51.100.10" in line for line in lines), lines
    # The Swedish answer says how long to wait.
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", datetime.timedelta(minutes=15))
    minutes = int(cool_off.total_seconds() // 60)
    assert f"{minutes} minuter" in text_of(soup(response))


def test_fewer_failures_than_the_limit_do_not_lock(staff_user):
    client = Client(REMOTE_ADDR="198.51.100.11")
    fail(client, "/logga-in/", "medarbetare", limit() - 1)
    response = post_login(client, "/logga-in/", "medarbetare", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_account_is_locked_from_every_address_and_on_every_form(staff_user):
    """Guesses from many addresses (a botnet) still lock the account, on both forms."""
    for attempt in range(limit()):
        client = Client(REMOTE_ADDR=f"198.51.100.{20 + attempt}")
        post_login(client, LOGIN_FORMS[attempt % 2], "medarbetare", "fel")
    for url in LOGIN_FORMS:
        client = Client(REMOTE_ADDR="203.0.113.99")
        assert_locked(post_login(client, url, "medarbetare", PASSWORD), client)


def test_one_address_guessing_many_accounts_is_locked(staff_user, django_user_model):
    """Password spraying: one password tried on many accounts from one address."""
    django_user_model.objects.create_user(username="annan", password=PASSWORD)
    client = Client(REMOTE_ADDR="198.51.100.30")
    for attempt in range(limit()):
        post_login(client, "/logga-in/", f"person{attempt}", "Sommar2026")
    assert_locked(post_login(client, "/logga-in/", "annan", PASSWORD), client)
    # The account itself is not locked: its owner logs in from elsewhere.
    other = Client(REMOTE_ADDR="198.51.100.31")
    assert post_login(other, "/logga-in/", "annan", PASSWORD).status_code == 302
    assert logged_in(other)


def test_the_lock_ends_after_the_cool_off(staff_user, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    client = Client(REMOTE_ADDR="198.51.100.40")
    fail(client, "/logga-in/", "medarbetare", limit())
    assert_locked(post_login(client, "/logga-in/", "medarbetare", PASSWORD), client)
    time.sleep(1.2)
    assert post_login(client, "/logga-in/", "medarbetare", PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("url", CLOSED_LOGIN_FORMS)
def test_other_login_forms_are_closed(url, staff_user):
    client = Client(REMOTE_ADDR="198.51.100.50")
    page = client.get(url, follow=True)
    # Whatever answers there is the site's own login page, never a second form.
    assert page.redirect_chain, page.status_code
    assert page.redirect_chain[-1][0].startswith("/logga-in/")
    # Posting the right password there logs nobody in.
    post_login(client, url, "medarbetare", PASSWORD)
    assert not logged_in(client)


def test_django_admin_is_not_served_even_to_a_superuser(django_user_model):
    admin = django_user_model.objects.create_superuser("karin", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    assert client.get("/django-admin/").status_code == 404


# --- behind the reverse proxy -------------------------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    """One trusted proxy in front: it appends the address it saw to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def via_proxy(client_address: str, forged: str = "") -> dict[str, str]:
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def test_behind_the_proxy_clients_are_told_apart(behind_proxy, staff_user, django_user_model):
    """Every request comes from the proxy's address; the client's address is the one the proxy
    appended, so one client's failures do not lock out the others."""
    django_user_model.objects.create_user(username="annan", password=PASSWORD)
    attacker = Client(**via_proxy("198.51.100.60"))
    for attempt in range(limit()):
        post_login(attacker, "/logga-in/", f"person{attempt}", "fel")
    assert_locked(post_login(attacker, "/logga-in/", "annan", PASSWORD), attacker)

    colleague = Client(**via_proxy("198.51.100.61"))
    assert post_login(colleague, "/logga-in/", "annan", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lock(behind_proxy, staff_user):
    """What the client itself writes into X-Forwarded-For (left of the proxy's entry) is not
    believed: changing it on every attempt does not help."""
    for attempt in range(limit()):
        client = Client(**via_proxy("198.51.100.70", forged=f"192.0.2.{attempt}"))
        post_login(client, "/logga-in/", f"person{attempt}", "fel")
    client = Client(**via_proxy("198.51.100.70", forged="192.0.2.200"))
    assert_locked(post_login(client, "/logga-in/", "medarbetare", PASSWORD), client)


def test_without_a_trusted_proxy_the_header_is_ignored(staff_user):
    """Without TRUSTED_PROXY_COUNT the peer's address counts: a client cannot pick its own."""
    for attempt in range(limit()):
        client = Client(REMOTE_ADDR="198.51.100.80", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        post_login(client, "/logga-in/", f"person{attempt}", "fel")
    client = Client(REMOTE_ADDR="198.51.100.80", HTTP_X_FORWARDED_FOR="192.0.2.250")
    assert_locked(post_login(client, "/logga-in/", "medarbetare", PASSWORD), client)


# --- the automatic login through the trusted header ---------------------------------------------


@pytest.fixture
def trusted_header(settings):
    settings.STAFF_TRUSTED_HEADER = "HTTP_X_REMOTE_USER"
    return settings


def test_the_trusted_header_logs_in_from_a_locked_address(trusted_header, staff_user):
    """The proxy has authenticated the person already: a lock on the address (someone else's
    guessing behind the same address) does not stop the automatic login."""
    guesser = Client(REMOTE_ADDR="198.51.100.90")
    for attempt in range(limit()):
        post_login(guesser, "/logga-in/", f"person{attempt}", "fel")
    assert_locked(post_login(guesser, "/logga-in/", "medarbetare", PASSWORD), guesser)

    client = Client(REMOTE_ADDR="198.51.100.90")
    response = client.get("/", HTTP_X_REMOTE_USER="medarbetare")
    assert response.status_code == 200
    assert response.wsgi_request.user == staff_user


def test_refused_header_logins_are_not_counted_as_guesses(trusted_header, staff_user):
    """Names the header brings that are not users (refused) do not lock the address."""
    client = Client(REMOTE_ADDR="198.51.100.91")
    for attempt in range(limit() + 2):
        assert client.get("/", HTTP_X_REMOTE_USER=f"okand{attempt}").status_code == 302
    response = post_login(client, "/logga-in/", "medarbetare", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)
