"""What the templates of one request need to know about its user, read once per request.

The Genvägar menu, the star and the start page all ask about the same person; they share one
RequestState so that each thing is read once, whatever the number of stars or lists."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AnonymousUser
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
    def header(self) -> selectors.PersonalHeader:
        """Preferences, workplaces, bookmarks and shortcuts: one query for all of them."""
        if not self.authenticated:
            return selectors.personal_header(self.user or AnonymousUser())
        return selectors.personal_header(self.user, visibility.viewer(self.request))

    @property
    def preferences(self) -> UserPreferences:
        return self.header.preferences

    @property
    def workplace_ids(self) -> list[int]:
        return self.header.workplace_ids

    @cached_property
    def tree(self) -> selectors.WorkplaceTree:
        return self.header.tree or selectors.WorkplaceTree.load()

    def tree_if_needed(self) -> selectors.WorkplaceTree | None:
        return self.tree if self.workplace_ids else None

    @property
    def bookmarks(self) -> list[Bookmark]:
        return self.header.bookmarks

    @cached_property
    def bookmarked_ids(self) -> set[int]:
        return {bookmark.page_id for bookmark in self.bookmarks}

    @property
    def shortcuts(self) -> list[selectors.ShortcutItem]:
        return self.header.shortcuts


def state_for(request: HttpRequest | None) -> RequestState:
    if request is None:
        return RequestState(None)
    state = getattr(request, "_staff_state", None)
    if state is None:
        state = RequestState(request)
        request._staff_state = state
    return state
