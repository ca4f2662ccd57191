"""Routes under /review/ (namespace "review")."""

from django.urls import path

from . import summary_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("a/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("a/<int:assignment_id>/score/", views.score, name="score"),
    path("a/<int:assignment_id>/dossier/", views.dossier, name="dossier"),
    path("a/<int:assignment_id>/dossier/documents/<int:document_id>/", views.dossier_document, name="dossier_document"),
    path("a/<int:assignment_id>/panel/", views.panel_scores, name="panel_scores"),
    path("a/<int:assignment_id>/amend/", views.amend, name="amend"),
    path("a/<int:assignment_id>/consensus/", views.consensus, name="consensus"),
    path("a/<int:assignment_id>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path("a/<int:assignment_id>/summary/", summary_views.summary, name="summary"),
    path("profile/", views.my_profile, name="profile"),
    path("staff/panel/<int:panel_id>/conflicts/", views.staff_conflicts, name="staff_conflicts"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/remind/", views.staff_remind, name="staff_remind"),
    path("staff/pool/", views.staff_pool, name="staff_pool"),
    path("staff/pool/import/", views.staff_pool_import, name="staff_pool_import"),
    path("staff/pool/template.<str:fmt>", views.staff_pool_template, name="staff_pool_template"),
    path("staff/pool/export.<str:fmt>", views.staff_pool_export, name="staff_pool_export"),
    path("staff/pool/<int:user_id>/resend/", views.staff_pool_resend, name="staff_pool_resend"),
    path("invitation/<str:uidb64>/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("staff/panel/new/", views.staff_create_panel, name="staff_create_panel"),
    path("staff/panel/<int:panel_id>/", views.staff_panel, name="staff_panel"),
    path("staff/edition/<int:edition_id>/ranking/", views.ranking, name="ranking"),
    path(
        "staff/edition/<int:edition_id>/ballot/<int:content_type_id>/<int:object_id>/",
        views.ballot,
        name="ballot",
    ),
    path("staff/edition/<int:edition_id>/exports/", views.export_jobs, name="export_jobs"),
    path("staff/exports/<int:job_id>/", views.export_job, name="export_job"),
    path("staff/exports/<int:job_id>/download/", views.export_download, name="export_download"),
    path("staff/edition/<int:edition_id>/results/", views.staff_results, name="staff_results"),
    path("staff/edition/<int:edition_id>/feedback/", summary_views.staff_feedback, name="staff_feedback"),
    path(
        "staff/edition/<int:edition_id>/feedback/<int:content_type_id>/<int:object_id>.pdf",
        summary_views.staff_feedback_preview,
        name="staff_feedback_preview",
    ),
    path("feedback/<int:content_type_id>/<int:object_id>.pdf", summary_views.feedback_report, name="feedback_report"),
    path("staff/amendment/<int:request_id>/", views.decide_amendment, name="decide_amendment"),
]
