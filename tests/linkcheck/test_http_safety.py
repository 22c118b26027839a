"""The external checker against real HTTP servers on loopback addresses: every case of bad
behaviour ends in the right verdict, in time, with bounded memory, without stopping the run."""

from __future__ import annotations

import itertools
import os
import shutil
import time
import tracemalloc

import pytest

from intranet.ledning.linkcheck.http import CheckConfig, _Host, check_urls, retry_after_seconds
from intranet.ledning.models import Verdict

from .servers import LinkServer, RecordingProxy, self_signed_certificate

FAST = {"connect_timeout": 2.0, "read_timeout": 1.0, "total_timeout": 3.0, "retry_backoff": 0.05}


def config(**overrides) -> CheckConfig:
    return CheckConfig(**{**FAST, **overrides})


@pytest.fixture
def server():
    with LinkServer("127.0.0.2") as running:
        yield running


def test_a_mixed_run_ends_with_every_verdict_in_time(server):
    """A hanging server, a 200 MB answer, a loop and a redirect to ftp: do not stop the run."""
    urls = {
        name: server.url(path)
        for name, path in [
            ("ok", "/ok"),
            ("hang", "/hang"),
            ("big", "/big"),
            ("loop", "/loop-a"),
            ("ftp", "/to-ftp"),
            ("missing", "/nowhere"),
            ("gone", "/gone"),
            ("error", "/error"),
        ]
    }
    started = time.monotonic()
    results = check_urls(urls.values(), config())
    elapsed = time.monotonic() - started
    verdicts = {name: results[url].verdict for name, url in urls.items()}
    assert verdicts == {
        "ok": Verdict.OK,
        "hang": Verdict.TIMEOUT,
        "big": Verdict.OK,
        "loop": Verdict.BROKEN,
        "ftp": Verdict.BROKEN,
        "missing": Verdict.BROKEN,
        "gone": Verdict.BROKEN,
        "error": Verdict.BROKEN,
    }
    assert results[urls["missing"]].status == 404
    assert "1 sekunder" in results[urls["hang"]].error
    # Everything ran side by side: the hanging server cost one read timeout, not more.
    assert elapsed < 3.5


def test_a_server_that_never_answers_times_out_within_the_read_timeout(server):
    started = time.monotonic()
    result = check_urls([server.url("/hang")], config(read_timeout=1.0))[server.url("/hang")]
    assert result.verdict == Verdict.TIMEOUT
    assert time.monotonic() - started < 2.8
    # A timeout is not retried: one HEAD only.
    assert server.stats.paths() == ["/hang"]


def test_a_server_trickling_bytes_is_cut_off_at_the_total_timeout(server):
    """Each byte arrives before the read timeout; the total time per request still ends it."""
    started = time.monotonic()
    url = server.url("/trickle")
    result = check_urls([url], config(read_timeout=1.0, total_timeout=2.0))[url]
    assert result.verdict == Verdict.TIMEOUT
    assert result.error == "Servern svarade inte inom 2 sekunder."
    assert 1.9 < time.monotonic() - started < 3.8


def test_a_200_mb_answer_is_not_read(server):
    tracemalloc.start()
    try:
        result = check_urls([server.url("/big")], config(total_timeout=10))[server.url("/big")]
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.verdict == Verdict.OK
    assert result.status == 200
    # HEAD was refused, so GET; the client closed after a small cap of the body.
    assert [hit.method for hit in server.stats.hits] == ["HEAD", "GET"]
    time.sleep(0.2)
    assert server.stats.big_bytes_sent < 20 * 1024 * 1024
    assert peak < 10 * 1024 * 1024


def test_a_redirect_loop_is_broken_and_recorded(server):
    result = check_urls([server.url("/loop-a")], config())[server.url("/loop-a")]
    assert result.verdict == Verdict.BROKEN
    assert "slinga" in result.error
    assert [hop["url"] for hop in result.redirects] == [
        server.url("/loop-b"),
        server.url("/loop-a"),
    ]
    assert len(server.stats.hits) == 2


