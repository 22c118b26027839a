"""The accessibility statement and its feedback form on the seeded site, for the three kinds
of visitor: anonymous visitors get the login page; staff inside and outside the restricted
group read the statement and send feedback, which reaches the LS-administrators only, with
nothing restricted in it; the form's input cannot reach the e-mail as markup or a script link."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from intranet.ledning.governance.selectors import administrators
from intranet.portal.models import AccessibilityFeedback, AccessibilityStatementPage

from .leaks import Answer, Findings, fetch, secrets_in

FEEDBACK_URL = "/tillganglighet/synpunkter/"


@pytest.fixture
def site(shared_seeded_site):
    return shared_seeded_site


@pytest.fixture
def statement(site):
    return AccessibilityStatementPage.objects.live().get()


def posted(client, django_capture_on_commit_callbacks, **data):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(FEEDBACK_URL, {"message": "Kontrasten är för svag.", **data})


@pytest.mark.django_db
def test_anonymous_visitors_get_the_login_page(site, statement):
    client = Client()
    for url in ("/tillganglighet/", statement.url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    response = client.post(FEEDBACK_URL, {"message": "Hej"})
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    assert AccessibilityFeedback.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "member"])
def test_staff_read_the_statement_and_feedback_reaches_only_the_ls_administrators(
    site, statement, who, django_capture_on_commit_callbacks
):
    person = getattr(site, who)
    client = site.client_for(person)
    findings = Findings()
    for url in ("/tillganglighet/", statement.url):
        answer = fetch(client, url)
        found = secrets_in(answer, site.secret_phrases, site.secret_bytes)
        if found:
            findings.add(answer, "holds " + ", ".join(found))
    findings.check("The accessibility statement")

    response = posted(client, django_capture_on_commit_callbacks, about_url=statement.url)
    assert response.status_code == 302
    admins = {user.email.lower() for user in administrators() if user.email}
    assert admins, "the seeded site has LS-administrators with e-mail"
    recipients = {address.lower() for message in mail.outbox for address in message.to}
    assert recipients == admins
    if not person.groups.filter(name__in=["LS-administratörer"]).exists():
        assert person.email.lower() not in recipients
    for message in mail.outbox:
        text = "\n".join(
            [message.subject, message.body, *(c for c, _t in message.alternatives)]
        ).encode()
        answer = Answer("MAIL", message.subject, 0, "", "", text, "")
        assert not secrets_in(answer, site.secret_phrases, site.secret_bytes)


@pytest.mark.django_db
def test_odd_input_stays_text(site, statement, django_capture_on_commit_callbacks):
    client = site.client_for(site.outsider)
    response = posted(
        client,
        django_capture_on_commit_callbacks,
        message='<script>alert("x")</script>\r\nBcc: alla@kommun.example',
        about_url="javascript:alert(1)",
    )
    assert response.status_code == 302
    assert mail.outbox, "the feedback was sent"
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert 'href="javascript:' not in html
        assert "\n" not in message.subject and "alla@kommun.example" not in message.to
        assert message.bcc == []
    # A NUL character is refused before any view (portal/security.py), nothing is written.
    before = AccessibilityFeedback.objects.count()
    response = client.post(FEEDBACK_URL, {"message": "a\x00b"})
    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == before


@pytest.mark.django_db
def test_the_form_needs_the_csrf_token(site, statement):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.outsider)
    assert client.post(FEEDBACK_URL, {"message": "Hej"}).status_code == 403
    assert AccessibilityFeedback.objects.filter(sent_by=site.outsider).count() == 0
    assert get_user_model().objects.filter(pk=site.outsider.pk).exists()
