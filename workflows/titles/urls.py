from django.urls import path

from . import views

app_name = "titles"
urlpatterns = [
    path("winners/", views.winners, name="winners"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:serial_no>/", views.verify_certificate, name="verify_certificate"),
    path("api/verify/<str:serial_no>/", views.verify_certificate_json, name="verify_certificate_json"),
    path("certificates/<str:serial_no>/pdf/", views.download_certificate, name="download_certificate"),
    path("staff/", views.staff_titles, name="staff_titles"),
    path("staff/reviews/", views.staff_reviews, name="staff_reviews"),
    path("staff/reviews/<int:review_id>/", views.staff_review_action, name="staff_review_action"),
    path("staff/<int:title_id>/restore/", views.staff_restore, name="staff_restore"),
    path("staff/revocations/", views.staff_revocations, name="staff_revocations"),
    path("staff/<int:title_id>/revoke/", views.staff_revoke, name="staff_revoke"),
    path("staff/recovery/<int:task_id>/complete/", views.staff_complete_recovery, name="staff_complete_recovery"),
]
