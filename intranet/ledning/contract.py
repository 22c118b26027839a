"""The boundary between the management system (``ledning``) and the app that hosts it.

``ledning`` never imports the host's apps (the staff app here, or any other). What it needs
from them it asks through the Wagtail hooks below, and this module is the only place that
calls them. A host app registers its functions in its own ``wagtail_hooks.py``; the staff app
(intranet/staff/services.py) implements every one. Without a hook the management system
still works: nobody but the followers is told, everyone is told at once, no news is
published, no page actions are shown, document files are not searched by their text.

Every hook is batch shaped: it is asked once per object or per set of people, never once per
person, so that the fan-out of one approval costs the same few queries for ten recipients as
for ten thousand.

``ledning_notice_recipients``: ``fn(obj) -> QuerySet | Iterable[user or id]``
    The users concerned by an approved change of ``obj`` (a process page or a governed
    document: governed.py), e.g. by their workplaces or bookmarks. A queryset of users is used
    as a subquery (preferred); anything else is read as users or ids. The management system
    adds its own followers and keeps only active users with an e-mail address who may view
    ``obj``.

``ledning_notification_preferences``: ``fn(users: QuerySet) -> Mapping[int, str]``
    How each of ``users`` wants to be told: ``{user_id: "immediate" | "digest" | "off"}``.
    Asked once with every recipient of a notice; a user left out (or given anything else)
    gets the default, "immediate", unless an earlier hook answered for them.

``ledning_publish_news``: ``fn(title, intro, body_html, workplaces, link_url, *, restrictions)
-> Page | str | None``
    Publish a news item about an approved change of substance; return the page (or its URL),
    or None for no news. Called after the approval has committed, once per notice.
    ``restrictions`` are the object's Wagtail view restrictions: news about restricted content
    must carry them (or not be published).

``ledning_page_actions``: ``fn(request, page) -> str``
    HTML of an action shown in the header of the management system's pages (the staff app's
    bookmark star: a ``<button>`` whose accessible name contains "bokmärke"). Rendered, in hook
    order, by ``{% ledning_page_actions page %}`` (templatetags/ledning_contract.py).

``ledning_file_text``: ``fn(file) -> str``
    The text inside a governed document's file, for the search index (the site's search app
    extracts it).

``ledning_workplace_memberships``: ``fn() -> QuerySet``
    Who works where: a queryset of rows with the values ``user_id`` and ``workplace_id`` (one
    row per person and workplace they belong to), which the management system filters either
    way and uses as a subquery. Read confirmations (readconfirm/) ask it for the members of
    the workplaces a request names, and for the workplaces of the person on HEM. Without it,
    a request reaches only the groups and the people it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

NOTICE_RECIPIENTS = "ledning_notice_recipients"
NOTIFICATION_PREFERENCES = "ledning_notification_preferences"
PUBLISH_NEWS = "ledning_publish_news"
PAGE_ACTIONS = "ledning_page_actions"
FILE_TEXT = "ledning_file_text"
WORKPLACE_MEMBERSHIPS = "ledning_workplace_memberships"

IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"
PREFERENCES = frozenset({IMMEDIATE, DIGEST, OFF})


def notice_recipients(obj: Any) -> Q:
    """The users the host apps name for obj, as a filter on the user model (subqueries where
    a hook answers with a queryset; Q(pk__in=[]) matches nobody)."""
    found = Q(pk__in=[])
    for fn in hooks.get_hooks(NOTICE_RECIPIENTS):
        answer = fn(obj)
        if isinstance(answer, QuerySet):
            found |= Q(pk__in=answer.order_by().values("pk"))
        else:
            found |= Q(pk__in=_ids(answer))
    return found


def _ids(users: Iterable[Any] | None) -> list[int]:
    ids = {getattr(user, "pk", user) for user in users or ()}
    return sorted(int(pk) for pk in ids if pk is not None)


def notification_preferences(users: QuerySet) -> dict[int, str]:
    """{user_id: "digest" | "off" | "immediate"} for the users the hooks answer for (the first
    hook that answers for a user decides); users missing from it want "immediate"."""
    preferences: dict[int, str] = {}
    for fn in hooks.get_hooks(NOTIFICATION_PREFERENCES):
        for user_id, preference in (fn(users) or {}).items():
            if preference in PREFERENCES:
                preferences.setdefault(int(user_id), preference)
    return preferences


def publish_news(
    *,
    title: str,
    intro: str,
    body_html: str,
    workplaces: Sequence[Any],
    link_url: str,
    restrictions: Sequence[Any],
) -> str:
    """The URL of the news item the first answering hook published, or ""."""
    for fn in hooks.get_hooks(PUBLISH_NEWS):
        page = fn(title, intro, body_html, workplaces, link_url, restrictions=restrictions)
        if page is not None:
            url = page if isinstance(page, str) else page.get_url()
            return url or ""
    return ""


def page_actions(request: HttpRequest | None, page: Any) -> SafeString:
    """The HTML of every page action the host apps offer on page, in hook order."""
    parts = [conditional_escape(fn(request, page) or "") for fn in hooks.get_hooks(PAGE_ACTIONS)]
    return mark_safe("".join(parts))


def file_text(file: Any) -> str:
    """The text of a document file, as the host apps extract it ("" without such a hook)."""
    return " ".join(fn(file) or "" for fn in hooks.get_hooks(FILE_TEXT))


def workplace_memberships() -> list[QuerySet]:
    """The host apps' membership relations (rows with ``user_id`` and ``workplace_id``)."""
    return [fn() for fn in hooks.get_hooks(WORKPLACE_MEMBERSHIPS)]


def workplace_members(workplace_ids: Iterable[int]) -> Q:
    """The members of the workplaces, as a filter on the user model (subqueries; nobody
    without a hook)."""
    ids = sorted(set(workplace_ids))
    found = Q(pk__in=[])
    if not ids:
        return found
    for memberships in workplace_memberships():
        found |= Q(pk__in=memberships.filter(workplace_id__in=ids).values("user_id"))
    return found


def workplaces_of(user_ids: Iterable[int] | QuerySet) -> list[tuple[int, int]]:
    """(user_id, workplace_id) for the users (one query per hook, however many users)."""
    pairs: set[tuple[int, int]] = set()
    for memberships in workplace_memberships():
        rows = memberships.filter(user_id__in=user_ids).values_list("user_id", "workplace_id")
        pairs.update((int(user_id), int(workplace_id)) for user_id, workplace_id in rows)
    return sorted(pairs)
