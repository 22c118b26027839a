"""Real HTTP(S) servers on loopback addresses (127.0.0.x) for the link checker's tests and the
benchmark: each behaves the way a badly or well behaved web server does, and records what it
was asked. Started and stopped by the tests (context managers)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

BIG = 200 * 1024 * 1024


@dataclass
class Hit:
    method: str
    path: str
    at: float
    headers: dict[str, str]
    raw_path: str = ""
    client: tuple[str, int] | None = None  # the connection's address and port


@dataclass
class Stats:
    hits: list[Hit] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    big_bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self, method: str | None = None) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits if method is None or hit.method == method]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkServer

    def log_message(self, format, *args):  # quiet
        pass

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b""):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _handle(self):
        raw = self.path
        path = unquote(urlsplit(raw).path)
        stats = self.server.stats
        with stats.lock:
            stats.hits.append(
                Hit(
                    self.command,
                    path,
                    time.monotonic(),
                    dict(self.headers),
                    raw,
                    client=tuple(self.client_address[:2]),
                )
            )
            stats.in_flight += 1
            stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        try:
            if self.server.latency:
                time.sleep(self.server.latency)
        finally:
            # Counted until the answer starts: once it is on its way the client may send the
            # next request before this thread would get to count this one finished.
            with stats.lock:
                stats.in_flight -= 1
        route = self.server.routes.get(path) or ROUTES.get(path)
        if route is None:
            self._send(404, body=b"not found")
        else:
            route(self)

    do_GET = _handle
    do_HEAD = _handle


def ok(handler: Handler):
    handler._send(200, {"Content-Type": "text/html"}, b"<html>ok</html>")


def hang(handler: Handler):
    """Accept the request and never answer (until the server stops)."""
    handler.server.stopping.wait(120)
    handler.close_connection = True


def big(handler: Handler):
    """Refuse HEAD; answer GET with 200 MB, for as long as the client reads."""
    if handler.command == "HEAD":
        handler._send(405)
        return
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Content-Length", str(BIG))
    handler.end_headers()
    chunk = b"x" * 65536
    sent = 0
    try:
        while sent < BIG and not handler.server.stopping.is_set():
            handler.wfile.write(chunk)
            sent += len(chunk)
            with handler.server.stats.lock:
                handler.server.stats.big_bytes_sent = sent
    except OSError:
        pass
    handler.close_connection = True


def redirect(to: str, status: int = 301) -> Callable[[Handler], None]:
    def route(handler: Handler):
        handler._send(status, {"Location": to})

    return route


def rate_limited(handler: Handler):
    """429 with Retry-After: 1 the first time, 200 after that."""
    count = sum(1 for hit in handler.server.stats.hits if hit.path == "/rate")
    if count == 1:
        handler._send(429, {"Retry-After": "1"})
    else:
        ok(handler)


def rate_limited_long(handler: Handler):
    handler._send(429, {"Retry-After": "3600"})


def no_head(status: int) -> Callable[[Handler], None]:
    def route(handler: Handler):
        if handler.command == "HEAD":
            handler._send(status)
        else:
            ok(handler)

    return route


def trickle(handler: Handler):
    """Answer one byte at a time, every 0.3 s, for ever: no read ever times out."""
    try:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
            if handler.server.stopping.is_set():
                break
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.3)
    except OSError:
        pass
    handler.close_connection = True


def unavailable(handler: Handler):
    """503 with Retry-After: 1 the first time, 200 after that."""
    count = sum(1 for hit in handler.server.stats.hits if hit.path == "/unavailable")
    if count == 1:
        handler._send(503, {"Retry-After": "1"})
    else:
        ok(handler)


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/trickle": trickle,
    "/unavailable": unavailable,
    "/ok": ok,
    "/": ok,
    "/hang": hang,
    "/big": big,
    "/loop-a": redirect("/loop-b"),
    "/loop-b": redirect("/loop-a"),
    "/to-ftp": redirect("ftp://ftp.example.se/fil.pdf", 302),
    "/to-javascript": redirect("javascript:alert(1)", 302),
    "/moved": redirect("/ok", 301),
    "/temporary": redirect("/ok", 302),
    "/gone": lambda handler: handler._send(410),
    "/error": lambda handler: handler._send(500),
    "/rate": rate_limited,
    "/rate-long": rate_limited_long,
    "/no-head-405": no_head(405),
    "/no-head-501": no_head(501),
    "/no-head-403": no_head(403),
    "/dokument/vård-och-omsorg": ok,
    "/sök": ok,
}


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # More pending connections than the checker opens at once.
    request_queue_size = 128

    def __init__(
        self,
        host: str = "127.0.0.2",
        latency: float = 0.0,
        tls: TLSFiles | None = None,
        routes: dict[str, Callable[[Handler], None]] | None = None,
        port: int = 0,
    ):
        super().__init__((host, port), Handler)
        self.stats = Stats()
        self.latency = latency
        self.routes = routes or {}
        self.stopping = threading.Event()
        self.tls = tls
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls.cert, tls.key)
            self.socket = context.wrap_socket(self.socket, server_side=True)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    def handle_error(self, request, client_address):
        """A client that hangs up mid-answer is expected here (body caps, timeouts): quiet."""

    @property
    def host(self) -> str:
        return self.server_address[0]

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "/ok") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self.thread.join(10)


# --- a proxy that answers itself: shows what goes on the wire ---------------------------------


class ProxyHandler(BaseHTTPRequestHandler):
    """Receives absolute-form requests ("HEAD http://host/path HTTP/1.1") and answers 200."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _handle(self):
        with self.server.stats.lock:
            self.server.stats.hits.append(
                Hit(self.command, self.path, time.monotonic(), dict(self.headers), self.path)
            )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = _handle
    do_HEAD = _handle


class RecordingProxy(LinkServer):
    def __init__(self, host: str = "127.0.0.9"):
        ThreadingHTTPServer.__init__(self, (host, 0), ProxyHandler)
        self.stats = Stats()
        self.stopping = threading.Event()
        self.tls = None
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})


# --- a self-signed certificate ---------------------------------------------------------------


@dataclass
class TLSFiles:
    directory: str
    cert: str
    key: str

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def self_signed_certificate(host: str) -> TLSFiles:
    """A self-signed certificate for ``host`` made with the openssl command-line tool."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is not installed")
    directory = tempfile.mkdtemp(prefix="linkcheck-tls-")
    cert, key = str(Path(directory) / "cert.pem"), str(Path(directory) / "key.pem")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "2",
            "-subj",
            f"/CN={host}",
            "-addext",
            f"subjectAltName=IP:{host}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return TLSFiles(directory, cert, key)


def free_loopback(host: str) -> bool:
    """Whether this loopback address can be bound (Linux binds all of 127.0.0.0/8)."""
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
        return True
    except OSError:
        return False
