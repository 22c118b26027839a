"""The one e-mail builder of the management system, and the site addresses e-mail links use.

Every e-mail (notices, the daily digest, change proposals, review reminders, link reports) is
three Django templates side by side, named after the e-mail:

- ``<name>_subject.txt``: the subject; its whitespace (line breaks included) is collapsed to
  single spaces, so it may be written over several lines;
- ``<name>.txt``: the plain-text body;
- ``<name>.html``: the HTML alternative.

Django escapes every template for HTML, whatever its suffix: the subject and text templates
wrap their content in ``{% autoescape off %}``. Words people read are translated in the
templates (``{% translate %}``, ``{% blocktranslate count … %}``).

``render(name, context)`` renders the three once (a notice is rendered once and sent to many);
``message(rendered, to, …)`` makes the EmailMultiAlternatives for one recipient; ``build`` does
both. Sending is the caller's business (governance/services/mail.py sends in batches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from . import conf

# --- the site's addresses ---------------------------------------------------------------------


def base_url() -> str:
    """The site's address for absolute links in e-mail: LEDNING_BASE_URL, else Wagtail's
    WAGTAILADMIN_BASE_URL, else the default Site's root URL."""
    configured = conf.get("BASE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def absolute_url(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return base_url() + path_or_url


def reverse_absolute(name: str, *args: Any, **kwargs: Any) -> str:
    """The absolute address of a named URL, or "" where the site does not route it (a site
    without the management system's URLs or admin hooks)."""
    try:
        return absolute_url(reverse(name, args=args or None, kwargs=kwargs or None))
    except NoReverseMatch:
        return ""


def mail_domain() -> str:
    """The site's host name, for Message-IDs."""
    return urlsplit(absolute_url("/")).hostname or "localhost"


def from_email() -> str:
    """The sender of the management system's e-mail: LEDNING_FROM_EMAIL or DEFAULT_FROM_EMAIL."""
    return conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL


# --- the builder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """An e-mail's subject and bodies, rendered once."""

    subject: str
    text: str
    html: str


def subject(name: str, context: dict[str, Any]) -> str:
    """The e-mail's subject alone (``<name>_subject.txt``), whitespace collapsed."""
    return " ".join(render_to_string(f"{name}_subject.txt", context).split())


def render(name: str, context: dict[str, Any]) -> Rendered:
    """Render the e-mail ``name`` (a template path without suffix, e.g. "ledning/email/notice")."""
    return Rendered(
        subject=subject(name, context),
        text=render_to_string(f"{name}.txt", context),
        html=render_to_string(f"{name}.html", context),
    )


def message(
    rendered: Rendered,
    to: str | Sequence[str],
    *,
    message_id: str = "",
    reply_to: Sequence[str] = (),
    automatic: bool = True,
) -> EmailMultiAlternatives:
    """The message to ``to`` (one address or several). ``message_id``: the local part of the
    Message-ID (the site's host name is added); ``automatic``: mark it Auto-Submitted, so that
    mail servers send no out-of-office replies to it."""
    headers: dict[str, str] = {}
    if message_id:
        headers["Message-ID"] = f"<{message_id}@{mail_domain()}>"
    if automatic:
        headers["Auto-Submitted"] = "auto-generated"
    email = EmailMultiAlternatives(
        rendered.subject,
        rendered.text,
        from_email(),
        [to] if isinstance(to, str) else list(to),
        reply_to=list(reply_to),
        headers=headers,
    )
    email.attach_alternative(rendered.html, "text/html")
    return email


def build(
    name: str, context: dict[str, Any], to: str | Sequence[str], **options: Any
) -> EmailMultiAlternatives:
    """Render the e-mail ``name`` with ``context`` and address it (options as ``message``)."""
    return message(render(name, context), to, **options)
