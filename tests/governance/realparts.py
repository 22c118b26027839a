"""Real parts for the governance tests and the fan-out benchmark: an SMTP server (aiosmtpd), a
Redis server of our own, and a Celery worker process.

Nothing here is mocked: the worker is ``celery -A tasks worker`` in a subprocess, talking to
Redis on loopback and to the SMTP server over TCP, and writing to the same database as the
test."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"gave up waiting after {timeout:.0f} s: {what}")


# --- SMTP -----------------------------------------------------------------------------------


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        return ""


class SinkHandler:
    """Stores every accepted message; refuses the recipients in ``reject`` with 550.

    With ``hold_after`` = N, the server takes the N-th message and every later one but does not
    answer it until ``release()``: a sender is then stopped at a known point, after the server
    has the message and before the sender has heard so."""

    def __init__(
        self, reject: set[str] | None = None, delay: float = 0.0, hold_after: int | None = None
    ):
        self.reject = {address.lower() for address in reject or ()}
        self.delay = delay
        self.hold_after = hold_after
        self.released = threading.Event()
        self.messages: list[Received] = []
        self.sessions = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
            count = len(self.messages)
        if self.hold_after is not None and count >= self.hold_after:
            import asyncio

            while not self.released.is_set():
                await asyncio.sleep(0.01)
        return "250 Message accepted"


class SMTPSink:
    """An aiosmtpd server on 127.0.0.1 and a free port."""

    def __init__(
        self, reject: set[str] | None = None, delay: float = 0.0, hold_after: int | None = None
    ):
        self.handler = SinkHandler(reject, delay, hold_after)
        self.port = free_port()
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, data_size_limit=10_000_000
        )

    def __enter__(self) -> SMTPSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self.controller.stop()

    def release(self) -> None:
        """Answer the held messages and every later one at once (see SinkHandler)."""
        self.handler.released.set()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.messages)

    @property
    def sessions(self) -> int:
        return self.handler.sessions

    def by_recipient(self) -> dict[str, list[Received]]:
        result: dict[str, list[Received]] = {}
        for message in self.messages:
            for recipient in message.recipients:
                result.setdefault(recipient, []).append(message)
        return result


# --- Redis ----------------------------------------------------------------------------------


def redis_ping(host: str = "127.0.0.1", port: int = 6379, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass(frozen=True)
class Broker:
    """A Redis broker and a key prefix of its own, so that runs sharing a Redis never see each
    other's queues (kombu's ``global_keyprefix``)."""

    url: str
    prefix: str = ""

    @classmethod
    def isolated(cls, url: str) -> Broker:
        return cls(url, f"ledning-test-{uuid.uuid4().hex[:12]}:")

    @property
    def transport_options(self) -> dict[str, str]:
        return {"global_keyprefix": self.prefix} if self.prefix else {}

    def worker_env(self) -> dict[str, str]:
        return {"CELERY_BROKER_URL": self.url, "CELERY_KEYPREFIX": self.prefix}

    def clean(self) -> None:
        """Delete this broker's keys (only its own: the prefix)."""
        if not self.prefix:
            return
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=5)
        try:
            keys = list(client.scan_iter(match=f"{self.prefix}*", count=1000))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


class RedisServer:
    """A redis-server of our own on a free port (for stopping it without touching the machine's
    main Redis)."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="ledning-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: redis_ping(port=self.port), 10, what="redis-server to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the Celery worker ----------------------------------------------------------------------


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to (the test database)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


@dataclass
class CeleryWorker:
    """``celery -A tasks worker`` (with the beat scheduler embedded) in a subprocess."""

    broker: Broker
    database_url: str
    email_url: str
    concurrency: int = 2
    beat: bool = True
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    workdir: str = ""

    def start(self, timeout: float = 60) -> CeleryWorker:
        self.workdir = self.workdir or tempfile.mkdtemp(prefix="ledning-worker-")
        self.log_path = Path(self.workdir) / f"worker-{uuid.uuid4().hex[:8]}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.governance.worker_settings",
            "DATABASE_URL": self.database_url,
            **self.broker.worker_env(),
            "EMAIL_URL": self.email_url,
            "PYTHONPATH": str(ROOT),
            **self.env,
        }
        env.pop("REDIS_URL", None)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasks",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(self.concurrency),
            "--pool",
            "prefork",
            "--hostname",
            f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if self.beat:
            command += ["--beat", "--schedule", str(Path(self.workdir) / "beat-schedule")]
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_for(
            lambda: self.process.poll() is not None or b" ready." in self.log_path.read_bytes(),
            timeout,
            interval=0.1,
            what="the Celery worker to be ready",
        )
        if self.process.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{self.log()}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def kill(self) -> None:
        """SIGKILL the worker and all its pool processes at once (no chance to clean up)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the main process, which stops its pool), else SIGKILL."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.process = None
