"""Reads with rules for governance: review due dates, the dashboard's lists, what a member of
staff follows and which changes they may see, who the LS-administrators are."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, ReferenceIndex

from .. import conf, visibility
from ..governed import (
    Governed,
    add_months,
    as_governed,
    clock_start,
    interval_months,
    target_filter,
)
from ..models import GovernedDocument, ProcessPage
from ..paging import Pager, paginate_params
from .models import ChangeLogEntry, ChangeLogKind, Notice, Subscription

# --- people -----------------------------------------------------------------------------------


def user_name(user: Any) -> str:
    """How a person is named to others: their full name, else their username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def administrators() -> QuerySet:
    """Active members of the LS-administrators group."""
    return (
        get_user_model()
        .objects.filter(groups__name=conf.get("ADMINISTRATORS_GROUP"), is_active=True)
        .distinct()
    )


def with_email(users: Iterable[Model]) -> list[Model]:
    """The active ones among users who have an e-mail address."""
    return [user for user in users if user.is_active and getattr(user, "email", "")]


# --- reviews ----------------------------------------------------------------------------------


def review_interval(obj: Governed) -> int:
    """Months between reviews: the object's own, its type's (LEDNING_REVIEW_INTERVALS), or the
    default (LEDNING_REVIEW_INTERVAL_MONTHS)."""
    return interval_months(obj.review_interval_months, obj.get_review_interval_key())


def review_base(obj: Any, reviewed_on: datetime.date | None = None) -> datetime.date | None:
    """The review clock starts at the latest of the last revision (a change of substance), the
    approval and the last review without change (*Granskad utan ändring*); without any of them,
    at the first publication."""
    return clock_start(
        obj.revised_on, obj.approved_on, reviewed_on, getattr(obj, "first_published_at", None)
    )


def _reviewed_dates(filters: dict[str, Any], key: str) -> dict[int, datetime.date]:
    """{page or document id: local date of its last review without change}."""
    rows = (
        ChangeLogEntry.objects.filter(kind=ChangeLogKind.REVIEWED, **filters)
        .values(key)
        .annotate(last=Max("published_at"))
        .values_list(key, "last")
    )
    return {pk: timezone.localtime(last).date() for pk, last in rows}


def last_reviewed_on(obj: Governed) -> datetime.date | None:
    """When obj was last recorded as *Granskad utan ändring*, or None."""
    last = (
        ChangeLogEntry.objects.filter(target_filter(obj), kind=ChangeLogKind.REVIEWED)
        .aggregate(last=Max("published_at"))
        .get("last")
    )
    return timezone.localtime(last).date() if last else None


STATE_LABELS = {
    "overdue": _("Försenad"),
    "due_soon": _("Snart dags"),
    "ok": _("I tid"),
    "unknown": _("Okänt datum"),
}


@dataclass
class ReviewItem:
    obj: Any
    title: str
    owners: list[Any] = field(default_factory=list)
    owner_text: str = ""
    interval: int = 12
    base: datetime.date | None = None
    due_on: datetime.date | None = None
    state: str = "unknown"
    days_left: int | None = None
    reviewed_on: datetime.date | None = None  # the last *Granskad utan ändring*

    @cached_property
    def type_label(self) -> str:
        """The kind in Swedish ("Rutin", "Process"): asked for by the reports, not by the
        rows of a document index page, which show the state only (a gettext per row)."""
        return self.obj.get_kind_label()

    @property
    def reviewed_last(self) -> bool:
        """The clock runs from a review without change (not from a revision or approval)."""
        return self.reviewed_on is not None and self.reviewed_on == self.base

    @property
    def owner_names(self) -> str:
        names = ", ".join(user_name(user) for user in self.owners)
        return names or self.owner_text

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def admin_url(self) -> str:
        return self.obj.get_admin_edit_url()


def _review_item(
    obj: Any,
    owners: list[Any],
    owner_text: str,
    today: datetime.date,
    reviewed_on: datetime.date | None = None,
) -> ReviewItem:
    item = ReviewItem(
        obj=obj,
        title=str(obj.title),
        owners=owners,
        owner_text=owner_text,
        interval=review_interval(obj),
        base=review_base(obj, reviewed_on),
        reviewed_on=reviewed_on,
    )
    if item.base is not None:
        item.due_on = add_months(item.base, item.interval)
        item.days_left = (item.due_on - today).days
        if item.days_left < 0:
            item.state = "overdue"
        elif item.days_left <= int(conf.get("REVIEW_REMINDER_DAYS")):
            item.state = "due_soon"
        else:
            item.state = "ok"
    return item


