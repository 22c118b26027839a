"""What the templates of one request need to know about its user, read once per request.

The Genvägar menu, the star and the start page all ask about the same person; they share one
RequestState so that each thing is read once, whatever the number of stars or lists."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from intranet.ledning import visibility

from . import selectors
from .models import Bookmark, UserPreferences


class RequestState:
    def __init__(self, request: HttpRequest | None):
        self.request = request
        self.user = getattr(request, "user", None)

    @property
    def authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @cached_property
    def preferences(self) -> UserPreferences:
        return UserPreferences.get_for_user(self.user)

    @cached_property
    def workplace_ids(self) -> list[int]:
        return selectors.user_workplace_ids(self.user) if self.authenticated else []

    @cached_property
    def tree(self) -> selectors.WorkplaceTree:
        return selectors.WorkplaceTree.load()

    def tree_if_needed(self) -> selectors.WorkplaceTree | None:
        return self.tree if self.workplace_ids else None

    @cached_property
    def bookmarks(self) -> list[Bookmark]:
        if not self.authenticated:
            return []
        return selectors.bookmarks_for(self.user, visibility.viewer(self.request))

    @cached_property
    def bookmarked_ids(self) -> set[int]:
        return {bookmark.page_id for bookmark in self.bookmarks}

    @cached_property
    def shortcuts(self) -> list[selectors.ShortcutItem]:
        if not self.authenticated:
            return []
        preferences = self.preferences
        return selectors.shortcuts_for(
            self.user,
            preferences=preferences,
            workplace_ids=None if preferences.shortcuts_customised else self.workplace_ids,
            tree=None if preferences.shortcuts_customised else self.tree_if_needed(),
        )


def state_for(request: HttpRequest | None) -> RequestState:
    if request is None:
        return RequestState(None)
    state = getattr(request, "_staff_state", None)
    if state is None:
        state = RequestState(request)
        request._staff_state = state
    return state
