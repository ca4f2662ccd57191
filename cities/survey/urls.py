"""The survey's URLs, added to cities/urls.py (names under the `cities:` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("survey/<int:pk>/", views.public_survey, name="survey"),
    path("survey/<int:pk>/code/", views.survey_code, name="survey_code"),
    path("survey/<int:pk>/results/", views.public_results, name="survey_results"),
    path("mine/<int:pk>/survey/", views.city_results, name="survey_city_results"),
    path("staff/survey/", views.staff_home, name="survey_staff_home"),
    path("staff/survey/edition/<int:edition_pk>/", views.questionnaire, name="survey_questionnaire"),
    path("staff/survey/city/<int:pk>/", views.staff_city, name="survey_staff_city"),
]
