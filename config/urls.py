from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("portal/", include("awards.urls")),
    path("review/", include("workflows.review.urls")),
    path("objections/", include("workflows.notices.urls")),
    path("titles/", include("workflows.titles.urls")),
    path("zones/", include("brands.urls")),
    path("cities/", include("cities.urls")),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("audit/", include("workflows.urls")),
    path("eligibility/", include("workflows.eligibility.urls")),
    path("desks/filters/", include("workflows.saved_filters.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the CMS's public images; applicants' documents go through permission-checked views.
    for folder in ("images", "original_images"):
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder)

# Wagtail's URLs, its page view finding pages in fewer queries (cms/routing.py).
urlpatterns += [path("", include("cms.routing"))]
