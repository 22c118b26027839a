"""Reads with rules: whose news, which shortcuts, which bookmarks.

Every function takes what it reads for (a user, a page) and returns plain values; none of them
queries per row, so the start page and the Genvägar menu cost the same whatever a person keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page

from intranet.ledning import visibility
from intranet.ledning.collation import swedish_sort_key
from intranet.ledning.models import Workplace

from . import conf
from .models import Bookmark, NewsIndexPage, NewsPage, Shortcut, Tool, UserPreferences

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


# --- workplaces ----------------------------------------------------------------------------


@dataclass
class WorkplaceNode:
    id: int
    name: str
    parent_id: int | None
    children: list[WorkplaceNode] = field(default_factory=list)
    depth: int = 0


class WorkplaceTree:
    """The whole organisation tree, read in one query. Workplaces are a few hundred rows at
    most, so walking up and down the tree in Python beats a query per level."""

    def __init__(self, rows: Iterable[tuple[int, str, int | None]]):
        self.nodes: dict[int, WorkplaceNode] = {
            pk: WorkplaceNode(pk, name, parent_id) for pk, name, parent_id in rows
        }
        self.roots: list[WorkplaceNode] = []
        for node in self.nodes.values():
            parent = self.nodes.get(node.parent_id) if node.parent_id else None
            (parent.children if parent else self.roots).append(node)
        for node in self.nodes.values():
            node.children.sort(key=lambda child: swedish_sort_key(child.name))
        self.roots.sort(key=lambda node: swedish_sort_key(node.name))

    @classmethod
    def load(cls) -> WorkplaceTree:
        return cls(Workplace.objects.order_by().values_list("pk", "name", "parent_id"))

    def with_ancestors(self, ids: Iterable[int]) -> set[int]:
        """The workplaces and every workplace above them."""
        found: set[int] = set()
        for pk in ids:
            node = self.nodes.get(pk)
            while node is not None and node.id not in found:
                found.add(node.id)
                node = self.nodes.get(node.parent_id) if node.parent_id else None
        return found

    def with_descendants(self, ids: Iterable[int]) -> set[int]:
        """The workplaces and every workplace under them."""
        found: set[int] = set()
        stack = [self.nodes[pk] for pk in ids if pk in self.nodes]
        while stack:
            node = stack.pop()
            if node.id in found:
                continue
            found.add(node.id)
            stack.extend(node.children)
        return found

    def flat(self) -> list[WorkplaceNode]:
        """Every workplace depth first (förvaltning, its avdelningar, their enheter …), each
        with its depth, in Swedish order within a level."""
        result: list[WorkplaceNode] = []

        def walk(nodes: list[WorkplaceNode], depth: int) -> None:
            for node in nodes:
                node.depth = depth
                result.append(node)
                walk(node.children, depth + 1)

        walk(self.roots, 0)
        return result

    def names(self, ids: Iterable[int]) -> list[str]:
        return sorted((self.nodes[pk].name for pk in ids if pk in self.nodes), key=swedish_sort_key)


def user_workplace_ids(user: User) -> list[int]:
    """The workplaces a person chose on Min sida (one query; none for anonymous users)."""
    if not user.is_authenticated:
        return []
    through = UserPreferences.workplaces.through
    return list(
        through.objects.filter(userpreferences__user_id=user.pk)
        .order_by("workplace_id")
        .values_list("workplace_id", flat=True)
    )


# --- news ----------------------------------------------------------------------------------


def news_index() -> NewsIndexPage | None:
    """The first live news list, where "Se alla nyheter" leads. Its ``has_live_news`` says
    whether any live news item exists anywhere (in the same query), so that the start page
    need not build and run its two news queries when there is nothing to show."""
    live_news = NewsPage.objects.live().order_by().values("pk")
    return (
        NewsIndexPage.objects.live()
        .annotate(has_live_news=Exists(live_news))
        .order_by("path")
        .first()
    )


def any_live_news() -> bool:
    return NewsPage.objects.live().exists()


def news_queryset(
    user: User | None = None,
    *,
    viewer: visibility.Viewer | None = None,
    index: Page | None = None,
    tree: WorkplaceTree | None = None,
    workplace_ids: Iterable[int] | None = None,
) -> QuerySet[NewsPage]:
    """Live news, newest first, with their images. With a user: only the news for them —
    news for everyone (no workplaces) and news for one of their workplaces or a workplace
    above one of theirs. With a viewer (visibility.py): also restricted news the person may
    read (news about restricted content carries its restrictions); without one, only news
    open to every member of staff."""
    if viewer is not None:
        news = NewsPage.objects.filter(viewer.page_filter())
    else:
        news = NewsPage.objects.live().public()
    if index is not None:
        news = news.child_of(index)
    if user is not None:
        ids = user_workplace_ids(user) if workplace_ids is None else list(workplace_ids)
        reach = (tree or WorkplaceTree.load()).with_ancestors(ids) if ids else set()
        targets = NewsPage.workplaces.through.objects.filter(newspage_id=OuterRef("pk"))
        news = news.filter(~Exists(targets) | Exists(targets.filter(workplace_id__in=reach)))
    return (
        news.select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


def latest_news(user: User | None = None, *, limit: int | None = None, **kwargs) -> list[NewsPage]:
    """The newest news (for the user, when given), as many as the start page shows."""
    limit = limit or conf.get("HOME_NEWS_COUNT")
    return list(news_queryset(user, **kwargs)[:limit])


# --- bookmarks -----------------------------------------------------------------------------


def bookmarks_for(user: User, viewer: visibility.Viewer | None = None) -> list[Bookmark]:
    """A person's bookmarks of live pages they may view (a page restricted after it was
    bookmarked drops out), A–Ö by page title, with their pages (one query)."""
    if not user.is_authenticated:
        return []
    viewer = viewer or visibility.viewer_for(user)
    bookmarks = Bookmark.objects.filter(viewer.page_filter("page__"), user_id=user.pk)
    bookmarks = bookmarks.select_related("page")
    return sorted(bookmarks, key=lambda bookmark: swedish_sort_key(bookmark.page.title))


# --- shortcuts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortcutItem:
    """A shortcut as menus show it: a tool of the catalogue or a personal link."""

    name: str
    url: str
    description: str = ""
    personal: bool = False
    shortcut_id: int | None = None
    tool_id: int | None = None

    @classmethod
    def from_shortcut(cls, shortcut: Shortcut) -> ShortcutItem:
        return cls(
            name=shortcut.label,
            url=shortcut.href,
            description=shortcut.description,
            personal=shortcut.is_personal,
            shortcut_id=shortcut.pk,
            tool_id=shortcut.tool_id,
        )

    @classmethod
    def from_tool(cls, tool: Tool) -> ShortcutItem:
        return cls(name=tool.name, url=tool.url, description=tool.description, tool_id=tool.pk)


def default_tools(workplace_ids: Iterable[int], *, tree: WorkplaceTree | None = None) -> list[Tool]:
    """The tools that are shortcuts by default for these workplaces (or any above them), and
    those for everyone, in the catalogue's order."""
    ids = list(workplace_ids)
    reach = (tree or WorkplaceTree.load()).with_ancestors(ids) if ids else set()
    targets = Tool.default_workplaces.through.objects.filter(
        tool_id=OuterRef("pk"), workplace_id__in=reach
    )
    return list(Tool.objects.filter(Q(Exists(targets)) | Q(default_for_everyone=True)))


