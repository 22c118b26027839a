"""Writes with rules: a person's bookmarks, shortcuts, workplaces and preferences, and the
functions the management system calls through Wagtail hooks (its contract,
intranet/ledning/contract.py; registered in wagtail_hooks.py).

Every function that changes a person's data takes that person and only touches their rows:
an id that is not theirs is "not found", never someone else's row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from intranet.ledning.governed import as_governed
from intranet.ledning.models import Workplace

from . import conf, selectors
from .models import (
    Bookmark,
    NewsPage,
    Notifications,
    Shortcut,
    Tool,
    UserPreferences,
)
from .models.shortcuts import web_url_validator
from .state import state_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


class LimitReached(ValidationError):
    """A person already keeps as many bookmarks or shortcuts as allowed."""


# --- preferences ---------------------------------------------------------------------------


def preferences_for_update(user: User) -> UserPreferences:
    """The person's preferences row, created on first change and locked for the change."""
    preferences, _created = UserPreferences.objects.get_or_create(user=user)
    return UserPreferences.objects.select_for_update().get(pk=preferences.pk)


@transaction.atomic
def set_workplaces(user: User, workplaces: Iterable[Workplace]) -> list[Workplace]:
    """Make these the person's workplaces (replacing the earlier choice)."""
    chosen = list(workplaces)
    preferences_for_update(user).workplaces.set(chosen)
    return chosen


@transaction.atomic
def set_notification_preference(user: User, value: str) -> UserPreferences:
    if value not in Notifications.values:
        raise ValidationError(_("Okänt val för e-post om ändringar."))
    preferences = preferences_for_update(user)
    preferences.notifications = value
    preferences.save(update_fields=["notifications"])
    return preferences


# --- bookmarks -----------------------------------------------------------------------------


def add_bookmark(user: User, page: Page) -> Bookmark:
    existing = Bookmark.objects.filter(user=user, page=page).first()
    if existing is not None:
        return existing
    if Bookmark.objects.filter(user=user).count() >= conf.get("MAX_BOOKMARKS"):
        raise LimitReached(_("Du har redan så många bokmärken som går att spara."))
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, page=page)
    except IntegrityError:  # the same click twice at once
        return Bookmark.objects.get(user=user, page=page)


def remove_bookmark(user: User, page: Page | int) -> bool:
    """Remove the person's bookmark of the page; False if they had none."""
    page_id = page if isinstance(page, int) else page.pk
    deleted, _rows = Bookmark.objects.filter(user=user, page_id=page_id).delete()
    return bool(deleted)


def toggle_bookmark(user: User, page: Page) -> bool:
    """Bookmark the page, or remove the bookmark if there is one. Returns whether the page is
    bookmarked afterwards."""
    if remove_bookmark(user, page):
        return False
    add_bookmark(user, page)
    return True


def bookmarks_for(user: User) -> list[Bookmark]:
    return selectors.bookmarks_for(user)


# --- shortcuts -----------------------------------------------------------------------------


def _customise(user: User) -> UserPreferences:
    """Before a person's first change to their shortcuts, copy the defaults they see into
    rows of their own, so that the change starts from what they saw."""
    preferences = preferences_for_update(user)
    if not preferences.shortcuts_customised:
        defaults = selectors.default_tools(selectors.user_workplace_ids(user))
        Shortcut.objects.filter(user=user).delete()
        Shortcut.objects.bulk_create(
            Shortcut(user=user, tool=tool, sort_order=index) for index, tool in enumerate(defaults)
        )
        preferences.shortcuts_customised = True
        preferences.save(update_fields=["shortcuts_customised"])
    return preferences


def _next_position(user: User) -> int:
    highest = Shortcut.objects.filter(user=user).aggregate(top=Max("sort_order"))["top"]
    return 0 if highest is None else highest + 1


