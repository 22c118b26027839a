"""The management system's own routes. The site mounts them under the prefix of its pages
(``/ledningssystem/`` in this project, intranet/urls.py), before Wagtail's catch-all, so a
governed document's permanent address reads like a page of the system:
``/ledningssystem/styrdokument/<key>/``.

A page of the tree whose address one of these routes would take is refused when it is saved
(``ledning.pages.check_route_free``), so no page is hidden behind them.

``moved_urlpatterns`` are the addresses the routes had before (under ``/ledningssystemet/``,
documents under ``dokument/``): mounted there, each answers with a permanent redirect to its
route's address now."""

from django.urls import path

from . import views
from .governance import views as governance_views
from .readconfirm import views as readconfirm_views
from .versions import views as version_views

app_name = "ledning"

DOCUMENTS = "styrdokument"

urlpatterns = [
    path(f"{DOCUMENTS}/<slug:key>/", views.document_detail, name="document"),
    path(f"{DOCUMENTS}/<slug:key>/fil/", version_views.current_file, name="document_file"),
    path(
        f"{DOCUMENTS}/<slug:key>/version/<int:number>/",
        version_views.version_detail,
        name="document_version",
    ),
    path(
        f"{DOCUMENTS}/<slug:key>/version/<int:number>/fil/",
        version_views.version_file,
        name="document_version_file",
    ),
    path(
        f"api/{DOCUMENTS}/<slug:key>/versioner/",
        version_views.version_api,
        name="document_versions_api",
    ),
    path("andringar/", governance_views.changes, name="changes"),
    path("bevaka/", governance_views.follow, name="follow"),
    path("forslag/sida/<int:page_id>/", governance_views.propose_for_page, name="propose_page"),
    path(
        "forslag/dokument/<slug:key>/",
        governance_views.propose_for_document,
        name="propose_document",
    ),
    path("laskvittens/<int:request_id>/bekrafta/", readconfirm_views.confirm, name="read_confirm"),
]

# The route each had before the move (documents were under "dokument/").
_MOVED_FROM = {
    "document": "dokument/<slug:key>/",
    "document_file": "dokument/<slug:key>/fil/",
    "document_version": "dokument/<slug:key>/version/<int:number>/",
    "document_version_file": "dokument/<slug:key>/version/<int:number>/fil/",
    "document_versions_api": "api/dokument/<slug:key>/versioner/",
}

moved_urlpatterns = [
    path(_MOVED_FROM.get(pattern.name, str(pattern.pattern)), views.moved, {"to": pattern.name})
    for pattern in urlpatterns
]
