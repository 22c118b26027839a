from django.urls import path

from . import views
from .governance import views as governance_views
from .readconfirm import views as readconfirm_views
from .versions import views as version_views

app_name = "ledning"

urlpatterns = [
    path("dokument/<slug:key>/", views.document_detail, name="document"),
    path("dokument/<slug:key>/fil/", version_views.current_file, name="document_file"),
    path(
        "dokument/<slug:key>/version/<int:number>/",
        version_views.version_detail,
        name="document_version",
    ),
    path(
        "dokument/<slug:key>/version/<int:number>/fil/",
        version_views.version_file,
        name="document_version_file",
    ),
    path(
        "api/dokument/<slug:key>/versioner/",
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
