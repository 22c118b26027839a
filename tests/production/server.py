"""The site on production settings, served by gunicorn on loopback: for the production tests
and the load test (benchmarks/loadtest.py). Nothing is mocked: the real settings module, the
real WSGI server, whitenoise, PostgreSQL and Redis."""

from __future__ import annotations

import fcntl
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST_NAME = "intranet.test"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A postgres:// URL for one of Django's connection settings."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def production_env(database: str, **overrides: str) -> dict[str, str]:
    """The environment of a production process: required values set, everything else default."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "REDIS_", "CACHE_", "EMAIL_", "SECURE_"))
        and key not in {"DATABASE_URL", "TEST_DATABASE_NAME", "ALLOWED_HOSTS", "SECRET_KEY"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST_NAME},127.0.0.1,localhost",
            "DATABASE_URL": database,
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return env


def static_root() -> Path:
    """Where the production tests collect static files once per machine and Django/Wagtail
    version (var/ is ignored)."""
    import django
    import wagtail

    version = f"django{'.'.join(map(str, django.VERSION[:2]))}-wagtail{wagtail.__version__}"
    return Path(os.environ.get("INTRANET_VAR_DIR", ROOT / "var")) / f"production-static-{version}"


def collect_static(env: dict[str, str]) -> Path:
    """manage.py collectstatic into static_root(), as the Docker image does at build time.
    whitenoise's manifest must match the sources: it is collected again when any is newer."""
    target = static_root()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Test processes running side by side collect one after the other.
    with target.with_name(f"{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _collect_static(env, target)


def _collect_static(env: dict[str, str], target: Path) -> Path:
    manifest = target / "staticfiles.json"
    sources = [ROOT / "intranet", ROOT / "search"]
    newest = max(
        (
            path.stat().st_mtime
            for base in sources
            if base.exists()
            for path in base.rglob("*")
            if "static" in path.parts and path.is_file()
        ),
        default=0.0,
    )
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env={**env, "STATIC_ROOT": str(target)},
            check=True,
        )
    return target


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def client(self, **kwargs) -> httpx.Client:
        """An HTTP client that talks to the server as the load balancer does: the site's host
        name, and X-Forwarded-Proto: https (TLS ends at the balancer)."""
        headers = {"Host": HOST_NAME, "X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 2, threads: int = 2, host: str = "127.0.0.1"
) -> Iterator[Server]:
    """gunicorn serving intranet.wsgi on a free loopback port until the block ends."""
    port = free_port(host)
    descriptor, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
    os.close(descriptor)
    log_path = Path(name)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(ROOT / "docker" / "gunicorn.conf.py"),
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "intranet.wsgi:application",
            ],
            cwd=ROOT,
            env={"STATIC_ROOT": str(static_root()), **env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(url=f"http://{host}:{port}", process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{server.log()}")
            try:
                with server.client() as client:
                    client.get("/healthz")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer:\n{server.log()}") from None
                time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log_path.unlink(missing_ok=True)
