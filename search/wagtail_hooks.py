from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import SearchStatisticsView, StatisticsMenuItem, statistics_permissions
from .models import DocumentText, ExtractionStatus
from .viewsets import SynonymViewSet

register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("sok/statistik/", SearchStatisticsView.as_view(), name="search_statistics")]


hooks.register("register_permissions", statistics_permissions)


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Sökstatistik"),
        reverse("search_statistics"),
        name="search-statistics",
        icon_name="search",
        order=1310,
    )


@hooks.register("ledning_file_text")
def file_text(document) -> str:
    """The extracted text of a governed document's file, for Wagtail's search backends."""
    row = DocumentText.objects.filter(document=document, status=ExtractionStatus.OK).first()
    return row.text if row else ""