def _check_room(user: User) -> None:
    if Shortcut.objects.filter(user=user).count() >= conf.get("MAX_SHORTCUTS"):
        raise LimitReached(_("Du har redan så många genvägar som går att spara."))


@transaction.atomic
def add_tool_shortcut(user: User, tool: Tool) -> Shortcut:
    """Add a tool from the catalogue to the end of the person's shortcuts (once)."""
    _customise(user)
    existing = Shortcut.objects.filter(user=user, tool=tool).first()
    if existing is not None:
        return existing
    _check_room(user)
    return Shortcut.objects.create(user=user, tool=tool, sort_order=_next_position(user))


@transaction.atomic
def add_personal_link(user: User, name: str, url: str) -> Shortcut:
    """Add a link of the person's own (http or https only) to the end of their shortcuts."""
    name, url = name.strip(), url.strip()
    if not name:
        raise ValidationError({"name": _("Ge länken ett namn.")})
    web_url_validator(url)
    _customise(user)
    _check_room(user)
    return Shortcut.objects.create(user=user, name=name, url=url, sort_order=_next_position(user))


def _find_shortcut(user: User, shortcut_id: int | None, tool_id: int | None) -> Shortcut:
    """One of the person's shortcuts, by its id or (for a default tool) the tool's id. Raises
    Shortcut.DoesNotExist for anything that is not theirs."""
    if shortcut_id is not None:
        return Shortcut.objects.get(user=user, pk=shortcut_id)
    if tool_id is not None:
        return Shortcut.objects.get(user=user, tool_id=tool_id)
    raise Shortcut.DoesNotExist


@transaction.atomic
def remove_shortcut(
    user: User, shortcut_id: int | None = None, *, tool_id: int | None = None
) -> None:
    """Remove one of the person's shortcuts (a default tool is named by tool_id)."""
    _customise(user)
    _find_shortcut(user, shortcut_id, tool_id).delete()


@transaction.atomic
def move_shortcut(
    user: User,
    shortcut_id: int | None = None,
    direction: Literal["up", "down"] = "up",
    *,
    tool_id: int | None = None,
) -> None:
    """Move one of the person's shortcuts a step up or down their list."""
    _customise(user)
    target = _find_shortcut(user, shortcut_id, tool_id)
    shortcuts = list(Shortcut.objects.filter(user=user).select_for_update())
    index = next(i for i, shortcut in enumerate(shortcuts) if shortcut.pk == target.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(shortcuts):
        shortcuts[index], shortcuts[other] = shortcuts[other], shortcuts[index]
    _renumber(shortcuts)


@transaction.atomic
def order_shortcuts(user: User, shortcut_ids: Sequence[int]) -> None:
    """Put the person's shortcuts in this order; ids that are not theirs are refused."""
    _customise(user)
    shortcuts = {shortcut.pk: shortcut for shortcut in Shortcut.objects.filter(user=user)}
    if set(shortcut_ids) - shortcuts.keys():
        raise Shortcut.DoesNotExist
    ordered = [shortcuts.pop(pk) for pk in shortcut_ids]
    _renumber([*ordered, *sorted(shortcuts.values(), key=lambda s: (s.sort_order, s.pk))])


def _renumber(shortcuts: list[Shortcut]) -> None:
    for index, shortcut in enumerate(shortcuts):
        shortcut.sort_order = index
    Shortcut.objects.bulk_update(shortcuts, ["sort_order"])


@transaction.atomic
def reset_shortcuts(user: User) -> None:
    """Go back to the workplaces' default shortcuts (personal links are removed)."""
    preferences = preferences_for_update(user)
    Shortcut.objects.filter(user=user).delete()
    preferences.shortcuts_customised = False
    preferences.save(update_fields=["shortcuts_customised"])


# --- what the management system asks for (registered as Wagtail hooks) ----------------------


def notice_recipients(obj: Any) -> QuerySet:
    """The active users concerned by a change to a page or governed document: those whose
    workplaces are the object's workplaces or lie under them, and those who bookmarked the
    page (for a document: any live page that lists it). A queryset: the management system
    uses it as a subquery."""
    obj = as_governed(obj)
    if obj is None:
        return get_user_model().objects.none()
    workplace_ids = [workplace.pk for workplace in obj.workplaces.all()]
    reach = (
        selectors.WorkplaceTree.load().with_descendants(workplace_ids) if workplace_ids else set()
    )
    members = UserPreferences.workplaces.through.objects.filter(workplace_id__in=reach).values(
        "userpreferences__user_id"
    )
    bookmarkers = Bookmark.objects.filter(page_id__in=obj.get_governed_page_ids()).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=members) | Q(pk__in=bookmarkers))
        .order_by("pk")
    )


