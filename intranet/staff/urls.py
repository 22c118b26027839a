from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("min-sida/", views.min_sida, name="min_sida"),
    path("min-sida/arbetsplatser/", views.save_workplaces, name="workplaces"),
    path("min-sida/genvagar/verktyg/", views.add_tool, name="add_tool"),
    path("min-sida/genvagar/lank/", views.add_link, name="add_link"),
    path("min-sida/genvagar/flytta/", views.move_shortcut, name="move_shortcut"),
    path("min-sida/genvagar/ta-bort/", views.remove_shortcut, name="remove_shortcut"),
    path("min-sida/genvagar/aterstall/", views.reset_shortcuts, name="reset_shortcuts"),
    path("min-sida/aviseringar/", views.save_notifications, name="notifications"),
    path("min-sida/bokmarken/ta-bort/", views.remove_bookmark, name="remove_bookmark"),
    path("bokmarken/", views.toggle_bookmark, name="toggle_bookmark"),
]
