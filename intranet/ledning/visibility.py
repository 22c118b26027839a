"""The one visibility rule: who may view a page, a governed document or an image.

Every list, count, facet, feed, notice, e-mail and export of pages or documents goes through
this module, so that what a person is shown and told is what they may open. It is built on
Wagtail's own restriction models (no rule of its own):

- a page: live, and every ``PageViewRestriction`` on it or an ancestor accepts the person;
- a governed document: live, and every ``CollectionViewRestriction`` on its file's collection
  or a collection above it accepts the person (a document without a file has no collection);
- an image (and its renditions): likewise for the image's collection.

A restriction accepts, as Wagtail's serving does: "login" any logged-in person; "groups" a
superuser or a member of one of its groups; "password" only a request whose session has
passed it. Without a request (e-mail, notices, tasks) nobody is assumed to know a password.

`viewer(user_or_request)` gives what one person may not see, computed once per request with a
few queries (never one per row); `Viewer.pages()` / `Viewer.documents()` filter querysets in
SQL; `viewers(users, obj)` narrows a queryset of users to those who may view obj.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.http import HttpRequest
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

LOGIN = BaseViewRestriction.LOGIN
GROUPS = BaseViewRestriction.GROUPS
PASSWORD = BaseViewRestriction.PASSWORD

REQUEST_ATTRIBUTE = "_ledning_viewer"


@dataclass(frozen=True)
class Viewer:
    """What one person may not see: the tree paths of page subtrees whose restrictions they
    do not meet, and the ids of the collections (with those below them) that shut them out."""

    hidden_page_paths: tuple[str, ...] = ()
    hidden_collection_ids: frozenset[int] = frozenset()
    standing: _Standing | None = None
    page_rows: tuple[_Row, ...] = ()

    def accepts(self, restriction: BaseViewRestriction) -> bool:
        """Whether one Wagtail restriction (on a page or a collection) lets the person in."""
        group_ids = (
            frozenset(restriction.groups.values_list("pk", flat=True))
            if restriction.restriction_type == GROUPS
            else frozenset()
        )
        row = _Row(
            restriction.pk,
            restriction.restriction_type,
            "",
            isinstance(restriction, CollectionViewRestriction),
            group_ids,
        )
        return _accepts(self.standing or NOBODY, row)

    def refused(self, obj: Any) -> bool:
        """Whether a login or group restriction shuts the person out of obj (a password
        restriction is left to Wagtail's password form)."""
        if isinstance(obj, Page):
            standing = self.standing or NOBODY
            return any(
                row.kind != PASSWORD and not _accepts(standing, row)
                for row in self.page_rows
                if obj.path.startswith(row.path)
            )
        return any(
            restriction.restriction_type != PASSWORD and not self.accepts(restriction)
            for restriction in restrictions_of(obj)
        )

    # --- single objects ---------------------------------------------------------------------

    def may_view_path(self, path: str) -> bool:
        """For a page known to be live (a cached menu, navigation): its tree path decides."""
        return not any(path.startswith(hidden) for hidden in self.hidden_page_paths)

    def may_view_page(self, page: Page) -> bool:
        return bool(page.live) and not any(
            page.path.startswith(path) for path in self.hidden_page_paths
        )

    def may_view_collection(self, collection_id: int | None) -> bool:
        return collection_id is None or collection_id not in self.hidden_collection_ids

    def may_view_file(self, file: Any) -> bool:
        """A document file or an image: its collection decides."""
        return file is None or self.may_view_collection(file.collection_id)

    def may_view_document(self, document: Any) -> bool:
        """A governed document (live, its file's collection open to the person)."""
        if not getattr(document, "live", False):
            return False
        if not self.hidden_collection_ids or not document.file_id:
            return True
        return self.may_view_file(document.file)

    def may_view(self, obj: Any) -> bool:
        """A page, a governed document, a document file or an image."""
        if isinstance(obj, Page):
            return self.may_view_page(obj)
        if hasattr(obj, "file_id") and hasattr(obj, "live"):
            return self.may_view_document(obj)
        if hasattr(obj, "collection_id"):
            return self.may_view_file(obj)
        return True

    # --- querysets --------------------------------------------------------------------------

    def page_filter(self, prefix: str = "") -> Q:
        """A filter on pages (or on rows pointing to a page through `prefix`, e.g. "page__")
        keeping those the person may view."""
        condition = Q(**{f"{prefix}live": True})
        for path in self.hidden_page_paths:
            condition &= ~Q(**{f"{prefix}path__startswith": path})
        return condition

    def document_filter(self, prefix: str = "") -> Q:
        """A filter on governed documents (or rows pointing to one through `prefix`)."""
        condition = Q(**{f"{prefix}live": True})
        if self.hidden_collection_ids:
            condition &= Q(**{f"{prefix}file__isnull": True}) | ~Q(
                **{f"{prefix}file__collection_id__in": sorted(self.hidden_collection_ids)}
            )
        return condition

    def pages(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self.page_filter())

    def documents(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self.document_filter())

    def visible(self, objects: Iterable[Any]) -> list[Any]:
        """The objects of an already loaded list that the person may view, in order."""
        return [obj for obj in objects if self.may_view(obj)]


# --- who is asking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Standing:
    """Who is asking: logged in or not, superuser, groups, passwords passed this session."""

    authenticated: bool
    superuser: bool
    group_ids: frozenset[int]
    passed_page_restrictions: frozenset[int]
    passed_collection_restrictions: frozenset[int]

    def accepts(self, kind: str, group_ids: Iterable[int], passed: frozenset[int], pk: int) -> bool:
        if kind == LOGIN:
            return self.authenticated
        if kind == GROUPS:
            return self.authenticated and (
                self.superuser or bool(self.group_ids.intersection(group_ids))
            )
        if kind == PASSWORD:
            return pk in passed
        return False  # a kind Wagtail may add one day: closed until this rule knows it


NOBODY = _Standing(False, False, frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class _Row:
    """One Wagtail restriction, as the rule needs it."""

    pk: int
    kind: str
    path: str  # the restricted page's or collection's tree path
    on_collection: bool
    group_ids: frozenset[int] = frozenset()


def _rows() -> list[_Row]:
    """Every page and collection restriction: one query (two when any is for groups)."""
    pages = PageViewRestriction.objects.annotate(on=Value(False)).values_list(
        "pk", "restriction_type", "page__path", "on"
    )
    collections = CollectionViewRestriction.objects.annotate(on=Value(True)).values_list(
        "pk", "restriction_type", "collection__path", "on"
    )
    rows = list(pages.union(collections, all=True))
    groups: dict[tuple[bool, int], set[int]] = {}
    if any(kind == GROUPS for _pk, kind, _path, _on in rows):
        page_groups = PageViewRestriction.groups.through.objects.annotate(
            on=Value(False)
        ).values_list("on", "pageviewrestriction_id", "group_id")
        collection_groups = CollectionViewRestriction.groups.through.objects.annotate(
            on=Value(True)
        ).values_list("on", "collectionviewrestriction_id", "group_id")
        for on, restriction_id, group_id in page_groups.union(collection_groups, all=True):
            groups.setdefault((bool(on), restriction_id), set()).add(group_id)
    return [
        _Row(pk, kind, path, bool(on), frozenset(groups.get((bool(on), pk), ())))
        for pk, kind, path, on in rows
    ]


def _standing(user: Any, request: HttpRequest | None, need_groups: bool) -> _Standing:
    authenticated = bool(user is not None and user.is_authenticated)
    superuser = bool(authenticated and user.is_superuser)
    group_ids: frozenset[int] = frozenset()
    if authenticated and need_groups and not superuser:
        group_ids = frozenset(user.groups.values_list("pk", flat=True))
    session = getattr(request, "session", None)

    def passed(model: type[BaseViewRestriction]) -> frozenset[int]:
        if session is None:
            return frozenset()
        return frozenset(session.get(model.passed_view_restrictions_session_key, []))

    return _Standing(
        authenticated=authenticated,
        superuser=superuser,
        group_ids=group_ids,
        passed_page_restrictions=passed(PageViewRestriction),
        passed_collection_restrictions=passed(CollectionViewRestriction),
    )


def _accepts(standing: _Standing, row: _Row) -> bool:
    passed = (
        standing.passed_collection_restrictions
        if row.on_collection
        else standing.passed_page_restrictions
    )
    return standing.accepts(row.kind, row.group_ids, passed, row.pk)


def _collection_ids_under(paths: Iterable[str]) -> frozenset[int]:
    paths = sorted(set(paths))
    if not paths:
        return frozenset()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(condition).values_list("pk", flat=True))


def _outermost(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths that are not below another of them (fewer conditions, same meaning)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def viewer_for(user: Any, request: HttpRequest | None = None) -> Viewer:
    """What this person may not see, computed now: one query when nothing is restricted to
    groups, else three (a fourth when a collection shuts them out)."""
    rows = _rows()
    standing = _standing(user, request, any(row.kind == GROUPS for row in rows))
    refused = [row for row in rows if not _accepts(standing, row)]
    return Viewer(
        hidden_page_paths=_outermost(row.path for row in refused if not row.on_collection),
        hidden_collection_ids=_collection_ids_under(
            _outermost(row.path for row in refused if row.on_collection)
        ),
        standing=standing,
        page_rows=tuple(row for row in rows if not row.on_collection),
    )


def viewer(user_or_request: Any) -> Viewer:
    """The Viewer for a request (computed once per request) or for a user."""
    if isinstance(user_or_request, HttpRequest) or hasattr(user_or_request, "META"):
        request = user_or_request
        cached = getattr(request, REQUEST_ATTRIBUTE, None)
        if cached is None:
            cached = viewer_for(getattr(request, "user", None), request)
            setattr(request, REQUEST_ATTRIBUTE, cached)
        return cached
    return viewer_for(user_or_request)


# --- one object, many people ----------------------------------------------------------------------


def restrictions_of(obj: Any) -> list[BaseViewRestriction]:
    """The Wagtail restrictions that apply to obj: what a page or a governed document names
    (`get_view_restrictions()`: a page's own and its ancestors', the collection restrictions of
    a document's file), else those of a document file's or an image's collection."""
    if hasattr(obj, "get_view_restrictions"):
        return list(obj.get_view_restrictions())
    collection = getattr(obj, "collection", None)
    if collection is not None:
        return list(collection.get_view_restrictions())
    return []


def _users_accepted_by(users: QuerySet, restriction: BaseViewRestriction) -> QuerySet:
    kind = restriction.restriction_type
    if kind == LOGIN:
        return users
    if kind == GROUPS:
        group_ids = list(restriction.groups.values_list("pk", flat=True))
        allowed = users.model.objects.filter(Q(is_superuser=True) | Q(groups__in=group_ids))
        return users.filter(pk__in=allowed.values("pk"))
    return users.none()  # a password: nobody can be assumed to know it


def viewers(users: QuerySet, obj: Any) -> QuerySet:
    """Narrow a queryset of users to those who may view obj (a page, a governed document, a
    document file or an image); an object that is not live is viewed by nobody."""
    if hasattr(obj, "live") and not obj.live:
        return users.none()
    for restriction in restrictions_of(obj):
        users = _users_accepted_by(users, restriction)
    return users


def may_view(user_or_request: Any, obj: Any) -> bool:
    return viewer(user_or_request).may_view(obj)


def visible(user_or_request: Any, objects: Sequence[Any]) -> list[Any]:
    return viewer(user_or_request).visible(objects)
