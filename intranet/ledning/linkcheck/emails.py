"""The scheduled broken-link report by e-mail, built by ledning.emails from the templates
ledning/linkcheck/digest* (to the LS-administrators) and ledning/linkcheck/owner* (to each owner).

The LS-administrators get one digest: the links found broken since the last report first, then
those still broken, each grouped by owner. Each owner gets the list for their own pages and
documents. Nobody with nothing broken gets a message; ignored links are left out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from .. import emails
from ..governance.selectors import administrators, with_email
from ..governance.services.mail import Unit, mark_after, transmit
from . import selectors
from .models import Link

logger = logging.getLogger(__name__)


@dataclass
class DigestReport:
    administrators: int = 0
    owners: int = 0
    failed: int = 0
    new: int = 0
    still_broken: int = 0


def _message(name: str, context: dict[str, Any], recipient: Any) -> EmailMultiAlternatives:
    context = {
        **context,
        "recipient": recipient,
        "report_url": emails.reverse_absolute("ledning_linkcheck:report"),
    }
    return emails.build(f"ledning/linkcheck/{name}", context, recipient.email)


def administrator_message(rows: list[selectors.Row], recipient: Any) -> EmailMultiAlternatives:
    new = [row for row in rows if row.is_new]
    still = [row for row in rows if not row.is_new]
    context = {
        "new_groups": selectors.grouped(new, "owner"),
        "still_groups": selectors.grouped(still, "owner"),
        "new_count": len({row.link_id for row in new}),
        "still_count": len({row.link_id for row in still}),
    }
    return _message("digest", context, recipient)


def owner_message(rows: list[selectors.Row], recipient: Any) -> EmailMultiAlternatives:
    context = {
        "groups": selectors.grouped(rows, "title"),
        "count": len({row.link_id for row in rows}),
    }
    return _message("owner", context, recipient)


def send_link_reports() -> DigestReport:
    """E-mail the administrators' digest and each owner's list; mark the reported links."""
    report = DigestReport()
    places = list(selectors.problem_places())
    if not places:
        return report
    by_owner = selectors.rows(places, by_owner=True)
    report.new = len({row.link_id for row in by_owner if row.is_new})
    report.still_broken = len({row.link_id for row in by_owner if not row.is_new})

    units: list[Unit] = []
    admin_units: list[Unit] = []
    for admin in with_email(administrators()):
        unit = Unit([admin.pk], administrator_message(by_owner, admin))
        units.append(unit)
        admin_units.append(unit)
    owned: dict[int, tuple[Any, list[selectors.Row]]] = {}
    for place in places:
        for user in place.owners.all():
            owned.setdefault(user.pk, (user, []))[1].append(selectors.Row(place, ""))
    for user, rows in owned.values():
        if with_email([user]):
            units.append(Unit([user.pk], owner_message(rows, user)))

    sent: list[Unit] = []

    def failed(unit: Unit, error: str) -> None:
        report.failed += 1
        logger.warning("Link report to %s not sent: %s", unit.message.to, error)

    transmit(units, mark_sent=mark_after(sent.append), mark_failed=failed, defer=failed)
    admin_ids = {id(unit) for unit in admin_units}
    report.administrators = sum(1 for unit in sent if id(unit) in admin_ids)
    report.owners = len(sent) - report.administrators
    if report.administrators:
        # What the administrators were told about is no longer "new" in the next digest.
        Link.objects.filter(
            pk__in={place.link_id for place in places}, reported_at__isnull=True
        ).update(reported_at=timezone.now())
    return report