def review_items(
    today: datetime.date | None = None, states: set[str] | None = None
) -> list[ReviewItem]:
    """Every live process page and governed document with its review due date, most urgent
    first; optionally only those in ``states`` (overdue, due_soon, ok, unknown)."""
    today = today or timezone.localdate()
    reviewed = {
        "page": _reviewed_dates({"page__isnull": False}, "page_id"),
        "document": _reviewed_dates({"document__isnull": False}, "document_id"),
    }
    items = [
        _review_item(
            obj,
            obj.get_owner_users(),
            obj.owner_role_text,
            today,
            reviewed[obj.target_kind].get(obj.pk),
        )
        for model in (ProcessPage, GovernedDocument)
        for obj in model.objects.live()
        .select_related(model.owner_group_field)
        .prefetch_related(*model.owner_prefetch())
    ]
    if states is not None:
        items = [item for item in items if item.state in states]
    far = datetime.date.max
    return sorted(items, key=lambda item: (item.due_on or far, item.title))


def last_reviews(kind: str, pks: Iterable[Any] | None = None) -> dict[int, datetime.date]:
    """{pk: local date of its last review without change} of the pages ("page") or documents
    ("document"), all of them or those in pks."""
    filters: dict[str, Any] = {f"{kind}__isnull": False}
    if pks is not None:
        filters[f"{kind}_id__in"] = list(pks)
    return _reviewed_dates(filters, f"{kind}_id")


def _loaded(model: Any, pks: list[Any]) -> dict[Any, Any]:
    """{pk: object} of model with what asking for its owners needs (a few queries)."""
    objects = (
        model.objects.filter(pk__in=pks)
        .select_related(model.owner_group_field)
        .prefetch_related(*model.owner_prefetch())
    )
    return {obj.pk: obj for obj in objects}


class QueryRows(Sequence):
    """A report's rows as the database counts and pages them: ``count()`` counts them, and
    ``keys(start, stop)`` gives the light keys of a slice of them, in the report's order;
    ``load(keys)`` makes the rows shown (a Wagtail ReportView pages it, its export reads it
    500 at a time). Nothing grows with the rows that are not shown."""

    def __init__(
        self,
        count: Callable[[], int],
        keys: Callable[[int, int], list[Any]],
        load: Callable[[list[Any]], list[Any]],
    ):
        self._count, self._keys, self.load = count, keys, load
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._count()
        return self._length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, _step = index.indices(len(self))
            return self.load(self._keys(start, stop)) if stop > start else []
        if index < 0:
            index += len(self)
        rows = self.load(self._keys(index, index + 1))
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self), 500):
            yield from self[start : start + 500]


def _due_by(model: Any, limit: datetime.date) -> QuerySet:
    """Live objects of model whose stored review due date is on or before limit."""
    return model.objects.live().filter(review_due_on__lte=limit)


def review_report_rows(
    today: datetime.date | None = None, states: set[str] | None = None
) -> QueryRows:
    """The report's reviews: live pages and documents overdue (``states`` {"overdue"}) or also
    due soon ({"overdue", "due_soon"}, the default), most urgent first (by due date, then
    title). The database finds, counts, sorts and pages them by their stored due date; the
    objects and owners are loaded only for the rows shown."""
    today = today or timezone.localdate()
    states = states or {"overdue", "due_soon"}
    if "due_soon" in states:
        limit = today + datetime.timedelta(days=int(conf.get("REVIEW_REMINDER_DAYS")))
    else:
        limit = today - datetime.timedelta(days=1)
    kinds = {ProcessPage.target_kind: ProcessPage, GovernedDocument.target_kind: GovernedDocument}

    def count() -> int:
        return sum(_due_by(model, limit).count() for model in kinds.values())

    def keys(start: int, stop: int) -> list[tuple[str, Any]]:
        pages, documents = (
            _due_by(model, limit)
            .annotate(kind=Value(model.target_kind, output_field=CharField()))
            .values_list("review_due_on", "title", "kind", "pk")
            .order_by()
            for model in kinds.values()
        )
        rows = pages.union(documents, all=True).order_by("review_due_on", "title", "kind", "pk")
        return [(kind, pk) for _due, _title, kind, pk in rows[start:stop]]

    def load(rows: list[tuple[str, Any]]) -> list[ReviewItem]:
        objects, reviewed = {}, {}
        for kind, model in kinds.items():
            pks = [pk for row_kind, pk in rows if row_kind == kind]
            objects[kind] = _loaded(model, pks) if pks else {}
            reviewed[kind] = last_reviews(kind, pks) if pks else {}
        items = []
        for kind, pk in rows:
            obj = objects[kind][pk]
            owners, role = obj.get_owner_users(), obj.owner_role_text
            items.append(_review_item(obj, owners, role, today, reviewed[kind].get(pk)))
        return items

    return QueryRows(count, keys, load)


