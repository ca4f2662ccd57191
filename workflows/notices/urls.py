from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notice/<int:notice_id>/", views.file_objection, name="file_objection"),
    # The sealed PDF of a published notice page (公示, 公告, 撤销公告): public like the page.
    path("pages/<int:page_id>/sealed.pdf", views.sealed_notice_pdf, name="sealed_pdf"),
    path("receipt/<str:receipt_no>/", views.receipt, name="receipt"),
    path("mine/", views.my_objections, name="my_objections"),
    path("staff/", views.staff_desk, name="staff_desk"),
    path("staff/open/<int:edition_id>/", views.staff_open_notice, name="staff_open_notice"),
    path("staff/notice/<int:notice_id>/", views.staff_notice, name="staff_notice"),
    path("staff/notice/<int:notice_id>/close/", views.staff_close_notice, name="staff_close_notice"),
    path("staff/candidate/<int:line_id>/approval/", views.staff_record_approval, name="staff_record_approval"),
    path("staff/objection/<int:objection_id>/", views.staff_objection, name="staff_objection"),
    path("staff/file/<int:file_id>/", views.staff_objection_file, name="staff_objection_file"),
]
