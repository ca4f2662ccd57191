from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("checkpoints/", views.audit_checkpoints, name="checkpoints"),
]
