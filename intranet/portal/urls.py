from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .accessibility import views as accessibility_views

app_name = "portal"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tillganglighet/", accessibility_views.statement, name="accessibility"),
    path(
        "tillganglighet/synpunkter/",
        accessibility_views.feedback,
        name="accessibility_feedback",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
]
