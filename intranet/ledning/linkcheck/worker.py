"""The HTTP checks in a process of their own, fed addresses while they are still being found.

A full check does two kinds of work at once: the HTTP checks (asyncio; about 1 ms of CPU per
request) and the database work (extracting the links, storing where they stand, checking the
internal ones). In one process they shared one core. ``HttpWorker`` forks a child right away (the
parent's Django and Wagtail are set up, so the child starts in a moment and shares its memory);
the parent sends it the external addresses in batches as extraction finds them, the child checks
each as it arrives and sends the results back in batches; the parent reads them once its own work
is done.

The child touches nothing but its sockets: no database (the parent's connection is never used in
it), no output, and it leaves with ``os._exit`` (no atexit handlers, no flushing of the parent's
buffers). It ends by itself when the parent goes away (the end of its input), and the parent
ends it when the parent stops early. A child that dies before it has answered for every address
is an error for the parent (``WorkerDied``): the run then stores no verdict at all."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import os
import queue
import signal
import sys
import threading
import traceback
import warnings
import zlib
from collections.abc import AsyncIterator, Iterator
from multiprocessing.connection import Connection, Pipe, wait
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .config import CheckConfig
from .result import Result

# The child's last message: every address has its result.
_DONE = "done"


class WorkerDied(RuntimeError):
    """The HTTP process ended before it had answered for every address."""


class HttpWorker:
    """``with HttpWorker(config) as worker``: ``submit(urls)`` any number of times, then
    ``results()`` (which closes the input) yields every address's (url, result) once, in
    batches."""

    def __init__(self, config: CheckConfig):
        self.config = config
        self.pid: int | None = None
        self._inbox: Connection | None = None  # parent → child: lists of addresses, then None
        self._outbox: Connection | None = None  # child → parent: lists of (url, result)
        self._closed = False

    def __enter__(self) -> HttpWorker:
        to_child_read, to_child_write = Pipe(duplex=False)
        from_child_read, from_child_write = Pipe(duplex=False)
        # Nothing buffered in the parent may be written twice (the child never flushes, but be
        # plain about it).
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():
            # Python 3.12 warns when a process with threads forks (a lock another thread holds
            # stays locked in the child). The child uses only what it creates itself (an event
            # loop, sockets, two threads) and the already loaded translations; the threads that
            # may run here (a test's HTTP server, a progress bar's monitor) are not touched.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                to_child_write.close()
                from_child_read.close()
                _child(self.config, to_child_read, from_child_write)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        self.pid = pid
        to_child_read.close()
        from_child_write.close()
        self._inbox, self._outbox = to_child_write, from_child_read
        return self

    def submit(self, urls: list[str]) -> None:
        if not urls:
            return
        assert self._inbox is not None and not self._closed
        try:
            self._inbox.send(urls)
        except OSError as error:  # the child is gone
            raise WorkerDied(self._died()) from error

    def close_input(self) -> None:
        if self._inbox is not None and not self._closed:
            self._closed = True
            with contextlib.suppress(OSError):  # the child is gone: results() says so
                self._inbox.send(None)
            self._inbox.close()

    def results(self) -> Iterator[list[tuple[str, Result]]]:
        """Every address's result, in batches as the child sends them."""
        self.close_input()
        assert self._outbox is not None
        while True:
            try:
                message = self._outbox.recv()
            except (EOFError, OSError) as error:
                raise WorkerDied(self._died()) from error
            if message == _DONE:
                return
            yield message

    def _died(self) -> str:
        status = self._wait()
        if status is not None and os.WIFSIGNALED(status):
            how = _("avslutades av signal %(signal)s") % {"signal": os.WTERMSIG(status)}
        elif status is not None and os.WIFEXITED(status):
            how = _("avslutades med status %(status)s") % {"status": os.WEXITSTATUS(status)}
        else:
            how = _("avslutades")
        return _(
            "Processen som kontrollerar länkarna över HTTP %(how)s innan den var klar; "
            "inga resultat sparades."
        ) % {"how": how}

    def _wait(self) -> int | None:
        if self.pid is None:
            return None
        pid, self.pid = self.pid, None
        return os.waitpid(pid, 0)[1]

    def __exit__(self, *exc) -> None:
        for connection in (self._inbox, self._outbox):
            if connection is not None:
                connection.close()
        if self.pid is not None:
            if exc[0] is not None:  # stopped early: the child's work is of no use
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            self._wait()


