"""The dashboard's figures: each a number, what it means, the report it links to and the
permission that report needs (a figure is shown only to those who may open its report)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..governance import selectors as governance
from ..governance.models import ChangeProposal, ProposalStatus
from ..linkcheck import selectors as linkcheck
from ..readconfirm import selectors as readconfirm

#: The goal for the share reviewed in time (Guru's recommendation: 80 %).
GOAL_PERCENT = 80

PROPOSALS_PERMISSIONS = (
    "ledning.view_changeproposal",
    "ledning.change_changeproposal",
)

#: Whoever has one of these sees the dashboard (with the figures of their reports).
PERMISSIONS = (
    permissions.VIEW_REVIEW_REPORT,
    permissions.VIEW_OWNERLESS_REPORT,
    permissions.VIEW_ORPHANS_REPORT,
    permissions.VIEW_BROKEN_LINKS_REPORT,
    readconfirm.VIEW_REPORT,
    *PROPOSALS_PERMISSIONS,
)


@dataclass
class Figure:
    key: str
    label: str
    value: str
    detail: str
    url: str
    link_text: str
    attention: bool = False  # worth a look: below the goal, or something to fix
    breakdown: list[tuple[str, int]] = field(default_factory=list)


def may_see_dashboard(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and any(user.has_perm(permission) for permission in PERMISSIONS)
    )


def _reviews(user: Any) -> list[Figure]:
    if not user.has_perm(permissions.VIEW_REVIEW_REPORT):
        return []
    counts = governance.review_counts(timezone.localdate())
    share = governance.ReviewShare(
        timezone.localdate(), in_time=counts.total - counts.overdue, total=counts.total
    )
    overdue = counts.overdue
    url = reverse("ledning_reports:reviews")
    percent = share.percent
    return [
        Figure(
            "in_time",
            _("Granskat i tid"),
            f"{percent} %" if percent is not None else "–",
            _("%(in_time)s av %(total)s sidor och dokument; målet är %(goal)s %%.")
            % {"in_time": share.in_time, "total": share.total, "goal": GOAL_PERCENT},
            url,
            _("Se granskningsrapporten"),
            attention=percent is not None and percent < GOAL_PERCENT,
        ),
        Figure(
            "overdue",
            _("Försenade granskningar"),
            str(overdue),
            _("Sidor och dokument som skulle ha granskats."),
            url,
            _("Se vilka"),
            attention=overdue > 0,
        ),
    ]


def _read_confirmations(user: Any) -> list[Figure]:
    if not user.has_perm(readconfirm.VIEW_REPORT):
        return []
    confirmed = asked = 0
    requests = list(readconfirm.open_requests())
    for read_request in requests:
        total = readconfirm.follow_up(read_request).total
        confirmed += total.confirmed
        asked += total.asked
    return [
        Figure(
            "read_confirmations",
            _("Öppna läskvittenser"),
            str(len(requests)),
            _("Bekräftat: %(figure)s.") % {"figure": readconfirm.figure(confirmed, asked)}
            if requests
            else _("Inga öppna begäranden."),
            reverse("ledning_readconfirm:index"),
            _("Se uppföljningen"),
            attention=asked > 0 and confirmed < asked,
        )
    ]


def _owners(user: Any) -> list[Figure]:
    if not user.has_perm(permissions.VIEW_OWNERLESS_REPORT):
        return []
    problems = governance.owner_problem_rows()
    return [
        Figure(
            "without_owner",
            _("Utan aktiv ansvarig"),
            str(len(problems)),
            _("Sidor och dokument utan ansvarig, eller där alla ansvariga är inaktiva."),
            reverse("ledning_reports:ownerless"),
            _("Se vilka"),
            attention=bool(problems),
        )
    ]


def _broken_links(user: Any) -> list[Figure]:
    if not user.has_perm(permissions.VIEW_BROKEN_LINKS_REPORT):
        return []
    places = linkcheck.problem_places()
    links = places.order_by().values("link_id").distinct().count()
    return [
        Figure(
            "broken_links",
            _("Trasiga länkar"),
            str(links),
            _("Per ansvarig, de med flest först."),
            reverse("ledning_linkcheck:report") + "?gruppera=ansvarig",
            _("Se länkarna per ansvarig"),
            attention=bool(links),
            breakdown=linkcheck.owner_counts(places) if links else [],
        )
    ]


def _orphans(user: Any) -> list[Figure]:
    if not user.has_perm(permissions.VIEW_ORPHANS_REPORT):
        return []
    count = governance.orphan_documents().count()
    return [
        Figure(
            "orphans",
            _("Dokument utan sida"),
            str(count),
            _("Dokument som ingen sida listar: de går inte att hitta genom att klicka sig fram."),
            reverse("ledning_reports:orphans"),
            _("Se vilka"),
            attention=count > 0,
        )
    ]


def _proposals(user: Any) -> list[Figure]:
    if not any(user.has_perm(permission) for permission in PROPOSALS_PERMISSIONS):
        return []
    pending = ChangeProposal.objects.filter(
        status__in=[ProposalStatus.NEW, ProposalStatus.IN_PROGRESS]
    )
    new = pending.filter(status=ProposalStatus.NEW).count()
    count = pending.count()
    return [
        Figure(
            "proposals",
            _("Ändringsförslag som väntar"),
            str(count),
            _("%(new)s nya, %(in_progress)s pågår.") % {"new": new, "in_progress": count - new},
            reverse("wagtailsnippets_ledning_changeproposal:list"),
            _("Se förslagen"),
            attention=new > 0,
        )
    ]


def figures(user: Any) -> list[Figure]:
    """The figures user may see, in the dashboard's order."""
    return [
        *_reviews(user),
        *_read_confirmations(user),
        *_owners(user),
        *_broken_links(user),
        *_orphans(user),
        *_proposals(user),
    ]


def history(user: Any, months: int = 12) -> list[governance.ReviewShare]:
    """The share reviewed in time over the last months (those who see the review report).

    Rebuilt from every live page's and document's dates and the change log, so it grows with
    the content: kept in the cache for the day under a key that any publication (a change-log
    entry), unpublication, deletion or change of the interval settings replaces."""
    if not user.has_perm(permissions.VIEW_REVIEW_REPORT):
        return []
    today = timezone.localdate()
    stamp = repr((today, months, *governance.review_history_stamp()))
    key = "ledning:review-history:" + hashlib.sha256(stamp.encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = governance.review_share_history(months, today)
        cache.set(key, rows, 24 * 3600)
    return rows
