from django.urls import path

from . import views

app_name = "brands"
urlpatterns = [
    path("", views.zone_directory, name="directory"),
    path("<int:pk>/", views.zone_profile, name="profile"),
    path("mine/", views.my_zones, name="mine"),
    path("mine/<int:pk>/", views.zone_workspace, name="workspace"),
    path("mine/<int:pk>/report/", views.file_zone_report, name="file_report"),
    path("mine/<int:pk>/extension/", views.request_zone_extension, name="request_extension"),
    path("mine/<int:pk>/acceptance/", views.apply_zone_acceptance, name="apply_acceptance"),
]
