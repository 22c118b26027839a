"""Admin screens of the search: the synonym list and the search statistics report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synonymer för sökningen")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["terms", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["terms"]
