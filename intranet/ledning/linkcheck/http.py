"""External links over HTTP with httpx and asyncio: fast, polite and safe.

- a global limit of requests in flight and a per-host limit, with a short interval between two
  requests to the same host;
- connect and read timeouts, and a total time per request (a server trickling bytes cannot
  hold a link);
- HEAD first, GET when HEAD is refused (405, 501, 403); a GET reads at most a small cap of the
  body (the stream is closed after it), so a 200 MB answer costs nothing;
- redirects followed one by one (at most LINKCHECK_MAX_REDIRECTS), loops detected, only http
  and https followed; a permanent redirect's target is reported as the fix;
- 429 and 503 with Retry-After: the whole host waits that long (up to a cap), then again;
- network errors retried with exponential backoff; timeouts are not retried;
- certificates verified (an invalid one is reported, never ignored).

Nothing here touches the database: ``check_urls`` takes addresses and returns verdicts. Only
the process that checks imports this module (and httpx): see ``worker``."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import importlib
import socket
import ssl
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import httpx
from django.utils.translation import gettext as _

from .config import CheckConfig
from .models import Verdict
from .result import Result

REDIRECT_CODES = (301, 302, 303, 307, 308)
PERMANENT_REDIRECTS = (301, 308)
HEAD_REFUSED = (405, 501, 403)
RATE_LIMITED = (429, 503)


class _Host:
    """One host's slots, the earliest time its next request may start, and its own pool of
    connections (httpcore's pool scans every connection it holds for each request it places:
    one pool for all hosts made that cost grow with the number of hosts)."""

    def __init__(self, per_host: int, transport: httpx.AsyncHTTPTransport):
        self.slots = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.next_start = 0.0
        self.transport = transport

    async def wait_turn(self, interval: float) -> float:
        """Wait until this host's next request may start; returns that moment (the event
        loop's clock, time.monotonic()). Two moments are at least ``interval`` apart."""
        loop = asyncio.get_running_loop()
        async with self.lock:
            delay = self.next_start - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            self.next_start = now + interval
            return now

    def pause(self, seconds: float) -> None:
        self.next_start = max(self.next_start, asyncio.get_running_loop().time() + seconds)


class _Failure(Exception):
    def __init__(self, result: Result):
        self.result = result


def _chain(error: BaseException) -> Iterable[BaseException]:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _describe_network_error(error: Exception) -> tuple[str, str, bool]:
    """(verdict, Swedish text, retry?) for an exception from httpx."""
    for cause in _chain(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = getattr(cause, "verify_message", "") or str(cause)
            return (
                Verdict.ERROR,
                _("Ogiltigt certifikat: %(detail)s") % {"detail": detail},
                False,
            )
        if isinstance(cause, ssl.SSLError):
            return Verdict.ERROR, _("TLS-fel: %(detail)s") % {"detail": cause}, False
        if isinstance(cause, socket.gaierror):
            if cause.errno == socket.EAI_AGAIN:  # the name server did not answer: try again
                return Verdict.ERROR, _("Namnet kunde inte slås upp just nu."), True
            return Verdict.BROKEN, _("Servern finns inte (namnet kan inte slås upp)."), False
        if isinstance(cause, ConnectionRefusedError):
            return Verdict.ERROR, _("Servern tar inte emot anslutningar."), True
    return Verdict.ERROR, _("Nätverksfel: %(detail)s") % {"detail": error or type(error)}, True


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - time.time())


