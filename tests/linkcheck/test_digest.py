"""The scheduled report: the LS-administrators' digest (new broken links first, then those still
broken, grouped by owner) and each owner's own list; nobody with nothing broken gets mail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.linkcheck import emails, services
from intranet.ledning.linkcheck.tasks import check_links_and_report
from intranet.ledning.models import Link
from tests.governance.conftest import smtp_settings
from tests.governance.realparts import SMTPSink


@pytest.fixture
def tree(site_tree):
    """The shared tree, with its draft document published: nothing in it is broken."""
    with content_import():  # as the import would publish it (test data, not an edit)
        site_tree.draft.live = True
        site_tree.draft.save()
    return site_tree


@pytest.fixture
def people(django_user_model):
    admins = Group.objects.create(name="LS-administratörer")
    lars = django_user_model.objects.create_user(
        "lsadmin", email="lars@kommun.example", first_name="Lars", last_name="Admin"
    )
    lars.groups.add(admins)
    anna = django_user_model.objects.create_user(
        "anna", email="anna@kommun.example", first_name="Anna", last_name="Ägare"
    )
    bo = django_user_model.objects.create_user(
        "bo", email="bo@kommun.example", first_name="Bo", last_name="Ägare"
    )
    return {"lars": lars, "anna": anna, "bo": bo}


def set_intro(page, html):
    page.intro = html
    page.save()


def test_weekly_job_mails_the_administrators_and_the_owner_over_smtp(tree, web, people, settings):
    process, complaints = tree.process, tree.complaints
    process.page_owner_users.add(people["anna"])
    complaints.page_owner_users.add(people["bo"])
    set_intro(process, f'<p><a href="{web.url("/saknas")}">Blankett</a></p>')
    set_intro(complaints, f'<p><a href="{web.url("/ok")}">Fungerar</a></p>')

    with SMTPSink() as sink:
        smtp_settings(settings, sink)
        result = check_links_and_report.delay().get()
        received = sink.by_recipient()

    assert result["administrators"] == 1 and result["owners"] == 1
    # Bo's page has nothing broken: no message for him.
    assert sorted(received) == ["anna@kommun.example", "lars@kommun.example"]
    [admin_mail] = received["lars@kommun.example"]
    assert admin_mail.message["Subject"] == "Trasiga länkar i ledningssystemet: 1 nya, 0 kvar"
    text = admin_mail.part("text/plain")
    assert "Nya trasiga länkar" in text
    assert "Anna Ägare" in text  # grouped by owner
    assert web.url("/saknas") in text
    assert "Sidan finns inte (HTTP 404)." in text
    assert f"http://testserver/admin/pages/{process.pk}/edit/" in text
    assert "Fortfarande trasiga" not in text
    assert web.url("/saknas") in admin_mail.part("text/html")
    [owner_mail] = received["anna@kommun.example"]
    assert owner_mail.message["Subject"] == "1 trasig länk på dina sidor i ledningssystemet"
    owner_text = owner_mail.part("text/plain")
    assert process.title in owner_text and web.url("/saknas") in owner_text
    assert Link.objects.get(url=web.url("/saknas")).reported_at is not None


def test_new_broken_links_come_first_then_those_still_broken(tree, web, people):
    process = tree.process
    process.page_owner_users.add(people["anna"])
    set_intro(process, f'<p><a href="{web.url("/gammal")}">Gammal</a></p>')
    services.run_full_check()
    emails.send_link_reports()
    mail.outbox.clear()

    set_intro(
        process,
        f'<p><a href="{web.url("/gammal")}">Gammal</a> <a href="{web.url("/ny")}">Ny</a></p>',
    )
    services.run_full_check()
    report = emails.send_link_reports()

    assert (report.new, report.still_broken) == (1, 1)
    [admin_mail] = [message for message in mail.outbox if message.to == ["lars@kommun.example"]]
    assert admin_mail.subject == "Trasiga länkar i ledningssystemet: 1 nya, 1 kvar"
    body = admin_mail.body
    assert body.index("Nya trasiga länkar") < body.index(web.url("/ny"))
    assert body.index(web.url("/ny")) < body.index("Fortfarande trasiga")
    assert body.index("Fortfarande trasiga") < body.index(web.url("/gammal"))


def test_nothing_broken_or_only_ignored_means_no_mail(tree, web, people):
    process = tree.process
    process.page_owner_users.add(people["anna"])
    set_intro(process, f'<p><a href="{web.url("/ok")}">Bra</a></p>')
    services.run_full_check()
    assert emails.send_link_reports().administrators == 0
    assert mail.outbox == []

    set_intro(process, f'<p><a href="{web.url("/saknas")}">Borta</a></p>')
    services.run_full_check()
    link = Link.objects.get(url=web.url("/saknas"))
    services.set_ignored(link.pk, people["lars"])
    assert emails.send_link_reports().administrators == 0
    assert mail.outbox == []


def test_a_document_owner_gets_the_document_s_broken_file(tree, people):
    document = tree.process_map_document
    document.owner_users.add(people["bo"])
    document.save()
    document.file.file.storage.delete(document.file.file.name)
    services.run_full_check()
    emails.send_link_reports()
    [owner_mail] = [message for message in mail.outbox if message.to == ["bo@kommun.example"]]
    assert document.title in owner_mail.body
    assert "saknas i lagringen" in owner_mail.body
    edit = f"/admin/snippets/ledning/governeddocument/edit/{document.pk}/#panel-"
    assert edit + "fil_eller_extern_adress-section" in owner_mail.body


def test_the_beat_schedule_runs_the_check_weekly_unless_configured(settings):
    from celery.schedules import crontab

    from tasks.celery import app, setup_beat_schedule

    setup_beat_schedule(app)
    entry = app.conf.beat_schedule["ledning-link-check"]
    assert entry["task"] == "intranet.ledning.tasks.check_links_and_report"
    assert entry["schedule"] == crontab(minute=0, hour=5, day_of_week="mon")

    settings.CELERY_LINKCHECK_SCHEDULE = {"day_of_week": "*", "hour": 4, "minute": 30}
    setup_beat_schedule(app)
    assert app.conf.beat_schedule["ledning-link-check"]["schedule"] == crontab(
        minute=30, hour=4, day_of_week="*"
    )
    del settings.CELERY_LINKCHECK_SCHEDULE
    setup_beat_schedule(app)
