"""A Redis that accepts connections and never answers (a hung server, a half-open connection)
must not slow the site down: the cache and the broker give up within a few hundred
milliseconds, the cache is left alone for a while after it failed, sessions live in PostgreSQL,
and /healthz says what is wrong, quickly.

The hung Redis is a redis-server of the test's own on a free port, stopped with SIGSTOP (the
machine's Redis on 6379 is never touched). The site runs on the production settings under
gunicorn, as staff reach it."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from intranet.ledning.governance.services.approval import act_on_workflow
from intranet.ledning.models import Notice

from ..conftest import PASSWORD
from ..governance.conftest import (  # noqa: F401 (fixtures)
    governance,
    governed_page,
    make_user,
    submit_change,
)
from ..governance.realparts import RedisServer
from .conftest import skip_or_fail
from .server import HOST_NAME, Server, collect_static, gunicorn

LOGIN = "/logga-in/"
# What staff may wait for one page while Redis hangs (today: 6 s for the login page, 12-16 s
# for the others).
FAST = 1.0


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        server.start()
    except RuntimeError as error:
        server.close()
        skip_or_fail(str(error))
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGCONT)
        server.close()


@contextmanager
def hung(redis: RedisServer) -> Iterator[None]:
    """Redis keeps its socket open and accepts connections, but answers nothing."""
    redis.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        redis.process.send_signal(signal.SIGCONT)


def production_password(user) -> None:
    """The production settings hash with PBKDF2 (the test settings use MD5)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "produktionsalt", iterations=1000)
    user.save(update_fields=["password"])


