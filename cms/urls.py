from django.urls import path

from . import views

urlpatterns = [
    path("accessibility/", views.accessibility, name="site_accessibility"),
    path("sitemap/", views.site_map, name="site_map"),
    path("privacy/", views.privacy, name="site_privacy"),
    # Browsers and chat apps ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon),
]
