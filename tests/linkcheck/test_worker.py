"""The HTTP checks run in a process of their own: they start while the links are still being
extracted, a process that dies stops the run without storing any verdict, and Django's system
checks still stop the command before anything is stored."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test.utils import override_system_checks

from intranet.ledning.linkcheck import extract, http, services
from intranet.ledning.models import Link, LinkCheckRun, Verdict

from .servers import LinkServer


def test_the_http_checks_start_before_the_extraction_ends(site_tree, web, monkeypatch):
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/ok")}">bra</a></p>'
    process.save()
    everything = extract.content_objects
    asked_during_extraction = []

    def content_objects():
        for obj in everything():
            yield obj
            if (type(obj), obj.pk) == (type(process), process.pk):
                # The process page's links have been found; the next page is asked for now.
                # Wait (a while) for the server to be asked before extraction goes on.
                deadline = time.monotonic() + 5
                while not web.stats.hits and time.monotonic() < deadline:
                    time.sleep(0.01)
                asked_during_extraction.append(bool(web.stats.hits))

    monkeypatch.setattr(extract, "content_objects", content_objects)

    summary = services.run_full_check()

    assert asked_during_extraction == [True]
    assert Link.objects.get(url=web.url("/ok")).verdict == Verdict.OK
    assert summary.verdicts[Verdict.OK] >= 1


def test_an_http_process_that_dies_stops_the_run_and_stores_no_verdict(site_tree, web, monkeypatch):
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/saknas")}">borta</a></p>'
    process.save()
    services.run_full_check()
    checked = Link.objects.get(url=web.url("/saknas")).last_checked_at
    finished = LinkCheckRun.objects.filter(finished_at__isnull=False).count()
    test_process = os.getpid()

    async def check(self, address):
        if os.getpid() != test_process:  # the HTTP process: dies as if killed
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("checked in the test's own process")

    monkeypatch.setattr(http.Checker, "check", check)

    with pytest.raises(CommandError, match="inga resultat sparades") as raised:
        call_command("check_links", verbosity=0)

    assert "signal 9" in str(raised.value)
    link = Link.objects.get(url=web.url("/saknas"))
    assert (link.verdict, link.last_checked_at) == (Verdict.BROKEN, checked)
    assert LinkCheckRun.objects.filter(finished_at__isnull=False).count() == finished


def test_a_system_check_error_stops_the_command_before_anything_is_stored(site_tree, web):
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/ok")}">bra</a></p>'
    process.save()

    def broken_setting(app_configs, **kwargs):
        return [checks.Error("En inställning är fel.", id="test.E001")]

    broken_setting.tags = [checks.Tags.models]
    with override_system_checks([broken_setting]), pytest.raises(SystemCheckError):
        call_command("check_links", verbosity=0, skip_checks=False)

    assert not Link.objects.exists()
    assert not LinkCheckRun.objects.filter(finished_at__isnull=False).exists()


def test_each_host_is_checked_by_one_process_within_its_limit(settings, site_tree):
    """With several HTTP processes, all of a host's addresses go to the same one: the limit of
    requests at once to one host holds for the whole run, not per process."""
    settings.LEDNING_LINKCHECK_PROCESSES = 2
    settings.LEDNING_LINKCHECK_PER_HOST = 2
    settings.LEDNING_LINKCHECK_HOST_INTERVAL = 0
    with LinkServer("127.0.0.5", latency=0.2) as slow, LinkServer("127.0.0.6") as other:
        process = site_tree.process
        process.intro = (
            "<p>"
            + "".join(
                f'<a href="{server.url(f"/ok?n={n}")}">{n}</a>'
                for n in range(12)
                for server in (slow, other)
            )
            + "</p>"
        )
        process.save()

        summary = services.run_full_check()

        assert len(slow.stats.hits) == len(other.stats.hits) == 12
        assert slow.stats.max_in_flight == 2
    assert summary.verdicts[Verdict.OK] >= 24


def test_the_url_configuration_is_not_imported_for_the_checks(site_tree, web):
    """The command serves no URL: its system checks leave out the URL configuration's, which
    import every view (the costliest check, on the cores the HTTP checks need)."""
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/ok")}">bra</a></p>'
    process.save()
    ran: list[str] = []

    def url_check(app_configs, **kwargs):
        ran.append("urls")
        return []

    def model_check(app_configs, **kwargs):
        ran.append("models")
        return []

    url_check.tags = [checks.Tags.urls]
    model_check.tags = [checks.Tags.models]
    with override_system_checks([url_check, model_check]):
        call_command("check_links", verbosity=0, skip_checks=False)

    assert ran == ["models"]
    assert Link.objects.get(url=web.url("/ok")).verdict == Verdict.OK
