from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("dossiers/", views.dossier_search, name="dossiers"),
    path("api/", views.search_json, name="api"),
    path("autocomplete/", views.autocomplete_json, name="autocomplete"),
]
