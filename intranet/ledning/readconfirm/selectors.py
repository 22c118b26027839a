"""Läskvittens: reads with rules.

Who is asked is read when asked, never copied: the members of the request's workplaces (with
those under them when the request says so), of its groups, and the people it names — active,
and allowed to view the page or document (the one visibility rule). A person who leaves the
workplace or the organisation (inactive) drops out of the figures; their confirmation stays
recorded. Every read here costs a fixed number of queries, however many people or requests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import conf, contract, visibility
from ..governed import public_url, target_filter, target_of
from ..models import ApproverRole, Workplace
from .models import ReadConfirmation, ReadRequest, RequestStatus, open_targets_stamp

VIEW_REPORT = "ledning.view_readconfirm_report"
VIEW_NAMES = "ledning.view_readconfirm_names_report"


# --- the organisation tree --------------------------------------------------------------------


class Tree:
    """Every workplace, read in one query (a few hundred rows at most)."""

    def __init__(self) -> None:
        rows = Workplace.objects.order_by().values_list("pk", "name", "parent_id")
        self.names: dict[int, str] = {}
        self.parent: dict[int, int | None] = {}
        self.children: dict[int, list[int]] = {}
        for pk, name, parent_id in rows:
            self.names[pk] = name
            self.parent[pk] = parent_id
            self.children.setdefault(parent_id, []).append(pk)

    def with_descendants(self, ids: Iterable[int]) -> set[int]:
        found: set[int] = set()
        stack = [pk for pk in ids if pk in self.names]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(self.children.get(pk, []))
        return found

    def with_ancestors(self, ids: Iterable[int]) -> set[int]:
        found: set[int] = set()
        for pk in ids:
            while pk is not None and pk in self.names and pk not in found:
                found.add(pk)
                pk = self.parent[pk]
        return found


def chosen_workplace_ids(read_request: ReadRequest) -> list[int]:
    return list(
        ReadRequest.workplaces.through.objects.filter(readrequest_id=read_request.pk).values_list(
            "workplace_id", flat=True
        )
    )


def reach(read_request: ReadRequest, tree: Tree | None = None) -> set[int]:
    """The workplaces whose members are asked."""
    chosen = chosen_workplace_ids(read_request)
    if not read_request.include_subworkplaces or not chosen:
        return set(chosen)
    return (tree or Tree()).with_descendants(chosen)


# --- who is asked -------------------------------------------------------------------------------


def _named(read_request: ReadRequest) -> Q:
    user_model = get_user_model()
    group_ids = ReadRequest.groups.through.objects.filter(readrequest_id=read_request.pk).values(
        "group_id"
    )
    in_groups = user_model.groups.through.objects.filter(group_id__in=group_ids).values("user_id")
    named = ReadRequest.users.through.objects.filter(readrequest_id=read_request.pk).values(
        "user_id"
    )
    return Q(pk__in=in_groups) | Q(pk__in=named)


def audience(read_request: ReadRequest, workplace_ids: set[int] | None = None) -> QuerySet:
    """The people asked now: active members of the workplaces, groups and named people,
    allowed to view the page or document. None once the page or document is gone."""
    user_model = get_user_model()
    target = read_request.target
    if target is None:
        return user_model.objects.none()
    if workplace_ids is None:
        workplace_ids = reach(read_request)
    users = user_model.objects.filter(
        contract.workplace_members(workplace_ids) | _named(read_request), is_active=True
    )
    return visibility.viewers(users, target)


def is_asked(read_request: ReadRequest, user: Any) -> bool:
    return audience(read_request).filter(pk=user.pk).exists()


def missing(read_request: ReadRequest) -> QuerySet:
    """The people asked who have not confirmed."""
    confirmed = ReadConfirmation.objects.filter(request=read_request).values("user_id")
    return audience(read_request).exclude(pk__in=confirmed)


# --- what a person has to read (HEM, Min sida, the button) ---------------------------------


def _asking(user: Any) -> Q:
    """The requests that name the person: through a workplace (theirs, or one above it when
    the request includes those under it), a group, or by name."""
    own = {workplace for _user, workplace in contract.workplaces_of([user.pk])}
    above = Tree().with_ancestors(own) if own else set()
    return (
        Q(workplaces__in=own)
        | Q(include_subworkplaces=True, workplaces__in=above)
        | Q(groups__in=user.groups.values("pk"))
        | Q(users=user)
    )


def _visible_targets(request_or_user: Any) -> Q:
    viewer = visibility.viewer(request_or_user)
    pages = Q(page__isnull=False) & viewer.page_filter("page__")
    documents = Q(document__isnull=False) & viewer.document_filter("document__")
    return pages | documents


OPEN_TARGETS_KEY = "ledning:read-requests:open:{stamp}"
_REQUEST_ATTRIBUTE = "_ledning_open_read_targets"


def open_targets(http_request: HttpRequest | None = None) -> frozenset[tuple[str, int]]:
    """("page", pk) and ("document", pk) of every open request: one small query, kept in the
    cache under the stamp that opening, closing or deleting a request drops (no query while
    nothing changes), and once per request. Whatever it holds beyond the truth (a page deleted
    since) costs the slower path only, never a line staff would miss."""
    found = getattr(http_request, _REQUEST_ATTRIBUTE, None)
    if found is not None:
        return found
    seconds = int(conf.get("READ_REQUEST_CACHE_SECONDS"))
    key = OPEN_TARGETS_KEY.format(stamp=open_targets_stamp()) if seconds else ""
    found = cache.get(key) if seconds else None
    if found is None:
        found = frozenset(
            ("page", page_id) if page_id is not None else ("document", document_id)
            for page_id, document_id in ReadRequest.objects.filter(
                status=RequestStatus.OPEN
            ).values_list("page_id", "document_id")
            if page_id is not None or document_id is not None
        )
        if seconds:
            cache.set(key, found, seconds)
    if http_request is not None:
        setattr(http_request, _REQUEST_ATTRIBUTE, found)
    return found


def _target_key(obj: Any) -> tuple[str, int]:
    return ("page", obj.pk) if target_of(obj)["page"] is not None else ("document", obj.pk)


def requests_for(user: Any, http_request: HttpRequest | None = None) -> QuerySet:
    """The open requests asking the person, on content they may view."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ReadRequest.objects.none()
    asking = ReadRequest.objects.filter(_asking(user)).values("pk")
    return ReadRequest.objects.filter(
        _visible_targets(http_request or user), status=RequestStatus.OPEN, pk__in=asking
    )