@dataclass
class ReviewCounts:
    """Live process pages and governed documents with a review date (``total``) and those past
    it on a day (``overdue``), counted by the database from the stored due dates."""

    total: int = 0
    overdue: int = 0


def review_counts(today: datetime.date | None = None) -> ReviewCounts:
    today = today or timezone.localdate()
    counts = ReviewCounts()
    for model in (ProcessPage, GovernedDocument):
        figures = model.objects.live().aggregate(
            total=Count("pk", filter=Q(review_due_on__isnull=False)),
            overdue=Count("pk", filter=Q(review_due_on__lt=today)),
        )
        counts.total += figures["total"]
        counts.overdue += figures["overdue"]
    return counts


def review_item(obj: Governed, today: datetime.date | None = None) -> ReviewItem:
    """One page's or document's review state (for a reminder being sent, an admin view)."""
    return _review_item(
        obj,
        obj.get_owner_users(),
        obj.owner_role_text,
        today or timezone.localdate(),
        last_reviewed_on(obj),
    )


def review_state(obj: Any, today: datetime.date | None = None) -> ReviewItem | None:
    """What staff see beside the approval footer (*Granskad*, *Nästa granskning*, *Granskning
    försenad*): the review state of a live process page or governed document, owners not
    loaded; None for anything else."""
    governed = as_governed(obj)
    return review_states([governed], today).get(review_key(governed))


def review_key(obj: Any) -> tuple[str, Any] | None:
    """The key of obj in review_states(): (its target kind, its pk); None when obj is not
    governed content."""
    governed = as_governed(obj)
    return (governed.target_kind, governed.pk) if governed is not None else None


def review_states(
    objs: Iterable[Any], today: datetime.date | None = None
) -> dict[tuple[str, Any], ReviewItem]:
    """The review state of many pages and documents at once (a document index, search results):
    {review_key(obj): ReviewItem} for the live governed ones among objs, owners not loaded. One
    query per kind of content whatever the number of objects."""
    today = today or timezone.localdate()
    governed = [obj for obj in map(as_governed, objs) if obj is not None and obj.live]
    pks: dict[str, set[Any]] = {}
    for obj in governed:
        pks.setdefault(obj.target_kind, set()).add(obj.pk)
    reviewed = {
        kind: _reviewed_dates({f"{kind}_id__in": ids}, f"{kind}_id") for kind, ids in pks.items()
    }
    return {
        (obj.target_kind, obj.pk): _review_item(
            obj, [], "", today, reviewed[obj.target_kind].get(obj.pk)
        )
        for obj in governed
    }


def may_confirm_review(user: Any, obj: Any) -> bool:
    """Who may record *Granskad utan ändring*: the page's or document's owners (as
    notifications know them), the LS-administrators, superusers."""
    obj = as_governed(obj)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if obj is None or not obj.live:
        return False
    if user.is_superuser:
        return True
    if user.groups.filter(name=conf.get("ADMINISTRATORS_GROUP")).exists():
        return True
    return any(owner.pk == user.pk for owner in obj.get_responsible_users())


OWNER_PROBLEMS = {
    "none": _("Ingen ansvarig"),
    "inactive": _("Alla ansvariga är inaktiva"),
}


@dataclass
class OwnerProblem:
    """A live page or document whose ownership needs fixing: nobody named and no owner role
    ("none"), or owners of whom nobody is active any more ("inactive": people who left, a role
    nobody holds)."""

    obj: Any
    problem: str
    named: list[Any] = field(default_factory=list)
    group: Any = None

    @property
    def title(self) -> str:
        return str(self.obj.title)

    @property
    def type_label(self) -> str:
        return self.obj.get_kind_label()

    @property
    def problem_label(self) -> str:
        return str(OWNER_PROBLEMS[self.problem])

    @property
    def role(self) -> str:
        return self.obj.owner_role_text

    @property
    def owner_names(self) -> str:
        names = [user_name(user) for user in self.named]
        if self.group is not None:
            names.append(str(_("rollen %(group)s") % {"group": self.group.name}))
        return ", ".join(names)

    @property
    def admin_url(self) -> str:
        return self.obj.get_admin_edit_url()