def test_too_many_redirects_stop_at_the_limit():
    routes = {f"/r{n}": _redirect_to(f"/r{n + 1}") for n in range(20)}
    with LinkServer("127.0.0.2", routes=routes) as server:
        result = check_urls([server.url("/r0")], config(max_redirects=10))[server.url("/r0")]
        assert result.verdict == Verdict.BROKEN
        assert "För många omdirigeringar" in result.error
        assert len(server.stats.hits) == 11


def _redirect_to(path):
    def route(handler):
        handler._send(302, {"Location": path})

    return route


@pytest.mark.parametrize("path", ["/to-ftp", "/to-javascript"])
def test_a_redirect_to_another_scheme_is_not_followed(server, path):
    result = check_urls([server.url(path)], config())[server.url(path)]
    assert result.verdict == Verdict.BROKEN
    assert result.status == 302
    assert "inte är http eller https" in result.error
    assert server.stats.paths() == [path]


def test_a_permanent_redirect_suggests_its_target_and_a_temporary_one_is_ok(server):
    results = check_urls([server.url("/moved"), server.url("/temporary")], config())
    moved = results[server.url("/moved")]
    assert moved.verdict == Verdict.REDIRECTED
    assert moved.redirect_to == server.url("/ok")
    assert moved.redirects == [{"status": 301, "url": server.url("/ok")}]
    temporary = results[server.url("/temporary")]
    assert temporary.verdict == Verdict.OK
    assert temporary.redirects == [{"status": 302, "url": server.url("/ok")}]


