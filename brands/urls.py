from django.urls import path

from . import views

app_name = "brands"
urlpatterns = [
    path("", views.zone_directory, name="directory"),
    path("<int:pk>/", views.zone_profile, name="profile"),
    # the creating body
    path("mine/", views.my_zones, name="mine"),
    path("mine/new/<int:edition_pk>/", views.new_zone, name="new"),
    path("mine/<int:pk>/", views.zone_workspace, name="workspace"),
    path("mine/<int:pk>/documents/<int:doc_pk>/", views.zone_document, name="document"),
    path("mine/<int:pk>/edit/", views.edit_zone, name="edit"),
    path("mine/<int:pk>/figures/", views.record_zone_figures, name="record_figures"),
    path("mine/<int:pk>/submit/", views.submit_zone, name="submit"),
    path("mine/<int:pk>/withdraw/", views.withdraw_zone, name="withdraw"),
    path("mine/<int:pk>/report/", views.file_zone_report, name="file_report"),
    path("mine/<int:pk>/extension/", views.request_zone_extension, name="request_extension"),
    path("mine/<int:pk>/acceptance/", views.apply_zone_acceptance, name="apply_acceptance"),
    # the provincial recommender
    path("recommender/", views.recommender_zones, name="recommender_zones"),
    path("recommender/<int:pk>/", views.recommender_zone, name="recommender_zone"),
    path("recommender/<int:pk>/decide/", views.recommender_decide, name="recommender_decide"),
    # the secretariat
    path("staff/", views.staff_zones, name="staff_list"),
    path("staff/bulk/", views.staff_zones_bulk, name="staff_bulk"),
    path("staff/<int:pk>/", views.staff_zone, name="staff_zone"),
    path("staff/<int:pk>/documents/<int:doc_pk>/", views.staff_zone_document, name="staff_document"),
    path("staff/<int:pk>/action/", views.staff_zone_action, name="staff_action"),
]
