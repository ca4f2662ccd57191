from django.urls import path

from workflows.surveys.urls import survey_urlpatterns

from . import views

app_name = "cities"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.profile, name="profile"),
    # the city government
    path("mine/", views.my_cities, name="mine"),
    path("mine/new/<int:edition_pk>/", views.new_city, name="new"),
    path("mine/<int:pk>/", views.workspace, name="workspace"),
    path("mine/<int:pk>/edit/", views.edit_city, name="edit"),
    path("mine/<int:pk>/figures/", views.record_figures, name="record_figures"),
    path("mine/<int:pk>/submit/", views.submit_city, name="submit"),
    path("mine/<int:pk>/action/", views.city_action, name="city_action"),
    path("mine/<int:pk>/plan/", views.add_plan_item, name="add_plan_item"),
    path("mine/<int:pk>/plan/<int:item_pk>/remove/", views.remove_plan_item, name="remove_plan_item"),
    path("mine/<int:pk>/plan/submit/", views.submit_plan, name="submit_plan"),
    path("mine/<int:pk>/progress/", views.submit_progress, name="submit_progress"),
    path("mine/<int:pk>/acceptance/", views.apply_acceptance, name="apply_acceptance"),
    path("<int:pk>/progress/<int:report_pk>/document/", views.progress_document, name="progress_document"),
    # the provincial leading group
    path("province/", views.recommender_list, name="recommender_list"),
    path("province/<int:pk>/", views.recommender_city, name="recommender_city"),
    # the secretariat
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/bulk/", views.staff_bulk, name="staff_bulk"),
    path("staff/<int:pk>/", views.staff_city, name="staff_city"),
    path("staff/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("staff/<int:pk>/progress/<int:report_pk>/", views.decide_progress, name="decide_progress"),
]
# 市民质量满意度测评: the engine's survey pages in this namespace (docs/surveys.md)
urlpatterns += survey_urlpatterns("cities", case="city")
