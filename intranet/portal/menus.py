"""The main menu, cached per site and dropped whenever a page or a site changes.

The menu is the same for everyone on a site (the home page and its live children marked "show
in menus"), so one cached copy serves all users; which item is current is worked out per
request from a copy. Pages are saved when they are published, unpublished, renamed or edited;
moved and deleted pages send their own signals; every one of these drops the cached menus, at
once and again when the transaction commits (so a request that read the old tree in between
cannot keep it cached).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page, Site

MENU_FIELDS = ("id", "title", "path", "depth", "url_path", "content_type_id")


@dataclass
class MainMenu:
    home: Page | None
    items: list[Page]


def cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_MENU_CACHE_SECONDS", 3600))


def menu_key(site_id: int) -> str:
    return f"portal:main-menu:{site_id}"


def build_main_menu(site: Site) -> MainMenu:
    home = Page.objects.only(*MENU_FIELDS).get(pk=site.root_page_id)
    items = list(home.get_children().live().in_menu().only(*MENU_FIELDS))
    return MainMenu(home=home, items=items)


def main_menu(site: Site) -> MainMenu:
    """The site's menu: from the cache, else built (two queries) and cached."""
    seconds = cache_seconds()
    if seconds <= 0:
        return build_main_menu(site)
    key = menu_key(site.pk)
    menu = cache.get(key)
    if menu is None:
        menu = build_main_menu(site)
        cache.set(key, menu, seconds)
    return menu


def forget_menus() -> None:
    site_ids = list(Site.objects.values_list("pk", flat=True))
    cache.delete_many([menu_key(site_id) for site_id in site_ids])


def forget_menus_now_and_on_commit() -> None:
    forget_menus()
    transaction.on_commit(forget_menus)