def shortcuts_for(
    user: User,
    *,
    preferences: UserPreferences | None = None,
    workplace_ids: Iterable[int] | None = None,
    tree: WorkplaceTree | None = None,
) -> list[ShortcutItem]:
    """A person's shortcuts in their order; until they edit them, their workplaces' default
    tools."""
    if not user.is_authenticated:
        return []
    preferences = preferences or UserPreferences.get_for_user(user)
    if preferences.shortcuts_customised:
        return [
            ShortcutItem.from_shortcut(shortcut)
            for shortcut in Shortcut.objects.filter(user_id=user.pk).select_related("tool")
        ]
    ids = user_workplace_ids(user) if workplace_ids is None else workplace_ids
    return [ShortcutItem.from_tool(tool) for tool in default_tools(ids, tree=tree)]


def tool_catalogue() -> list[Tool]:
    return list(Tool.objects.all())


# --- the personal header: everything about the person in one query -------------------------

# Every branch of the header's query selects these columns, in this order (a row kind, then
# numbers, texts and a number for booleans), so that they can be UNION ALL-ed.
_HEADER_COLUMNS = ("row", "n1", "n2", "n3", "t1", "t2", "t3", "t4")


def _header_branch(queryset: QuerySet, row: str, **columns) -> QuerySet:
    """One branch of the header's union: `columns` maps some of n1…t4 to expressions; the
    others are typed NULLs."""
    values: dict[str, Any] = {"row": Value(row, output_field=CharField())}
    for name in _HEADER_COLUMNS[1:]:
        field = IntegerField() if name.startswith("n") else CharField()
        expression = columns.get(name)
        if expression is None:
            values[name] = Cast(Value(None), output_field=field)
        elif isinstance(expression, str):
            values[name] = Cast(F(expression), output_field=field)
        else:
            values[name] = Cast(expression, output_field=field)
    return queryset.order_by().annotate(**values).values_list(*_HEADER_COLUMNS)


