"""The staff app's models, split by concern and re-exported here."""

from .bookmarks import Bookmark
from .news import NewsIndexPage, NewsPage
from .preferences import Notifications, UserPreferences
from .shortcuts import Shortcut, Tool

__all__ = [
    "Bookmark",
    "NewsIndexPage",
    "NewsPage",
    "Notifications",
    "Shortcut",
    "Tool",
    "UserPreferences",
]