def test_429_with_retry_after_is_waited_for_then_ok(server):
    started = time.monotonic()
    result = check_urls([server.url("/rate")], config())[server.url("/rate")]
    assert result.verdict == Verdict.OK
    times = [hit.at for hit in server.stats.hits if hit.path == "/rate"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95  # Retry-After: 1
    assert time.monotonic() - started < 4


def test_503_with_retry_after_is_waited_for_then_ok(server):
    result = check_urls([server.url("/unavailable")], config())[server.url("/unavailable")]
    assert result.verdict == Verdict.OK
    times = [hit.at for hit in server.stats.hits if hit.path == "/unavailable"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_a_retry_after_beyond_the_cap_is_an_error_without_waiting(server):
    started = time.monotonic()
    result = check_urls([server.url("/rate-long")], config(retry_after_max=60))[
        server.url("/rate-long")
    ]
    assert result.verdict == Verdict.ERROR
    assert result.status == 429
    assert "vänta" in result.error
    assert time.monotonic() - started < 1.8


@pytest.mark.parametrize("path", ["/no-head-405", "/no-head-501", "/no-head-403"])
def test_a_host_that_refuses_head_is_asked_with_get(server, path):
    result = check_urls([server.url(path)], config())[server.url(path)]
    assert result.verdict == Verdict.OK
    assert [hit.method for hit in server.stats.hits] == ["HEAD", "GET"]


def test_an_invalid_certificate_is_reported_not_ignored():
    if shutil.which("openssl") is None and os.environ.get("CI") != "true":
        pytest.skip("the openssl command is not installed")
    tls = self_signed_certificate("127.0.0.4")
    try:
        with LinkServer("127.0.0.4", tls=tls) as server:
            url = server.url("/ok")
            result = check_urls([url], config())[url]
            assert result.verdict == Verdict.ERROR
            assert "certifikat" in result.error.lower()
            # The same server is fine for a client that trusts that certificate: it was the
            # certificate that failed, nothing else.
            trusted = check_urls([url], config(verify=tls.cert))[url]
            assert trusted.verdict == Verdict.OK
    finally:
        tls.close()


def test_a_connection_refused_is_retried_with_backoff_then_an_error():
    with LinkServer("127.0.0.5") as server:
        url = server.url("/ok")
    # The server is stopped: its port now refuses connections.
    started = time.monotonic()
    result = check_urls([url], config(retries=2, retry_backoff=0.2))[url]
    assert result.verdict == Verdict.ERROR
    assert "anslutningar" in result.error
    assert time.monotonic() - started >= 0.2 + 0.4


def test_per_host_limit_and_identifying_user_agent():
    with LinkServer("127.0.0.6", latency=0.2) as server:
        urls = [server.url(f"/ok?n={n}") for n in range(12)]
        results = check_urls(urls, config(per_host=4, read_timeout=5, total_timeout=10))
        assert {result.verdict for result in results.values()} == {Verdict.OK}
        assert server.stats.max_in_flight == 4
        assert all(
            hit.headers.get("User-Agent", "").startswith("Ledningssystemet-lankkontroll")
            for hit in server.stats.hits
        )


def test_global_limit_and_per_host_interval():
    with (
        LinkServer("127.0.0.7", latency=0.2) as first,
        LinkServer("127.0.0.8", latency=0.2) as second,
    ):
        second.stats = first.stats  # one count of requests in flight across both hosts
        urls = [server.url(f"/ok?n={n}") for n in range(4) for server in (first, second)]
        check_urls(urls, config(concurrency=2, per_host=4, read_timeout=5, total_timeout=10))
        assert first.stats.max_in_flight == 2
        assert len(first.stats.hits) == 8


def test_per_host_interval_paces_the_requests(monkeypatch):
    """The limiter is measured where it acts: the moments it lets a host's requests start are
    at least the interval apart. The server's arrival times add scheduling and connection
    jitter (on a busy machine one request's send can be delayed by tens of milliseconds and
    arrive 9 ms before the next), so on the server's side the check is what the pacing
    guarantees whatever the jitter: the k-th request to arrive came no earlier than the k-th
    moment the limiter gave."""
    turns: list[float] = []
    wait_turn = _Host.wait_turn

    async def recording(host, interval):
        moment = await wait_turn(host, interval)
        turns.append(moment)
        return moment

    monkeypatch.setattr(_Host, "wait_turn", recording)
    with LinkServer("127.0.0.7") as server:
        urls = [server.url(f"/ok?n={n}") for n in range(6)]
        check_urls(urls, config(per_host=4, host_interval=0.1))
        arrived = sorted(hit.at for hit in server.stats.hits)
    assert len(turns) == len(arrived) == 6
    turns.sort()
    assert min(later - earlier for earlier, later in itertools.pairwise(turns)) >= 0.1 - 1e-6
    assert all(arrival >= turn for arrival, turn in zip(arrived, turns, strict=True))
    assert arrived[-1] - turns[0] >= 0.5 - 1e-6


def test_connections_to_a_host_are_reused():
    """HEAD answers are read to their end so that their connection serves the next request:
    50 addresses on one host take at most per_host connections, not 50."""
    with LinkServer("127.0.0.7", latency=0.01) as server:
        urls = [server.url(f"/ok?n={n}") for n in range(50)]
        results = check_urls(urls, config(per_host=4, host_interval=0))
        assert {result.verdict for result in results.values()} == {Verdict.OK}
        assert len(server.stats.hits) == 50
        assert len({hit.client for hit in server.stats.hits}) <= 4


def test_swedish_characters_go_on_the_wire_as_idna_and_percent_encoding(server):
    """An IDN host through a (recording) proxy, and a path with å, ä, ö to a real server."""
    with RecordingProxy("127.0.0.9") as proxy:
        idn = "http://räksmörgås.example/sök/åäö?q=ö"
        result = check_urls([idn], config(proxy=f"http://127.0.0.9:{proxy.port}"))[idn]
        assert result.verdict == Verdict.OK
        [hit] = proxy.stats.hits
        assert hit.raw_path == (
            "http://xn--rksmrgs-5wao1o.example/s%C3%B6k/%C3%A5%C3%A4%C3%B6?q=%C3%B6"
        )
        assert hit.headers["Host"] == "xn--rksmrgs-5wao1o.example"

    raw = server.url("/dokument/vård-och-omsorg")
    encoded = server.url("/s%C3%B6k")
    results = check_urls([raw, encoded], config())
    assert results[raw].verdict == Verdict.OK
    assert results[encoded].verdict == Verdict.OK
    assert sorted(hit.raw_path for hit in server.stats.hits) == [
        "/dokument/v%C3%A5rd-och-omsorg",
        "/s%C3%B6k",
    ]


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None