def owner_problems() -> list[OwnerProblem]:
    """Live process pages and governed documents without an active owner: with no owner at
    all, or whose named owners and owner role's members are all inactive or gone. Pages in tree
    order, then documents by title; a few queries per 500 of them."""
    return list(owner_problem_rows())


def _without_active_owner(model: Any) -> QuerySet:
    """Live objects of model none of whose owners (named, or in its owner role) is active:
    the database finds them, whatever the number of pages and documents."""
    return (
        model.objects.live()
        .exclude(**{f"{model.owner_users_field}__is_active": True})
        .exclude(**{f"{model.owner_group_field}__user__is_active": True})
    )


def owner_problem_rows() -> QueryRows:
    """owner_problems() for the report: the database picks, counts and pages the pages and
    documents without an active owner (pages in tree order, then documents by title); each
    row's objects and owners are loaded only when it is shown."""
    parts = [
        (ProcessPage, _without_active_owner(ProcessPage).order_by("path", "pk")),
        (GovernedDocument, _without_active_owner(GovernedDocument).order_by("title", "pk")),
    ]
    counts: list[int] = []

    def count() -> int:
        counts[:] = [rows.count() for _model, rows in parts]
        return sum(counts)

    def keys(start: int, stop: int) -> list[tuple[Any, Any]]:
        found: list[tuple[Any, Any]] = []
        offset = 0
        for (model, rows), size in zip(parts, counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found += [(model, pk) for pk in rows.values_list("pk", flat=True)[low:high]]
            offset += size
        return found

    def load(rows: list[tuple]) -> list[OwnerProblem]:
        objects = {
            model: _loaded(model, [pk for row_model, pk in rows if row_model is model])
            for model in (ProcessPage, GovernedDocument)
        }
        problems = []
        for model, pk in rows:
            obj = objects[model][pk]
            if not obj.has_owner():
                problems.append(OwnerProblem(obj, "none"))
            else:
                problems.append(
                    OwnerProblem(obj, "inactive", obj.get_named_owners(), obj.owner_group)
                )
        return problems

    return QueryRows(count, keys, load)


def orphan_documents() -> QuerySet:
    """Live governed documents that no live page lists or links to (Wagtail's reference
    index), by title. The documents that live pages refer to are found once (their ids are
    text in the index: cast once per reference, not once per document), and the database
    leaves them out."""
    live_page_ids = Page.objects.live().annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    referenced = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(GovernedDocument),
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=live_page_ids,
        )
        .annotate(document_id=Cast("to_object_id", IntegerField()))
        .values("document_id")
    )
    return GovernedDocument.objects.live().exclude(pk__in=referenced).order_by("title", "pk")


# --- accessibility of documents --------------------------------------------------------------


def pdf_is_tagged(stream: Any) -> bool:
    """Is the PDF a tagged PDF (ISO 32000-1, 14.8): a structure tree (/StructTreeRoot) in its
    catalog, and /MarkInfo with /Marked true? A file that cannot be read counts as untagged."""
    from pypdf import PdfReader  # imported when a PDF is read, not at start-up
    from pypdf.errors import PyPdfError

    try:
        catalog = PdfReader(stream, strict=False).trailer["/Root"].get_object()
        mark_info = catalog.get("/MarkInfo")
        marked = bool(mark_info.get_object().get("/Marked", False)) if mark_info else False
        return marked and "/StructTreeRoot" in catalog
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def untagged_pdf_documents() -> QuerySet:
    """Live governed documents whose file is a PDF without tags (DIGG counts documents used in
    the work as in scope of the accessibility law): their owners should replace them. The
    answer stored about the file's present content (governance/services/pdftags.py) decides,
    in the database; a file without one is not listed until it has been read."""
    return (
        GovernedDocument.objects.live()
        .filter(
            file__file__iendswith=".pdf",
            file__ledning_pdf_check__tagged=False,
            file__ledning_pdf_check__file_hash=F("file__file_hash"),
            file__ledning_pdf_check__file_name=F("file__file"),
        )
        .order_by("title", "pk")
    )


def document_owner_names(document: GovernedDocument) -> str:
    """Who answers for a document, by name: its owners (named or by role), else the owner
    written on it."""
    names = ", ".join(user_name(user) for user in document.get_owner_users())
    return names or document.owner


