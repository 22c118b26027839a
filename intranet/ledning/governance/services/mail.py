"""Sending e-mail in batches, one connection per batch, with each message marked delivered in
its own database transaction, which is committed right after the message is handed over.

With Django's SMTP backend the SMTP dialogue is driven here (over the backend's own connection,
so host, port, TLS and login come from the site's mail settings), so that the point where the
server takes the message — the final "." — sits *inside* the transaction that marks the delivery
sent:

1. MAIL, RCPT, DATA and the message body are sent; the server holds an unfinished message.
2. BEGIN; the delivery's row is updated to "sent" (only if this worker's claim on it still
   holds: otherwise the dot is never sent and the server discards the message).
3. The final "." is written; then COMMIT is written at once, before any reply is awaited.
4. The server's reply is read; a refusal puts the row back (failed or retried).

A worker killed before step 3 leaves no accepted message and an unchanged row: the delivery is
sent again. Killed after step 3's two writes, the server has the message and the database has
the COMMIT in its socket: it commits. Only a kill landing between two consecutive socket writes
(microseconds, with no waiting in between) could double a message. Calling ``sendmail`` and
then marking would leave the whole round trip to the database as such a window — a kill there
doubles (or, marking first, loses) a message, which a test that kills workers mid-batch finds.

Any other backend (files, memory, console) sends with ``send_messages`` inside the same kind of
transaction.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

try:  # Django 6.1 and newer: the configured mailers
    from django.core.mail import mailers
except ImportError:  # Django < 6.1: the connection EMAIL_BACKEND names
    from django.core.mail import get_connection

    mailers = None

logger = logging.getLogger(__name__)


def open_connection() -> Any:
    """The site's default mail connection: ``mailers.default`` on Django 6.1 and newer,
    ``get_connection()`` before."""
    if mailers is None:
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


MarkSent = Callable[[Unit, Callable[[], None]], bool]


def mark_after(record: Callable[[Unit], None]) -> MarkSent:
    """A ``mark_sent`` for messages without claimed rows: complete the message, then record it."""

    def mark(unit: Unit, finish: Callable[[], None]) -> bool:
        finish()
        record(unit)
        return True

    return mark


def _send_one(smtp: smtplib.SMTP, unit: Unit, mark_sent: MarkSent) -> None:
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

    def finish() -> None:
        smtp.send(b".\r\n")  # the server now takes the message
        unit.marked = True

    # mark_sent writes the row and calls finish() inside one transaction (module docstring).
    if not mark_sent(unit, finish):
        raise ClaimLost(unit.ids)
    code, text = smtp.getreply()
    if code != 250:
        raise Rejected(code, text.decode("utf-8", "replace"))


def transmit(
    units: Sequence[Unit],
    mark_sent: MarkSent,
    mark_failed: Callable[[Unit, str], None],
    defer: Callable[[Unit, str], None],
) -> Transmission:
    """Send units over one connection.

    ``mark_sent(unit, finish)`` records a unit as delivered and calls ``finish`` (which completes
    the message) in the same transaction, or returns False without calling it if the unit's rows
    are no longer this sender's. A recipient the server refuses (5xx) is marked failed and the
    batch goes on; a temporary refusal (4xx) defers that unit; a broken connection defers the
    unit in flight (unless already completed) and every unit after it."""
    result = Transmission()
    if not units:
        return result
    connection = open_connection()
    if not isinstance(connection, SMTPBackend):
        return _transmit_with_backend(connection, units, mark_sent, defer, result)

    try:
        connection.open()
        smtp = connection.connection
        # The message's last line (the dot) goes out as a write of its own after the database
        # update; without TCP_NODELAY it would wait for the server's delayed ACK (up to 40 ms).
        with contextlib.suppress(OSError, AttributeError):
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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
        try:
            connection.open()
        except Exception as error:  # the backend cannot send now: every unit waits
            for unit in units:
                defer(unit, f"anslutning: {error}")
            result.deferred += len(units)
            result.errors.append(str(error))
            return result
        for unit in units:

            def finish(unit: Unit = unit) -> None:
                connection.send_messages([unit.message])
                unit.marked = True

            try:
                if not mark_sent(unit, finish):
                    break  # another sender owns this batch now
            except Exception as error:  # any backend's failure defers the unit
                defer(unit, str(error))
                result.deferred += 1
                continue
            result.sent += 1
    finally:
        _close(connection)
    return result


def _close(connection: Any) -> None:
    try:
        connection.close()
    except Exception:
        logger.debug("Closing the mail connection failed", exc_info=True)
