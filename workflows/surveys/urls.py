"""The survey's pages, included by a program that attaches it into its own URL namespace:
`urlpatterns += survey_urlpatterns("cities", case="city")` in cities/urls.py gives `cities:survey` etc.;
`case` is the path segment of the staff's page of one case (its program's word for it)."""

from django.urls import path

from . import views


def survey_urlpatterns(program: str, *, case: str = "case") -> list:
    kw = {"program": program}
    return [
        path("survey/<int:pk>/", views.public_survey, kw, name="survey"),
        path("survey/<int:pk>/code/", views.survey_code, kw, name="survey_code"),
        path("survey/<int:pk>/results/", views.public_results, kw, name="survey_results"),
        path("mine/<int:pk>/survey/", views.member_results, kw, name="survey_member_results"),
        path("staff/survey/", views.staff_home, kw, name="survey_staff_home"),
        path("staff/survey/edition/<int:edition_pk>/", views.questionnaire, kw, name="survey_questionnaire"),
        path(f"staff/survey/{case}/<int:pk>/", views.staff_case, kw, name="survey_staff_case"),
    ]
