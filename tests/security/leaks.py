"""Requesting URLs as one visitor and finding restricted content in what comes back.

A response leaks when its body or headers hold any secret phrase of the seeded site (as UTF-8,
HTML-escaped, JSON-escaped, URL-quoted or slugified) or any restricted file's bytes. What the
visitor typed (the path, the query's values) is set aside first when it holds a phrase itself:
a page repeating the search words is not a leak."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

from django.conf import settings
from django.test import Client
from django.utils.text import slugify

REDIRECTS = (301, 302, 303, 307, 308)
# Where the login forms live; a redirect there is "the login page".
LOGIN_PATHS = ("/logga-in/", "/admin/login/", "/django-admin/login/", "/_util/login/")


@dataclass
class Answer:
    method: str
    url: str
    status: int
    location: str
    content_type: str
    body: bytes
    headers: str
    chain: list[str] = field(default_factory=list)

    @property
    def location_path(self) -> str:
        return urlsplit(self.location).path if self.location else ""

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECTS

    @property
    def is_login_redirect(self) -> bool:
        return self.is_redirect and self.location_path in LOGIN_PATHS

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def describe(self) -> str:
        arrow = f" → {self.location}" if self.location else ""
        return f"{self.method} {self.url} ({self.status}{arrow})"


def read(response) -> bytes:
    """The body; the test client closes a streamed response once it is read (closing it again
    here would close the database connection, and with it the test's transaction)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def fetch(client: Client, url: str, method: str = "GET", data: dict | None = None) -> Answer:
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data or {}, HTTP_ACCEPT="application/json")
    body = read(response)
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    answer = Answer(
        method=method,
        url=url,
        status=response.status_code,
        location=response.get("Location", ""),
        content_type=response.get("Content-Type", ""),
        body=body,
        headers=headers,
    )
    session_cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if session_cookie is not None and session_cookie.value == "" and hasattr(client, "_user"):
        client.force_login(client._user)  # a logout URL ended the session: log in again
    return answer


def fetch_following(
    client: Client, url: str, first: Answer | None = None, limit: int = 8
) -> tuple[Answer, list[str]]:
    """GET url (or take its first answer) and follow redirects within the site (not into the
    admins' own login forms, which cannot lead back); returns the last answer and the chain of
    URLs. A chain that comes back to a URL it has seen is a redirect loop."""
    chain = [url]
    answer = first or fetch(client, url)
    while answer.is_redirect and len(chain) <= limit:
        parts = urlsplit(answer.location)
        if parts.netloc and parts.netloc != "testserver":
            break
        if parts.path in ("/admin/login/", "/django-admin/login/"):
            break
        relative = parts.path + (f"?{parts.query}" if parts.query else "")
        if relative in chain:
            chain.append(relative)
            break
        chain.append(relative)
        answer = fetch(client, relative)
    answer.chain = chain
    return answer, chain


def is_loop(chain: list[str]) -> bool:
    return len(chain) != len(set(chain)) or len(chain) > 8


def login_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        client._user = user  # type: ignore[attr-defined]
    return client


def variants(phrase: str) -> set[bytes]:
    forms = {
        phrase,
        html.escape(phrase),
        html.escape(phrase, quote=False),
        json.dumps(phrase)[1:-1],
        json.dumps(phrase, ensure_ascii=False)[1:-1],
        quote(phrase),
        quote_plus(phrase),
    }
    slug = slugify(phrase)
    if len(slug) >= 6:
        forms.add(slug)
    return {form.encode() for form in forms if form}


def echoes(url: str) -> list[str]:
    """What the visitor typed: the path and the values of the query."""
    parts = urlsplit(url)
    return [parts.path, *(value for _name, value in parse_qsl(parts.query) if value)]


def secrets_in(answer: Answer, phrases: dict[str, str], blobs: dict[str, bytes]) -> list[str]:
    """Labels of the secrets the answer holds."""
    text = answer.body + b"\n" + answer.headers.encode()
    typed = echoes(answer.url)
    found = []
    for label, phrase in phrases.items():
        haystack = text
        for echo in typed:
            if phrase in echo or slugify(phrase) in echo:
                for form in sorted(variants(echo), key=len, reverse=True):
                    haystack = haystack.replace(form, b"")
        if any(form in haystack for form in variants(phrase)):
            found.append(label)
    for label, blob in blobs.items():
        if blob and blob in answer.body:
            found.append(label)
    return found


@dataclass
class Findings:
    """Everything wrong in one sweep, reported together: one line per method and path, with
    the query strings that showed the same problem counted rather than listed."""

    lines: list[str] = field(default_factory=list)
    _grouped: dict[tuple[str, str], dict] = field(default_factory=dict)

    def add(self, answer: Answer | str, problem: str) -> None:
        if isinstance(answer, Answer):
            parts = urlsplit(answer.url)
            key = (answer.method, parts.path, problem)
            if key in self._grouped:
                self._grouped[key]["queries"] += 1
                return
            self._grouped[key] = {"answer": answer, "queries": 0}
            self.lines.append(key)  # type: ignore[arg-type]
        else:
            self.lines.append(f"{answer}: {problem}")

    def extend(self, lines: Iterable[str]) -> None:
        self.lines.extend(lines)

    def rendered(self) -> list[str]:
        out = []
        for line in self.lines:
            if isinstance(line, tuple):
                entry = self._grouped[line]
                more = f" [and {entry['queries']} more query strings]" if entry["queries"] else ""
                out.append(f"{entry['answer'].describe()}: {line[2]}{more}")
            else:
                out.append(line)
        return list(dict.fromkeys(out))

    def report(self, heading: str) -> str:
        lines = self.rendered()
        return f"{heading} ({len(lines)}):\n  " + "\n  ".join(lines)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def check(self, heading: str) -> None:
        """Fail the test with every finding, if there is any."""
        if self.lines:
            import pytest

            pytest.fail(self.report(heading))