class Checker:
    """Checks URLs with one shared httpx client. Use as ``async with Checker(config) as c``."""

    def __init__(self, config: CheckConfig):
        self.config = config
        self.hosts: dict[str, _Host] = {}
        self.slots = asyncio.Semaphore(config.concurrency)
        self.client: httpx.AsyncClient | None = None
        self.ssl_context: ssl.SSLContext | None = None
        # For the pools of http:// hosts (which never start TLS): a context that trusts no
        # certificate at all, so it could never make an unverified connection either.
        self.no_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    def _tls(self, url: httpx.URL) -> ssl.SSLContext:
        """The TLS context for a host's pool: one verifying context for every https host (and
        behind a proxy), made when the first one needs it (loading the CA bundle costs about
        0.05 s: not worth it for a check with no https address)."""
        if url.scheme != "https" and not self.config.proxy:
            return self.no_tls
        if self.ssl_context is None:
            verify = self.config.verify
            if isinstance(verify, str):  # a CA bundle's path
                verify = ssl.create_default_context(cafile=verify)
            self.ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        return self.ssl_context

    async def __aenter__(self) -> Checker:
        config = self.config
        # The client only builds requests (headers, timeouts); they go straight to the host's
        # transport: no redirect handling of httpx's own (which would refuse to even parse
        # some Location headers we want to report).
        self.client = httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(verify=self.no_tls, trust_env=False),
            trust_env=False,
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.read_timeout,
                pool=None,
            ),
            headers={"User-Agent": config.user_agent, "Accept": "*/*"},
        )
        return self

    async def __aexit__(self, *exc) -> None:
        for host in self.hosts.values():
            await host.transport.aclose()
        if self.client is not None:
            await self.client.aclose()

    def _host(self, url: httpx.URL) -> _Host:
        key = f"{url.scheme}://{url.host}:{url.port or ''}"
        host = self.hosts.get(key)
        if host is None:
            per_host = self.config.per_host
            transport = httpx.AsyncHTTPTransport(
                verify=self._tls(url),
                proxy=self.config.proxy,
                limits=httpx.Limits(
                    max_connections=per_host,
                    max_keepalive_connections=per_host,
                    keepalive_expiry=5.0,
                ),
                trust_env=False,
            )
            host = self.hosts[key] = _Host(per_host, transport)
        return host

    async def _send(self, host: _Host, method: str, url: httpx.URL) -> tuple[int, httpx.Headers]:
        assert self.client is not None
        request = self.client.build_request(method, url)
        response = await host.transport.handle_async_request(request)
        try:
            # Read to the end of the answer (a HEAD's is empty) so that the connection goes
            # back to the pool for the host's next request; closing an answer that was not
            # read to its end closes its connection. A GET stops at the cap (and so closes
            # the connection of a big answer).
            received = 0
            async for chunk in response.stream:
                received += len(chunk)
                if received >= self.config.max_body_bytes:
                    break
            return response.status_code, response.headers
        finally:
            await response.aclose()

    async def _request(self, method: str, url: httpx.URL) -> tuple[int, httpx.Headers]:
        host = self._host(url)
        async with host.slots:
            await host.wait_turn(self.config.host_interval)
            async with self.slots, asyncio.timeout(self.config.total_timeout):
                return await self._send(host, method, url)

    async def _fetch(self, url: httpx.URL) -> tuple[int, httpx.Headers]:
        """One address's answer: HEAD, or GET when HEAD is refused; Retry-After and network
        errors handled. Raises _Failure with the verdict when there is no usable answer."""
        config = self.config
        method = "HEAD"
        failures = 0
        waits = 0
        while True:
            try:
                status, headers = await self._request(method, url)
            except (httpx.TimeoutException, TimeoutError) as error:
                if isinstance(error, httpx.ConnectTimeout):
                    seconds = config.connect_timeout
                elif isinstance(error, httpx.TimeoutException):
                    seconds = min(config.read_timeout, config.total_timeout)
                else:  # the total time per request ran out
                    seconds = config.total_timeout
                raise _Failure(
                    Result(
                        Verdict.TIMEOUT,
                        error=_("Servern svarade inte inom %(seconds)s sekunder.")
                        % {"seconds": f"{seconds:g}"},
                    )
                ) from error
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                raise _Failure(
                    Result(Verdict.BROKEN, error=_("Ogiltig adress: %(e)s") % {"e": error})
                ) from error
            except (httpx.HTTPError, OSError) as error:
                verdict, text, retry = _describe_network_error(error)
                if retry and failures < config.retries:
                    await asyncio.sleep(config.retry_backoff * 2**failures)
                    failures += 1
                    continue
                raise _Failure(Result(verdict, error=text)) from error
            if method == "HEAD" and status in HEAD_REFUSED:
                method = "GET"
                continue
            if status in RATE_LIMITED:
                seconds = retry_after_seconds(headers.get("retry-after"))
                if seconds is None and status == 429:
                    seconds = config.retry_backoff * 2**waits
                if (
                    seconds is not None
                    and seconds <= config.retry_after_max
                    and waits < max(config.retries, 1)
                ):
                    self._host(url).pause(seconds)
                    waits += 1
                    continue
                raise _Failure(
                    Result(
                        Verdict.ERROR,
                        status=status,
                        error=_("Servern ber oss vänta (HTTP %(status)s); försök igen senare.")
                        % {"status": status},
                    )
                )
            return status, headers

    async def check(self, address: str) -> Result:
        """Follow an address through its redirects to a verdict."""
        try:
            url = httpx.URL(address)
        except (httpx.InvalidURL, ValueError, UnicodeError) as error:
            return Result(Verdict.BROKEN, error=_("Ogiltig adress: %(e)s") % {"e": error})
        redirects: list[dict[str, Any]] = []
        seen = {str(url)}
        for _hop in range(self.config.max_redirects + 1):
            try:
                status, headers = await self._fetch(url)
            except _Failure as failure:
                failure.result.redirects = redirects
                return failure.result
            location = headers.get("location")
            if status not in REDIRECT_CODES or not location:
                return self._final(status, url, redirects)
            try:
                target = url.join(location)
            except (httpx.InvalidURL, ValueError, UnicodeError):
                return Result(
                    Verdict.BROKEN,
                    status=status,
                    error=_("Omdirigerar till en ogiltig adress: %(to)s") % {"to": location},
                    redirects=redirects,
                )
            redirects.append({"status": status, "url": str(target)})
            if target.scheme not in ("http", "https"):
                return Result(
                    Verdict.BROKEN,
                    status=status,
                    error=_("Omdirigerar till en adress som inte är http eller https: %(to)s")
                    % {"to": str(target)[:200]},
                    redirects=redirects,
                )
            if str(target) in seen:
                return Result(
                    Verdict.BROKEN,
                    status=status,
                    error=_("Omdirigeringarna går i en slinga."),
                    redirects=redirects,
                )
            seen.add(str(target))
            url = target
        return Result(
            Verdict.BROKEN,
            status=redirects[-1]["status"] if redirects else None,
            error=_("För många omdirigeringar (fler än %(n)s).") % {"n": self.config.max_redirects},
            redirects=redirects,
        )

    def _final(self, status: int, url: httpx.URL, redirects: list[dict[str, Any]]) -> Result:
        if 200 <= status < 300 or status == 401:
            if any(hop["status"] in PERMANENT_REDIRECTS for hop in redirects):
                return Result(
                    Verdict.REDIRECTED,
                    status=status,
                    error=_("Adressen har flyttats permanent; byt till %(to)s.") % {"to": url},
                    redirect_to=str(url),
                    redirects=redirects,
                )
            return Result(Verdict.OK, status=status, redirects=redirects)
        if status in (404, 410):
            text = _("Sidan finns inte (HTTP %(status)s).")
        elif status == 403:
            text = _("Åtkomst nekad (HTTP %(status)s).")
        elif 300 <= status < 400:
            text = _("Omdirigering utan mål (HTTP %(status)s).")
        elif status >= 500:
            text = _("Serverfel (HTTP %(status)s).")
        else:
            text = _("Felsvar från servern (HTTP %(status)s).")
        verdict = Verdict.BROKEN if 300 <= status < 600 else Verdict.ERROR
        return Result(verdict, status=status, error=text % {"status": status}, redirects=redirects)