def followed(user: Any, obj: Any) -> bool:
    """Does user follow ("Bevaka") the page or document?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return Subscription.objects.filter(Subscription.filter_for(obj), user=user).exists()


def visible_notices(viewer: visibility.Viewer) -> QuerySet[Notice]:
    """Approved changes of substance whose page or document the person may view (a deleted
    one is left out), newest first; the visibility rule applied by the database."""
    return (
        Notice.objects.filter(
            (Q(change__page__isnull=False) & viewer.page_filter("change__page__"))
            | (Q(change__document__isnull=False) & viewer.document_filter("change__document__"))
        )
        .select_related("change")
        .order_by("-created_at", "-pk")
    )


def notices_page(viewer: visibility.Viewer, base_url: str, params: Mapping[str, str]) -> Pager:
    """One page of visible_notices() (``?sida=N``): the app's own list of changes, for sites
    where no news app publishes them."""
    return paginate_params(visible_notices(viewer), conf.get("LIST_PAGE_SIZE"), base_url, params)


# --- reviewed in time, now and over the last months ----------------------------------------------


@dataclass
class ReviewShare:
    """The share of live process pages and governed documents whose review was not overdue on
    a day (content with no date at all is left out)."""

    day: datetime.date
    in_time: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.total) if self.total else None


def review_share(items: Iterable[ReviewItem], day: datetime.date) -> ReviewShare:
    """ReviewShare of review_items(day)."""
    share = ReviewShare(day)
    for item in items:
        if item.state == "unknown":
            continue
        share.total += 1
        share.in_time += item.state != "overdue"
    return share


def month_ends(months: int, today: datetime.date) -> list[datetime.date]:
    """The last day of each of the ``months`` months up to today's, oldest first; today for
    the current month."""
    days = []
    for back in range(months - 1, 0, -1):
        first = add_months(today.replace(day=1), -back)
        days.append(first.replace(day=calendar.monthrange(first.year, first.month)[1]))
    return [*days, today]


def review_history_stamp() -> tuple[Any, ...]:
    """What review_share_history() depends on besides the day, in a few cheap figures: the
    live pages and documents, the newest change-log entry (every publication, import and review
    writes one) and the interval settings."""
    return (
        ProcessPage.objects.live().count(),
        GovernedDocument.objects.live().count(),
        ChangeLogEntry.objects.aggregate(last=Max("pk"))["last"],
        conf.get("REVIEW_INTERVAL_MONTHS"),
        sorted(conf.get("REVIEW_INTERVALS").items()),
    )


def review_share_history(months: int = 12, today: datetime.date | None = None) -> list[ReviewShare]:
    """The share reviewed in time at the end of each of the last ``months`` months (today for
    the current one), oldest first.

    Rebuilt from what is stored, the same way review_base() counts today: on each day the
    clock of a live page or document ran from the latest of its approval and revision dates,
    the changes of substance and imports in the change log (their revision date) and its
    reviews without change, as far as they lie on or before that day; with none of them, from
    its first publication. Content counts from its earliest such date. Today's interval applies
    throughout, and content deleted or unpublished since is not counted.

    The database does the counting, in one statement (_history_sql): each object's latest
    date on or before each month-end, then per month-end how many had one (or had been
    published) and how many of those were not yet overdue. Nothing is loaded per object."""
    today = today or timezone.localdate()
    days = month_ends(months, today)
    intervals = _intervals_in_use()
    sql, params = _history_sql(days, intervals)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        figures = cursor.fetchone()
    return [
        ReviewShare(day, in_time=int(figures[2 * n + 1] or 0), total=int(figures[2 * n] or 0))
        for n, day in enumerate(days)
    ]


def _interval_expression(model: Any) -> Any:
    """interval_months() of each row of model, in the database."""
    default = int(conf.get("REVIEW_INTERVAL_MONTHS"))
    by_key = {key: int(months) for key, months in conf.get("REVIEW_INTERVALS").items()}
    if model is GovernedDocument:
        kind: Any = Case(
            *(When(document_type=key, then=Value(months)) for key, months in by_key.items()),
            default=Value(default),
            output_field=IntegerField(),
        )
    else:
        kind = Value(by_key.get("process", default), output_field=IntegerField())
    return Coalesce(NullIf("review_interval_months", Value(0)), kind, output_field=IntegerField())


def _intervals_in_use() -> list[int]:
    """Every interval a live page or document may have: the settings' and the objects' own."""
    found = {int(conf.get("REVIEW_INTERVAL_MONTHS"))}
    found.update(int(months) for months in conf.get("REVIEW_INTERVALS").values())
    for model in (ProcessPage, GovernedDocument):
        own = model.objects.live().filter(review_interval_months__gt=0)
        found.update(own.values_list("review_interval_months", flat=True).distinct())
    return sorted(found)


def _stamp_rows() -> QuerySet:
    """One row per live page and document (kind, id, interval, first publication, approval
    date) and one per other date its clock may have started on (interval and publication
    NULL): its revision date and the change log's changes of substance, imports and reviews
    without change. Grouped by kind and id, rows without an interval are of no live object."""
    none_int = Value(None, output_field=IntegerField())
    none_time = Value(None, output_field=DateTimeField())
    queries: list[QuerySet] = []
    for model in (ProcessPage, GovernedDocument):
        kind = Value(model.target_kind, output_field=CharField())
        live = model.objects.live().order_by()
        queries.append(
            live.annotate(
                k=kind,
                oid=F("pk"),
                iv=_interval_expression(model),
                pub=F("first_published_at"),
                day=F("approved_on"),
            ).values_list("k", "oid", "iv", "pub", "day")
        )
        queries.append(
            live.filter(revised_on__isnull=False)
            .annotate(k=kind, oid=F("pk"), iv=none_int, pub=none_time, day=F("revised_on"))
            .values_list("k", "oid", "iv", "pub", "day")
        )
        column = f"{model.target_kind}_id"
        entries = ChangeLogEntry.objects.filter(**{f"{column}__isnull": False}).order_by()
        for kinds, day in (
            ([ChangeLogKind.SUBSTANCE, ChangeLogKind.IMPORT], F("revised_on")),
            ([ChangeLogKind.REVIEWED], TruncDate("published_at")),
        ):
            queries.append(
                entries.filter(kind__in=kinds)
                .annotate(k=kind, oid=F(column), iv=none_int, pub=none_time, day=day)
                .exclude(day__isnull=True)
                .values_list("k", "oid", "iv", "pub", "day")
            )
    first, *rest = queries
    return first.union(*rest, all=True)


def _history_sql(days: list[datetime.date], intervals: list[int]) -> tuple[str, list[Any]]:
    """The statement of review_share_history(): for each day, the objects counted and those in
    time (two columns a day)."""
    ops = connection.ops
    zone = timezone.get_current_timezone()

    def midnight(day: datetime.date) -> Any:
        start = datetime.datetime.combine(day, datetime.time.min)
        return ops.adapt_datetimefield_value(timezone.make_aware(start, zone))

    stamps, stamp_params = _stamp_rows().query.sql_with_params()
    inner, inner_params = [], []
    outer, outer_params = [], []
    for n, day in enumerate(days):
        inner.append(f"MAX(CASE WHEN s.day <= %s THEN s.day END) AS b{n}")
        inner_params.append(ops.adapt_datefield_value(day))
        next_day = midnight(day + datetime.timedelta(days=1))
        starts = {months: _earliest_start(day, months) for months in intervals}
        earliest = " ".join(f"WHEN {months} THEN %s" for months in intervals)
        # counted: a date on or before the day, or published by then
        outer.append(f"SUM(CASE WHEN b{n} IS NOT NULL OR pub < %s THEN 1 ELSE 0 END)")
        outer_params.append(next_day)
        # in time: the latest date not before the earliest start still in time that day
        outer.append(
            f"SUM(CASE WHEN b{n} IS NOT NULL THEN (CASE WHEN b{n} >= (CASE iv {earliest} END) "
            f"THEN 1 ELSE 0 END) WHEN pub < %s AND pub >= (CASE iv {earliest} END) "
            "THEN 1 ELSE 0 END)"
        )
        outer_params.extend(ops.adapt_datefield_value(start) for start in starts.values())
        outer_params.append(next_day)
        outer_params.extend(midnight(start) for start in starts.values())
    sql = (
        f"SELECT {', '.join(outer)} FROM (SELECT MAX(s.iv) AS iv, MAX(s.pub) AS pub, "
        f"{', '.join(inner)} FROM ({stamps}) s GROUP BY s.k, s.oid "
        "HAVING MAX(s.iv) IS NOT NULL) o"
    )
    return sql, [*outer_params, *inner_params, *stamp_params]


def _earliest_start(day: datetime.date, interval: int) -> datetime.date:
    """The earliest clock start whose review (interval months on) is not yet overdue on day."""
    start = add_months(day, -interval) - datetime.timedelta(days=4)
    while add_months(start, interval) < day:
        start += datetime.timedelta(days=1)
    return start
