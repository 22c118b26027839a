"""The accessibility statement (tillgänglighetsredogörelse): linked from every page's footer,
honest about its conformance and gaps, and its feedback form reaches the LS-administrators
by e-mail through the outbox; validated, CSRF-protected, throttled, staff only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from intranet.ledning.models import DeliveryStatus
from intranet.portal.accessibility import selectors
from intranet.portal.demo.accessibility import load_demo_accessibility_statement
from intranet.portal.models import AccessibilityFeedback, AccessibilityFeedbackDelivery
from tasks.celery import app, setup_beat_schedule

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db

FEEDBACK_URL = "/tillganglighet/synpunkter/"


@pytest.fixture
def statement(home_page):
    return load_demo_accessibility_statement(home_page)


@pytest.fixture
def ls_admins(django_user_model):
    group = Group.objects.create(name="LS-administratörer")
    people = [
        django_user_model.objects.create_user(username="lsadmin1", email="ls1@kommun.example"),
        django_user_model.objects.create_user(username="lsadmin2", email="ls2@kommun.example"),
        # Without an address, or no longer active: not reached.
        django_user_model.objects.create_user(username="lsadmin3"),
        django_user_model.objects.create_user(
            username="lsadmin4", email="ls4@kommun.example", is_active=False
        ),
    ]
    group.user_set.add(*people)
    return people[:2]


def post_feedback(client, message="Stjärnan går inte att nå med tangentbordet.", **extra):
    return client.post(FEEDBACK_URL, {"message": message, "about_url": "", **extra})


def test_every_page_links_the_statement_in_its_footer(staff_client, site_tree, statement):
    for url in ("/", site_tree.process.url, site_tree.rutiner.url, "/min-sida/", "/sok/?q=x"):
        footer = soup(staff_client.get(url)).select_one("footer.site-footer")
        link = footer.find("a", string="Tillgänglighetsredogörelse")
        assert link is not None, url
        assert link["href"] == "/tillganglighet/"
    response = staff_client.get("/tillganglighet/")
    assert response.status_code == 302
    assert response["Location"] == statement.url


def test_the_statement_says_its_level_gaps_assessment_and_where_to_complain(
    staff_client, statement
):
    page = soup(staff_client.get(statement.url))
    text = text_of(page.find("main"))
    assert "Intranätet är delvis förenlig med lagen om tillgänglighet" in text
    assert "WCAG 2.1 nivå AA" in text and "EN 301 549" in text
    gaps = page.find(id="brister").find_parent("section")
    assert "Dokument i PDF-format saknar taggar" in text_of(gaps)
    assert "Ingen manuell granskning ännu" in text_of(gaps)
    assert "Bedömningen gjordes den 1 december 2026." in text
    digg = page.find("a", string="Anmäl bristande tillgänglighet till Digg")
    assert digg["href"] == "https://www.digg.se/tdosanmalan"
    form = page.find("form", action=FEEDBACK_URL)
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert form.find("label", string="Beskriv problemet") is not None


def test_without_a_statement_the_footer_link_says_so(staff_client, home_page):
    response = staff_client.get("/tillganglighet/")
    assert response.status_code == 404


def test_feedback_reaches_the_ls_administrators_through_the_outbox(
    django_user_model, staff_user, statement, ls_admins, django_capture_on_commit_callbacks
):
    staff_user.email = "maja@kommun.example"
    staff_user.save()
    client = Client()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_feedback(client, about_url=statement.url)
    assert response.status_code == 302
    assert response["Location"] == statement.url + "#synpunkter"
    thanks = soup(client.get(statement.url)).select_one("#synpunkter [role=status]")
    assert "Tack! Din synpunkt är skickad till LS-administratörerna." in text_of(thanks)

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.sent_by == staff_user
    deliveries = AccessibilityFeedbackDelivery.objects.filter(feedback=feedback)
    assert sorted(d.email for d in deliveries) == ["ls1@kommun.example", "ls2@kommun.example"]
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["ls1@kommun.example", "ls2@kommun.example"]
    message = mail.outbox[0]
    assert message.subject == "Synpunkt på intranätets tillgänglighet från Maja Medarbetare"
    assert message.reply_to == ["maja@kommun.example"]
    assert "Stjärnan går inte att nå med tangentbordet." in message.body
    assert "Svara avsändaren inom två veckor." in message.body
    assert f"Gäller: http://localhost{statement.url}" in message.body or statement.url in (
        message.body
    )


def test_feedback_left_in_the_outbox_is_sent_by_the_scheduled_task(
    staff_client, statement, ls_admins
):
    # The sending was never queued (the test's transaction never commits): it waits.
    assert post_feedback(staff_client).status_code == 302
    waiting = AccessibilityFeedbackDelivery.objects.filter(status=DeliveryStatus.PENDING)
    assert waiting.count() == 2 and mail.outbox == []
    setup_beat_schedule(app)
    entry = app.conf.beat_schedule["portal-accessibility-feedback"]
    app.loader.import_default_modules()
    app.tasks[entry["task"]].apply()
    assert sorted(m.to[0] for m in mail.outbox) == ["ls1@kommun.example", "ls2@kommun.example"]
    assert not waiting.exists()


def test_feedback_is_validated_in_swedish_and_nothing_half_written(staff_client, statement):
    response = post_feedback(staff_client, message="   ")
    assert response.status_code == 400
    assert "Skriv vad som inte fungerar." in text_of(
        soup(response).find("form", action=FEEDBACK_URL)
    )
    response = post_feedback(staff_client, message="x" * 4001)
    assert response.status_code == 400
    assert "Synpunkten får vara högst 4000 tecken (den har 4001)." in text_of(
        soup(response).find("form", action=FEEDBACK_URL)
    )
    response = post_feedback(staff_client, about_url="/" + "a" * 600)
    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_is_throttled_per_person(staff_client, statement):
    for _number in range(selectors.FEEDBACK_PER_HOUR):
        assert post_feedback(staff_client).status_code == 302
    response = post_feedback(staff_client)
    assert response.status_code == 400
    assert "Du har skickat 5 synpunkter den senaste timmen." in text_of(soup(response))
    assert AccessibilityFeedback.objects.count() == selectors.FEEDBACK_PER_HOUR


def test_feedback_needs_the_csrf_token_and_a_login(staff_user, statement):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert post_feedback(client).status_code == 403
    anonymous = Client()
    response = post_feedback(anonymous)
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    assert anonymous.get(statement.url).status_code == 302
    assert AccessibilityFeedback.objects.count() == 0


def test_the_form_only_takes_posts(staff_client, statement):
    assert staff_client.get(FEEDBACK_URL).status_code == 405


def test_editors_can_add_the_statement_under_the_home_page(editor_client, home_page):
    url = f"/admin/pages/add/portal/accessibilitystatementpage/{home_page.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Innehåll som inte är tillgängligt" in response.content.decode()