class HttpWorkers:
    """Several ``HttpWorker`` processes, each with hosts of its own (so each host's limit and
    interval hold as in one process) and its share of the global limit of requests in flight.
    The answers of many hosts tend to arrive together; two processes handle such a burst on
    two cores, where one would answer the last of it later by the time it takes to handle all
    the others."""

    def __init__(self, config: CheckConfig, processes: int):
        processes = max(1, processes)
        share = dataclasses.replace(config, concurrency=-(-config.concurrency // processes))
        self.workers = [HttpWorker(share) for _ in range(processes)]

    def __enter__(self) -> HttpWorkers:
        try:
            for worker in self.workers:
                worker.__enter__()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def submit(self, urls: list[str]) -> None:
        if len(self.workers) == 1:
            self.workers[0].submit(urls)
            return
        shares: list[list[str]] = [[] for _ in self.workers]
        for url in urls:
            shares[_host_number(url) % len(self.workers)].append(url)
        for worker, share in zip(self.workers, shares, strict=True):
            worker.submit(share)

    def close_input(self) -> None:
        for worker in self.workers:
            worker.close_input()

    def results(self) -> Iterator[tuple[str, Result]]:
        """Every address's result, from whichever process has some ready."""
        self.close_input()
        streams = {worker._outbox: worker.results() for worker in self.workers}
        while streams:
            for ready in wait(list(streams)):
                stream = streams[ready]
                try:
                    batch = next(stream)
                except StopIteration:
                    del streams[ready]
                    continue
                yield from batch

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.__exit__(*exc)


def _host_number(url: str) -> int:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # not even a host to read: any process says so
        host = ""
    return zlib.crc32(host.encode("utf-8", "surrogatepass"))


def _child(config: CheckConfig, inbox: Connection, outbox: Connection) -> None:
    # Ctrl-C reaches the whole process group: end at once, as the parent does. A signal handler
    # of the parent's (a Celery worker's, say) has no business here.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    # What the parent holds stays as it is here: out of the cyclic collector's reach, which
    # would otherwise walk it again and again while the requests make short-lived objects.
    gc.freeze()
    asyncio.run(_serve(config, inbox, outbox))


async def _serve(config: CheckConfig, inbox: Connection, outbox: Connection) -> None:
    # httpx, and what it imports on its first request, while the parent finds the first
    # addresses: only this process needs them.
    from .http import check_stream, warm_up

    warm_up()
    loop = asyncio.get_running_loop()
    batches: asyncio.Queue[list[str] | None] = asyncio.Queue()

    def receive() -> None:
        # A thread of its own, so that the event loop never waits for the pipe.
        while True:
            try:
                batch = inbox.recv()
            except (EOFError, OSError):
                batch = None  # the parent is gone, or sent everything
            loop.call_soon_threadsafe(batches.put_nowait, batch)
            if batch is None:
                return

    outgoing: queue.SimpleQueue[tuple[str, Result] | None] = queue.SimpleQueue()

    def send() -> None:
        # Sends whatever has gathered since the last message; blocks on a full pipe without
        # holding up the checks.
        while True:
            item = outgoing.get()
            batch = []
            while item is not None:
                batch.append(item)
                try:
                    item = outgoing.get_nowait()
                except queue.Empty:
                    break
            try:
                if batch:
                    outbox.send(batch)
                if item is None:
                    outbox.send(_DONE)
                    return
            except OSError:  # the parent is gone
                os._exit(1)

    threading.Thread(target=receive, daemon=True).start()
    sender = threading.Thread(target=send)
    sender.start()

    async def arriving() -> AsyncIterator[list[str]]:
        while (batch := await batches.get()) is not None:
            yield batch

    await check_stream(arriving(), config, lambda url, result: outgoing.put((url, result)))
    # Only now "done": a child that fails on the way ends without it (os._exit(1) in _child).
    outgoing.put(None)
    sender.join()