def warm_up() -> None:
    """Import now what httpx imports on its first request (its HTTP/1.1 implementation and
    the asyncio backend), so that the first request does not wait for it."""
    for name in ("httpcore._async.http11", "anyio._backends._asyncio", "h11"):
        # Another version of httpx's dependencies may not have it: nothing to warm up then.
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


async def check_stream(
    batches: AsyncIterator[list[str]],
    config: CheckConfig,
    on_result: Callable[[str, Result], None],
) -> None:
    """Check every address of every batch as it arrives (the first batch goes out while the
    next ones are still being found), each once; ``on_result(url, result)`` per address."""
    async with Checker(config) as checker:

        async def one(url: str) -> None:
            try:
                result = await checker.check(url)
            except Exception as error:  # never let one link stop the run
                result = Result(Verdict.ERROR, error=_("Fel vid kontroll: %(e)s") % {"e": error})
            on_result(url, result)

        seen: set[str] = set()
        tasks: list[asyncio.Task] = []
        async for batch in batches:
            for url in batch:
                if url not in seen:
                    seen.add(url)
                    tasks.append(asyncio.create_task(one(url)))
        await asyncio.gather(*tasks)


async def check_urls_async(
    urls: Iterable[str],
    config: CheckConfig,
    progress: Callable[[str, Result], None] | None = None,
) -> dict[str, Result]:
    results: dict[str, Result] = {}

    async def one_batch() -> AsyncIterator[list[str]]:
        yield list(urls)

    def on_result(url: str, result: Result) -> None:
        results[url] = result
        if progress is not None:
            progress(url, result)

    await check_stream(one_batch(), config, on_result)
    return results


def check_urls(
    urls: Iterable[str],
    config: CheckConfig | None = None,
    progress: Callable[[str, Result], None] | None = None,
) -> dict[str, Result]:
    """Verdicts for external addresses (a blocking call: runs its own event loop)."""
    return asyncio.run(check_urls_async(list(urls), config or CheckConfig(), progress))
