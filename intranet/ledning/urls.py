from django.urls import path

from . import views

app_name = "ledning"

urlpatterns = [
    path("dokument/<slug:key>/", views.document_detail, name="document"),
]