def notification_preferences(users: QuerySet) -> dict[int, str]:
    """{user_id: "digest" | "off"} for those of users who chose not to be told at once (one
    query; everyone else gets the default, "immediate")."""
    return dict(
        UserPreferences.objects.filter(user__in=users.order_by().values("pk"))
        .exclude(notifications=Notifications.IMMEDIATE)
        .values_list("user_id", "notifications")
    )


def workplace_memberships() -> QuerySet:
    """Who chose which workplace on Min sida, as rows of ``user_id`` and ``workplace_id``
    (hook ``ledning_workplace_memberships``: the management system filters it either way)."""
    return UserPreferences.workplaces.through.objects.values(
        "workplace_id", user_id=F("userpreferences__user_id")
    )


def bookmark_star(request: HttpRequest | None, page: Any) -> str:
    """The star in the header of the management system's pages (hook ``ledning_page_actions``):
    the same button as on the staff app's own pages (templatetags.staff_tags.bookmark_star)."""
    state = state_for(request)
    if not (state.authenticated and isinstance(page, Page) and page.pk and page.live):
        return ""
    context = {"show": True, "page": page, "bookmarked": page.pk in state.bookmarked_ids}
    return render_to_string("staff/includes/bookmark_star.html", context, request=request)


@transaction.atomic
def publish_news(
    title: str,
    intro: str,
    body_html: str,
    workplaces: Iterable[Workplace],
    link_url: str = "",
    *,
    restrictions: Sequence[BaseViewRestriction] = (),
) -> NewsPage | None:
    """Create and publish a news item under the first live news list; None without one.

    News about restricted content is restricted the same way: each group (or login)
    restriction of the page or the document's collection is copied onto the news item before
    it is published, so only those who may read the content read the news (and its note). A
    password restriction cannot be shared with a news item: then there is no news."""
    restrictions = list(restrictions)
    if any(r.restriction_type == BaseViewRestriction.PASSWORD for r in restrictions):
        return None
    index = selectors.news_index()
    if index is None:
        return None
    slug = find_available_slug(index, slugify(title)[:200] or "nyhet")
    news = NewsPage(
        title=title[:255], slug=slug, intro=intro, body=body_html, link_url=link_url or ""
    )
    news.workplaces = list(workplaces)
    news.live = False
    index.add_child(instance=news)
    for restriction in restrictions:
        copy = PageViewRestriction.objects.create(
            page=news, restriction_type=restriction.restriction_type
        )
        if restriction.restriction_type == BaseViewRestriction.GROUPS:
            copy.groups.set(restriction.groups.all())
    news.save_revision().publish()
    news.refresh_from_db()
    return news


__all__ = [
    "LimitReached",
    "add_bookmark",
    "add_personal_link",
    "add_tool_shortcut",
    "bookmark_star",
    "bookmarks_for",
    "move_shortcut",
    "notice_recipients",
    "notification_preferences",
    "order_shortcuts",
    "publish_news",
    "remove_bookmark",
    "remove_shortcut",
    "reset_shortcuts",
    "set_notification_preference",
    "set_workplaces",
    "toggle_bookmark",
]