@dataclass(frozen=True)
class ToRead:
    """One line of "Att läsa och bekräfta"."""

    request: ReadRequest
    title: str
    url: str
    due_on: datetime.date
    overdue: bool


def to_read(user: Any, http_request: HttpRequest | None = None) -> list[ToRead]:
    """What the person has still to confirm, newest first (a fixed number of queries; none
    while no request is open)."""
    if not open_targets(http_request):
        return []
    confirmed = ReadConfirmation.objects.filter(user=user).values("request_id")
    rows = (
        requests_for(user, http_request)
        .exclude(pk__in=confirmed)
        .select_related("page", "document")
        .order_by("-created_at", "-pk")
    )
    today = timezone.localdate()
    return [
        ToRead(
            request=row,
            title=row.title,
            url=_url(row, http_request),
            due_on=row.due_on,
            overdue=row.due_on < today,
        )
        for row in rows
    ]


def _url(row: ReadRequest, http_request: HttpRequest | None) -> str:
    if row.page_id:
        return (row.page.get_url(http_request) or "") + "#laskvittens"
    return public_url(row.document) + "#laskvittens"


@dataclass(frozen=True)
class ButtonState:
    """What the page or document shows the person: the open request asking them, and their
    confirmation of it if they have confirmed."""

    request: ReadRequest | None = None
    confirmation: ReadConfirmation | None = None


def button_state(user: Any, obj: Any, http_request: HttpRequest | None = None) -> ButtonState:
    """The open request on obj asking the person: no query when nothing is asked of anyone
    on obj (most pages; open_targets), else three (who is asked, then their confirmation);
    none for anonymous."""
    if _target_key(obj) not in open_targets(http_request):
        return ButtonState()
    read_request = (
        requests_for(user, http_request).filter(target_filter(obj)).order_by("-created_at").first()
    )
    if read_request is None:
        return ButtonState()
    confirmation = ReadConfirmation.objects.filter(request=read_request, user=user).first()
    return ButtonState(read_request, confirmation)


# --- follow-up ------------------------------------------------------------------------------------


def figure(confirmed: int, asked: int) -> str:
    """ "12 av 15 (80 %)"."""
    share = round(100 * confirmed / asked) if asked else 0
    return _("%(confirmed)s av %(asked)s (%(share)s %%)") % {
        "confirmed": confirmed,
        "asked": asked,
        "share": share,
    }


@dataclass
class Person:
    pk: int
    name: str
    username: str
    confirmed_at: datetime.datetime | None = None


