"""Sending e-mail in batches, one connection per batch, with each message marked delivered the
moment it is handed over.

With Django's SMTP backend the SMTP dialogue is driven here (over the backend's own connection,
so host, port, TLS and login come from the site's mail settings): the message is marked sent in
the database *before* the final "." that makes the server accept it. A worker killed before that
point leaves the message unaccepted (the server drops a transaction without its final dot) and
the delivery unmarked, so it is sent again; killed after it, the message is accepted and already
marked. Either way the recipient gets exactly one copy. Calling ``sendmail`` and marking
afterwards would instead leave a window — the server has accepted, the mark is not yet written —
in which a killed worker causes a duplicate.

Any other backend (files, memory, console) sends with ``send_messages`` and is marked after.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

logger = logging.getLogger(__name__)


def open_connection() -> Any:
    """The site's default mail connection: ``mailers.default`` on Django 6.1 and newer,
    ``get_connection()`` before."""
    try:
        from django.core.mail import mailers
    except ImportError:  # Django < 6.1
        from django.core.mail import get_connection

        return get_connection()
    return mailers.default


@dataclass
class Unit:
    """One message and the database rows it delivers."""

    ids: list[int]
    message: EmailMessage
    marked: bool = False


@dataclass
class Transmission:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    connections: int = 0
    errors: list[str] = field(default_factory=list)


class ClaimLost(Exception):
    """The rows a message delivers are no longer this worker's (its lease expired and another
    worker took them): the message must not be completed."""


class Rejected(Exception):
    def __init__(self, code: int, text: str):
        super().__init__(f"{code} {text}")
        self.permanent = 500 <= code < 600


def _address(value: str) -> str:
    address = parseaddr(value)[1]
    if not address or "\n" in address or "\r" in address:
        raise Rejected(553, f"ogiltig adress: {value!r}")
    local, _at, domain = address.rpartition("@")
    if not domain.isascii():
        domain = domain.encode("idna").decode("ascii")
    address = f"{local}@{domain}" if local else address
    if not address.isascii():
        raise Rejected(553, f"ogiltig adress: {value!r}")
    return address


_EOL = re.compile(rb"(?:\r\n|\n|\r(?!\n))")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as SMTP carries it: CRLF line ends, leading dots doubled, ending in CRLF."""
    data = _EOL.sub(b"\r\n", message.message().as_bytes())
    data = _LEADING_DOT.sub(b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _reply(smtp: smtplib.SMTP, code: int, text: bytes, ok: Sequence[int]) -> None:
    if code not in ok:
        with contextlib.suppress(smtplib.SMTPException):
            smtp.rset()
        raise Rejected(code, text.decode("utf-8", "replace"))


def _send_one(smtp: smtplib.SMTP, unit: Unit, mark_sent: Callable[[Unit], bool | None]) -> None:
    sender = _address(unit.message.from_email)
    recipients = [_address(address) for address in unit.message.recipients()]
    data = wire_bytes(unit.message)
    code, text = smtp.mail(sender)
    _reply(smtp, code, text, (250,))
    for recipient in recipients:
        code, text = smtp.rcpt(recipient)
        _reply(smtp, code, text, (250, 251))
    code, text = smtp.docmd("data")
    _reply(smtp, code, text, (354,))
    smtp.send(data)
    # The point of no return: marked before the terminating dot (see the module docstring). If
    # the rows are no longer ours, the dot is never sent and the server discards the message.
    if mark_sent(unit) is False:
        raise ClaimLost(unit.ids)
    unit.marked = True
    smtp.send(b".\r\n")
    code, text = smtp.getreply()
    if code != 250:
        raise Rejected(code, text.decode("utf-8", "replace"))


def transmit(
    units: Sequence[Unit],
    mark_sent: Callable[[Unit], bool | None],
    mark_failed: Callable[[Unit, str], None],
    defer: Callable[[Unit, str], None],
) -> Transmission:
    """Send units over one connection. ``mark_sent`` records a unit as delivered and returns
    False if its rows are no longer this sender's. A recipient the server refuses (5xx) is
    marked failed and the batch goes on; a temporary refusal (4xx) defers that unit; a broken
    connection defers the unit in flight (unless already marked) and every unit after it."""
    result = Transmission()
    if not units:
        return result
    connection = open_connection()
    if not isinstance(connection, SMTPBackend):
        return _transmit_with_backend(connection, units, mark_sent, defer, result)

    try:
        connection.open()
        smtp = connection.connection
        smtp.ehlo_or_helo_if_needed()
    except (OSError, smtplib.SMTPException) as error:
        for unit in units:
            defer(unit, f"anslutning: {error}")
        result.deferred += len(units)
        result.errors.append(str(error))
        _close(connection)
        return result
    result.connections += 1
    try:
        for index, unit in enumerate(units):
            try:
                _send_one(smtp, unit, mark_sent)
                result.sent += 1
            except Rejected as rejection:
                if rejection.permanent:
                    mark_failed(unit, str(rejection))
                    result.failed += 1
                else:
                    defer(unit, str(rejection))
                    result.deferred += 1
            except ClaimLost:
                # Another worker owns this batch now: leave it to that worker. Closing the
                # connection without the final dot discards the unfinished message.
                logger.warning("Claim on %s lost; leaving the rest of the batch", unit.ids)
                connection.connection.close()
                connection.connection = None
                break
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke. A unit marked before the break went out with its final
                # dot; the rest are tried again later.
                result.errors.append(str(error))
                if unit.marked:
                    result.sent += 1
                else:
                    defer(unit, f"anslutning: {error}")
                    result.deferred += 1
                for rest in units[index + 1 :]:
                    defer(rest, f"anslutning: {error}")
                    result.deferred += 1
                break
    finally:
        _close(connection)
    return result


def _transmit_with_backend(connection, units, mark_sent, defer, result: Transmission):
    result.connections += 1
    try:
        connection.open()
        for unit in units:
            try:
                connection.send_messages([unit.message])
            except Exception as error:
                defer(unit, str(error))
                result.deferred += 1
                continue
            mark_sent(unit)
            result.sent += 1
    finally:
        _close(connection)
    return result


def _close(connection: Any) -> None:
    try:
        connection.close()
    except Exception:
        logger.debug("Closing the mail connection failed", exc_info=True)
