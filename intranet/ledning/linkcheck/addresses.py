"""What a link's address is: an internal target, an external http(s) URL, an e-mail address or
phone number (checked for form only), another scheme (skipped) or a malformed address.

Internal targets get URLs of their own: ``page:12``, ``page:12#avsnitt``, ``document:5``,
``image:7``, ``governeddocument:3``; a path on the site itself (``/ledningssystem/…``) or an
absolute URL to one of the site's own hosts is resolved to such a target when it can be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import LinkKind

HTTP_SCHEMES = ("http", "https")
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{2,30}$")
INTERNAL = re.compile(r"^(page|document|image|governeddocument):(\d+)(?:#(.*))?$")


@dataclass(frozen=True)
class Target:
    """A link's address, classified. ``problem`` is set (in Swedish) when the address alone
    shows that the link cannot work; ``skip`` when it is not checked at all."""

    url: str
    kind: str
    problem: str = ""
    skip: str = ""
    path: str = ""  # a path on the site itself, still to be resolved to a page

    @property
    def internal(self) -> bool:
        return self.kind not in (LinkKind.EXTERNAL, LinkKind.MAILTO, LinkKind.TEL, LinkKind.OTHER)


def internal(kind: str, pk: object, anchor: str = "") -> Target:
    url = f"{kind}:{pk}"
    if anchor:
        url += f"#{anchor}"
    return Target(url, kind)


def split_internal(url: str) -> tuple[str, int, str] | None:
    """("page", 12, "avsnitt") for "page:12#avsnitt"; None for anything else."""
    match = INTERNAL.match(url)
    if match is None:
        return None
    return match.group(1), int(match.group(2)), match.group(3) or ""


def malformed(href: str) -> Target:
    return Target(href, LinkKind.OTHER, problem=_("Ogiltig adress: %(url)s") % {"url": href[:200]})


def _valid_host(host: str) -> bool:
    if not host or any(char.isspace() for char in host) or ".." in host:
        return False
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return False
    return bool(re.fullmatch(r"[A-Za-z0-9.\-_\[\]:]+", ascii_host)) and not ascii_host.startswith(
        ("-", ".")
    )


def classify(
    href: str, *, own_hosts: frozenset[str] = frozenset(), source: str = "", base_path: str = ""
) -> Target:
    """Classify one address as an editor wrote it. ``source`` is the internal URL of the page
    the link stands on ("page:12", for "#anchor"), ``base_path`` its path (for relative links),
    ``own_hosts`` the site's own host names."""
    href = (href or "").strip()
    if not href:
        return malformed(href)
    if href.startswith("#"):
        if source.startswith("page:"):
            return Target(source.split("#", 1)[0] + href, LinkKind.PAGE)
        return malformed(href)
    if INTERNAL.match(href):
        kind = href.split(":", 1)[0]
        return Target(href, kind)
    try:
        parts = urlsplit(href)
        if parts.port == 0:  # parts.port raises ValueError for a port that is not a number
            return malformed(href)
    except ValueError:
        return malformed(href)
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return _mailto(href, parts.path)
    if scheme == "tel":
        number = unquote(parts.path)
        if PHONE.match(number):
            return Target(href, LinkKind.TEL)
        return Target(
            href, LinkKind.TEL, problem=_("Ogiltigt telefonnummer: %(n)s") % {"n": number}
        )
    if scheme in HTTP_SCHEMES:
        host = parts.hostname or ""
        if not parts.netloc or not _valid_host(host) or " " in href:
            return malformed(href)
        if own_hosts and host_port(href) in own_hosts:
            return Target(href, LinkKind.PAGE, path=_path_of(parts))
        # The fragment of an external page is not checked: one URL per page.
        return Target(
            urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, "")),
            LinkKind.EXTERNAL,
        )
    if scheme:
        if not re.fullmatch(r"[a-z][a-z0-9+.\-]*", scheme) or len(scheme) < 2:
            return malformed(href)
        return Target(
            href,
            LinkKind.OTHER,
            skip=_("Bara http- och https-länkar kontrolleras (%(scheme)s:).") % {"scheme": scheme},
        )
    # No scheme: a path on the site itself, or relative to the page the link stands on.
    if href.startswith("//"):
        return classify("https:" + href, own_hosts=own_hosts, source=source)
    if href.startswith("/"):
        return Target(href, LinkKind.PAGE, path=_path_of(parts))
    if base_path.startswith("/"):
        joined = urljoin(base_path, href)
        return Target(joined, LinkKind.PAGE, path=_path_of(urlsplit(joined)))
    return malformed(href)


def host_port(url: str) -> str:
    """ "host:port" of an absolute URL, with the scheme's default port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def _path_of(parts) -> str:
    path = parts.path or "/"
    return f"{path}#{parts.fragment}" if parts.fragment else path


def _mailto(href: str, path: str) -> Target:
    addresses = [unquote(address).strip() for address in path.split(",") if address.strip()]
    if not addresses:
        return Target(href, LinkKind.MAILTO, problem=_("E-postlänken saknar adress."))
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            return Target(
                href,
                LinkKind.MAILTO,
                problem=_("Ogiltig e-postadress: %(address)s") % {"address": address},
            )
    return Target(href, LinkKind.MAILTO)