@dataclass
class Row:
    """Completion in one workplace (or among the groups and people named)."""

    name: str
    people: list[Person] = field(default_factory=list)
    workplace_id: int | None = None  # None: the total, or the groups and people named

    @property
    def asked(self) -> int:
        return len(self.people)

    @property
    def confirmed(self) -> int:
        return sum(1 for person in self.people if person.confirmed_at is not None)

    @property
    def missing(self) -> list[Person]:
        return [person for person in self.people if person.confirmed_at is None]

    @property
    def figure(self) -> str:
        return figure(self.confirmed, self.asked)

    @property
    def share(self) -> int:
        return round(100 * self.confirmed / self.asked) if self.asked else 0


@dataclass
class FollowUp:
    request: ReadRequest
    total: Row
    rows: list[Row]


def follow_up(read_request: ReadRequest) -> FollowUp:
    """Completion per workplace and in total, with each person asked (a fixed number of
    queries, however many people)."""
    tree = Tree()
    workplace_ids = reach(read_request, tree)
    asked = audience(read_request, workplace_ids)
    people = {
        pk: Person(pk, f"{first} {last}".strip() or username, username)
        for pk, first, last, username in asked.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    for user_id, confirmed_at in ReadConfirmation.objects.filter(
        request=read_request, user_id__in=asked.values("pk")
    ).values_list("user_id", "confirmed_at"):
        if user_id in people:
            people[user_id].confirmed_at = confirmed_at
    by_workplace: dict[int, list[Person]] = {}
    placed: set[int] = set()
    if workplace_ids:
        for user_id, workplace_id in contract.workplaces_of(asked.values("pk")):
            if workplace_id in workplace_ids and user_id in people:
                by_workplace.setdefault(workplace_id, []).append(people[user_id])
                placed.add(user_id)
    rows = [
        Row(tree.names[pk], sorted(members, key=lambda person: person.name), pk)
        for pk, members in by_workplace.items()
    ]
    rows.sort(key=lambda row: row.name)
    others = [person for pk, person in people.items() if pk not in placed]
    if others:
        rows.append(Row(_("Grupper och namngivna personer"), sorted(others, key=lambda p: p.name)))
    total = Row(_("Totalt"), sorted(people.values(), key=lambda person: person.name))
    return FollowUp(read_request, total, rows)


def managers(read_request: ReadRequest, follow_up_of: FollowUp | None = None) -> set[int]:
    """The managers of the workplaces where someone has not confirmed: the active people who
    approve as a manager (an ApproverRole of their own or of their group, e.g. "Chef för
    område 2") and have the workplace among theirs — or, when it has none, the nearest
    workplace above it that has one — and who may view the page or document. Empty when
    nobody missing is placed in a workplace or no such manager is found (the escalation then
    goes to the LS-administrators). A fixed number of queries."""
    target = read_request.target
    follow_up_of = follow_up_of or follow_up(read_request)
    lacking = {row.workplace_id for row in follow_up_of.rows if row.workplace_id and row.missing}
    if target is None or not lacking:
        return set()
    holders = get_user_model().objects.filter(
        Q(ledning_approver_roles__isnull=False)
        | Q(groups__in=ApproverRole.objects.filter(group__isnull=False).values("group_id")),
        is_active=True,
    )
    # The escalation names the page or document: only managers who may view it.
    holders = visibility.viewers(holders, target)
    by_workplace: dict[int, set[int]] = {}
    for user_id, workplace_id in contract.workplaces_of(holders.values("pk")):
        by_workplace.setdefault(workplace_id, set()).add(user_id)
    tree = Tree()
    found: set[int] = set()
    for workplace_id in lacking:
        pk: int | None = workplace_id
        while pk is not None and pk not in by_workplace:
            pk = tree.parent.get(pk)
        if pk is not None:
            found |= by_workplace[pk]
    return found


def open_requests() -> QuerySet:
    return ReadRequest.objects.filter(status=RequestStatus.OPEN).order_by("due_on", "-pk")


def all_requests() -> QuerySet:
    return ReadRequest.objects.select_related("requested_by").order_by("-created_at", "-pk")


def may_follow_up(user: Any) -> bool:
    """Whether the person may open the follow-up in the admin (admin_views.FollowUpView)."""
    return bool(user.has_perm("wagtailadmin.access_admin") and user.has_perm(VIEW_REPORT))


def may_see_names(user: Any) -> bool:
    return bool(user.has_perm(VIEW_NAMES))


def request_for_confirmation(request_id: int) -> ReadRequest | None:
    return ReadRequest.objects.filter(pk=request_id).select_related("page", "document").first()
