"""Reads with rules: whose news, which shortcuts, which bookmarks.

Every function takes what it reads for (a user, a page) and returns plain values; none of them
queries per row, so the start page and the Genvägar menu cost the same whatever a person keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
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
    """The first live news list, where "Se alla nyheter" leads."""
    return NewsIndexPage.objects.live().order_by("path").first()


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