@dataclass
class PersonalHeader:
    """What every page shows about the person: their preferences, chosen workplaces,
    bookmarks and shortcuts (and, when their shortcuts are their workplaces' defaults, the
    organisation tree those defaults were worked out from)."""

    preferences: UserPreferences
    workplace_ids: list[int]
    bookmarks: list[Bookmark]
    shortcuts: list[ShortcutItem]
    tree: WorkplaceTree | None = None


def personal_header(user: User, viewer: visibility.Viewer | None = None) -> PersonalHeader:
    """The person's header in one query (a UNION ALL of one branch per kind of row): the
    Genvägar menu, the star and the start page cost one query whatever a person keeps.

    Bookmarks are those of live pages the person may view, A–Ö by title; shortcuts are their
    own (in their order) once they have edited them, before that the default tools of their
    workplaces (or any workplace above them) and those for everyone, in the catalogue's
    order."""
    if not user.is_authenticated:
        return PersonalHeader(UserPreferences(), [], [], [])
    viewer = viewer or visibility.viewer_for(user)
    alias = router.db_for_read(Bookmark)
    key = (alias, viewer.hidden_page_paths)
    compiled = _compiled_headers.get(key)
    if compiled is None:
        if len(_compiled_headers) >= 256:
            _compiled_headers.clear()
        compiled = _compiled_headers[key] = (
            _header_query(_ANY_USER, viewer).query.get_compiler(alias).as_sql()
        )
    sql, params = compiled
    params = tuple(user.pk if param == _ANY_USER else param for param in params)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _header_from_rows(user, rows)


# Building and compiling the header's union through the ORM costs more than running it (about
# 15 ms of CPU a page view), so its SQL is compiled once per database and set of hidden page
# paths, for a stand-in user id that is swapped for the person's own when it runs. The columns
# are plain integers and texts, so the rows need none of the ORM's converters.
_ANY_USER = -7_400_000_001
_compiled_headers: dict[tuple[str, tuple[str, ...]], tuple[str, tuple]] = {}


