from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("<slug:program_key>/<int:pk>/credit-screening/", views.credit_screen, name="credit_screen"),
    path(
        "<slug:program_key>/<int:pk>/credit-screening/<int:check_id>/decision/",
        views.credit_decide,
        name="credit_decide",
    ),
]