class Visitor:
    """One person's browser: cookies in the Cookie header (the client keeps Secure cookies to
    itself over plain HTTP), each request timed."""

    def __init__(self, server: Server):
        self.client = server.client()
        self.cookies: dict[str, str] = {}
        self.timings: list[tuple[str, float]] = []

    def request(self, method: str, url: str, **kwargs):
        headers = {"Referer": f"https://{HOST_NAME}{url}", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        response = self.client.request(method, url, headers=headers, **kwargs)
        self.seconds = time.monotonic() - started
        self.timings.append((f"{method} {url}", self.seconds))
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header or value == '""':
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data: dict[str, str]):
        """POST with the CSRF cookie this browser already holds."""
        token = self.cookies["csrftoken"]
        return self.request("POST", url, data={"csrfmiddlewaretoken": token, **data})

    def log_in(self, username: str) -> float:
        """Log in through the form; how long the POST took."""
        self.get(LOGIN)
        response = self.post(LOGIN, {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text[:500]
        assert "sessionid" in self.cookies
        return self.seconds

    def log_out(self) -> None:
        assert self.post("/logga-ut/", {}).status_code in {200, 302}

    def close(self) -> None:
        self.client.close()


def slow(timings: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [(what, round(seconds, 2)) for what, seconds in timings if seconds >= FAST]


@pytest.fixture
def site_on_own_redis(production_env_for_test, own_redis) -> Iterator[Server]:
    url = f"redis://127.0.0.1:{own_redis.port}/0"
    env = {**production_env_for_test, "REDIS_URL": url, "CELERY_BROKER_URL": url}
    collect_static(env)
    with gunicorn(env, workers=2, threads=4) as server:
        yield server


class Approvals:
    """A change submitted and reviewed in this process; the approving manager approves it in the
    admin of the site under test, as they would."""

    def __init__(self, people, page):
        self.governance = people
        self.page = page

    def ready(self) -> str:
        """Submit and review a change; the admin's approve URL."""
        submit_change(self.page, self.governance.editor, note="Ny rutin för nyckelkvittens.")
        act_on_workflow(self.page, self.governance.reviewer)
        page = type(self.page).objects.get(pk=self.page.pk)
        task_state = page.current_workflow_task_state
        return f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"

    def approve(self, manager: Visitor) -> float:
        response = manager.post(self.ready(), {})
        assert response.status_code == 302, response.text[:500]
        return manager.seconds


@pytest.mark.postgres
def test_pages_stay_fast_while_redis_hangs(
    site_on_own_redis,
    own_redis,
    governance,  # noqa: F811 (the governance tests' fixture)
    governed_page,  # noqa: F811
    django_user_model,
):
    server = site_on_own_redis
    for user in (make_user(django_user_model, "lasare"), governance.approver):
        production_password(user)
    approvals = Approvals(governance, governed_page)
    process_url = governed_page.get_url()
    staff, manager, newcomer = Visitor(server), Visitor(server), Visitor(server)
    try:
        # Before the hang: sessions started, menus and navigation cached in Redis; logging in
        # and approving with Redis answering, for comparison (hashing a password alone takes
        # about a second here).
        staff.log_in("lasare")
        manager.log_in(governance.approver.username)
        for _round in range(2):
            for url in ("/", process_url, "/admin/"):
                assert manager.get(url).status_code == 200
        login_before = newcomer.log_in("lasare")
        newcomer.log_out()
        approval_before = approvals.approve(manager)

        with hung(own_redis):
            staff.timings.clear()
            newcomer.timings.clear()
            for _round in range(3):
                assert newcomer.get(LOGIN).status_code == 200
                home = staff.get("/")
                assert home.status_code == 200 and "Logga ut" in home.text
                assert staff.get(process_url).status_code == 200

            health = staff.get("/healthz")
            assert health.status_code == 503
            assert health.json() == {"status": "error", "database": "ok", "redis": "error"}
            pages = slow(staff.timings + newcomer.timings)
            assert pages == [], f"pages that took a second or more while Redis hung: {pages}"

            login_during = newcomer.log_in("lasare")
            assert "Logga ut" in newcomer.get("/").text
            approval_during = approvals.approve(manager)

        # Logging in and approving (which queues the notice's sending) wait no longer for a
        # hung Redis than one short timeout each.
        assert login_during - login_before < FAST, (login_before, login_during)
        assert approval_during - approval_before < FAST, (approval_before, approval_during)

        # The approval stands; its notice waits in the outbox for the re-dispatch.
        page = type(governed_page).objects.get(pk=governed_page.pk)
        assert page.approved_by == "Maria Andersson"
        assert page.current_workflow_state is None
        assert Notice.objects.count() == 2
    finally:
        for visitor in (staff, manager, newcomer):
            visitor.close()
    logged = server.log()
    assert "cache: Redis unreachable" in logged
    assert "healthz: Redis unreachable (TimeoutError)" in logged
    assert re.search(r"Could not queue notice \d+; it will be re-dispatched", logged)


@pytest.mark.postgres
def test_a_logout_while_redis_hangs_stays_a_logout(site_on_own_redis, own_redis, django_user_model):
    """Sessions are PostgreSQL's: a session ended while Redis could not be told must not come
    back from the cache when Redis answers again."""
    production_password(make_user(django_user_model, "lasare"))
    staff = Visitor(site_on_own_redis)
    try:
        staff.log_in("lasare")
        cookies = dict(staff.cookies)
        assert "Logga ut" in staff.get("/").text
        with hung(own_redis):
            staff.log_out()
        staff.cookies = cookies  # someone kept the old cookie
        response = staff.get("/")
        assert response.status_code == 302 and response.headers["location"].startswith(LOGIN)
    finally:
        staff.close()


# --- the cache backend itself, in this process ---------------------------------------------


@pytest.fixture
def redis_cache(own_redis):
    """The production settings' cache backend and timeouts on the test's own Redis, with a
    breaker interval short enough for a test."""
    from intranet.portal.cache import TolerantRedisCache

    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{own_redis.port}/0",
        {
            "KEY_PREFIX": "haengning",
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.3,
                "CIRCUIT_BREAKER_SECONDS": 1,
            },
        },
    )
    yield cache
    cache.close()
    cache.breaker.reset()


def test_a_failed_cache_is_left_alone_and_owed_deletions_follow(redis_cache, own_redis, caplog):
    import redis

    raw = redis.Redis(port=own_redis.port, socket_timeout=5)
    redis_cache.set("meny", "Start, Ledningssystemet", 3600)
    stored = redis_cache.make_key("meny")
    assert raw.exists(stored)

    with caplog.at_level("INFO", logger="intranet.portal.cache"), hung(own_redis):
        started = time.monotonic()
        assert redis_cache.get("meny") is None  # one short timeout: a miss
        first = time.monotonic() - started
        started = time.monotonic()
        for _number in range(50):
            assert redis_cache.get("meny") is None
            redis_cache.set("meny", "Ny meny", 3600)
        redis_cache.delete("meny")  # a page was published meanwhile
        rest = time.monotonic() - started
    assert first < 0.6, first
    assert rest < 0.1, f"Redis was asked again while its breaker was open ({rest:.2f} s)"
    assert raw.exists(stored), "the deletion was not sent while Redis hung"

    time.sleep(1.1)
    assert redis_cache.get("annat") is None  # Redis answers again
    assert not raw.exists(stored), "the owed deletion was made once Redis answered"
    redis_cache.set("meny", "Ny meny", 3600)
    assert redis_cache.get("meny") == "Ny meny"
    raw.close()

    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "cache: Redis unreachable in get (TimeoutError); the cache is skipped for 1 s",
        "cache: Redis answers again; the cache is used again",
    ]