def _header_query(user_id: int, viewer: visibility.Viewer) -> QuerySet:
    """The header's rows for one person, as one UNION ALL."""
    preferences = UserPreferences.objects.filter(user_id=user_id)
    customised = Exists(preferences.filter(shortcuts_customised=True))
    chosen = UserPreferences.workplaces.through.objects.filter(userpreferences__user_id=user_id)
    branches = [
        _header_branch(
            preferences,
            "preferences",
            n1="pk",
            n2=Case(When(shortcuts_customised=True, then=1), default=0),
            t1="notifications",
        ),
        _header_branch(chosen, "workplace", n1="workplace_id"),
        _header_branch(
            Bookmark.objects.filter(viewer.page_filter("page__"), user_id=user_id),
            "bookmark",
            n1="pk",
            n2="page_id",
            t1="page__title",
            t2="page__url_path",
        ),
        _header_branch(
            Shortcut.objects.filter(customised, user_id=user_id),
            "shortcut",
            n1="pk",
            n2="tool_id",
            n3="sort_order",
            t1=Coalesce(F("tool__name"), F("name")),
            t2=Coalesce(F("tool__url"), F("url")),
            t3=Coalesce(F("tool__description"), Value("")),
        ),
        # Before the person edits their shortcuts: every tool that is a default for someone,
        # which workplaces it is a default for, and the organisation tree (to find the
        # workplaces above theirs). Nothing of it once they have edited them.
        _header_branch(
            Tool.objects.filter(~customised)
            .filter(Q(default_for_everyone=True) | Q(default_workplaces__isnull=False))
            .distinct(),
            "tool",
            n1="pk",
            n2=Case(When(default_for_everyone=True, then=1), default=0),
            n3="sort_order",
            t1="name",
            t2="url",
            t3="description",
        ),
        _header_branch(
            Tool.default_workplaces.through.objects.filter(~customised),
            "tool_workplace",
            n1="tool_id",
            n2="workplace_id",
        ),
        _header_branch(
            Workplace.objects.filter(~customised, Exists(chosen)),
            "node",
            n1="pk",
            n2="parent_id",
            t1="name",
        ),
    ]
    return branches[0].union(*branches[1:], all=True)


def _header_from_rows(user: User, rows: list[tuple]) -> PersonalHeader:
    preferences = UserPreferences(user_id=user.pk)
    workplace_ids: list[int] = []
    bookmarks: list[Bookmark] = []
    shortcuts: list[tuple[int, int, ShortcutItem]] = []
    tools: dict[int, tuple[bool, tuple[int, str], Tool]] = {}
    tool_workplaces: list[tuple[int, int]] = []
    nodes: list[tuple[int, str, int | None]] = []
    for row, n1, n2, n3, t1, t2, t3, _t4 in rows:
        if row == "preferences":
            preferences.pk, preferences.shortcuts_customised = n1, bool(n2)
            preferences.notifications = t1
        elif row == "workplace":
            workplace_ids.append(n1)
        elif row == "bookmark":
            bookmark = Bookmark(pk=n1, user_id=user.pk, page_id=n2)
            bookmark.page = Page(pk=n2, title=t1, url_path=t2, live=True)
            bookmarks.append(bookmark)
        elif row == "shortcut":
            item = ShortcutItem(
                name=t1, url=t2, description=t3, personal=n2 is None, shortcut_id=n1, tool_id=n2
            )
            shortcuts.append((n3, n1, item))
        elif row == "tool":
            tool = Tool(pk=n1, name=t1, url=t2, description=t3 or "", sort_order=n3)
            tools[n1] = (bool(n2), (n3, t1), tool)
        elif row == "tool_workplace":
            tool_workplaces.append((n1, n2))
        elif row == "node":
            nodes.append((n1, t1, n2))
    workplace_ids.sort()
    bookmarks.sort(key=lambda bookmark: swedish_sort_key(bookmark.page.title))
    tree = WorkplaceTree(nodes) if nodes else None
    if preferences.shortcuts_customised:
        items = [item for *_order, item in sorted(shortcuts, key=lambda s: s[:2])]
    else:
        reach = tree.with_ancestors(workplace_ids) if tree else set()
        for_me = {tool_id for tool_id, workplace_id in tool_workplaces if workplace_id in reach}
        chosen = [
            (order, tool)
            for tool_id, (everyone, order, tool) in tools.items()
            if everyone or tool_id in for_me
        ]
        items = [ShortcutItem.from_tool(tool) for _order, tool in sorted(chosen, key=_tool_order)]
    return PersonalHeader(preferences, workplace_ids, bookmarks, items, tree)


def _tool_order(entry: tuple[tuple[int, str], Tool]) -> tuple[int, str]:
    return entry[0]
