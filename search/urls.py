from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="search"),
    path("api/sok/", views.search_api, name="api"),
    path("api/sok/autocomplete/", views.autocomplete_api, name="autocomplete"),
]
