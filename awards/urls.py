from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("apply/<int:edition_pk>/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/upload/", views.upload, name="upload"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/documents/<int:doc_pk>/", views.download, name="document"),
    path("applications/<int:pk>/feedback.pdf", views.feedback_report, name="feedback_report"),
    path("applications/<int:pk>/avoidance/", views.avoidance, name="avoidance"),
    path("applications/<int:pk>/preliminary-review/", views.preliminary_review, name="preliminary_review"),
    path("applications/<int:pk>/decision/", views.recommender_decision, name="recommender_decision"),
    path("applications/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("applications/<int:pk>/qualification/", views.qualification, name="qualification"),
    path("recommender/", views.recommender_queue, name="recommender_queue"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/bulk/", views.staff_bulk, name="staff_bulk"),
]
