from django.urls import path

from . import views

app_name = "saved_filters"
urlpatterns = [
    path("", views.save, name="save"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
