from django.urls import path

from . import views
from .governance import views as governance_views
from .readconfirm import views as readconfirm_views

app_name = "ledning"

urlpatterns = [
    path("dokument/<slug:key>/", views.document_detail, name="document"),
    path("andringar/", governance_views.changes, name="changes"),
    path("bevaka/", governance_views.follow, name="follow"),
    path("forslag/sida/<int:page_id>/", governance_views.propose_for_page, name="propose_page"),
    path(
        "forslag/dokument/<slug:key>/",
        governance_views.propose_for_document,
        name="propose_document",
    ),
    path(
        "laskvittens/<int:request_id>/bekrafta/", readconfirm_views.confirm, name="read_confirm"
    ),
]
