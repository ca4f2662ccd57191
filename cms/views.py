"""The site's own statement pages (footer links): accessibility, site map, privacy."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.generic import TemplateView

from workflows.retention.selectors import retention_periods


class SitePage(TemplateView):
    """A fixed page; its text is in the template, in the page's language through the catalogue."""


accessibility = SitePage.as_view(template_name="cms/site_accessibility.html")
site_map = SitePage.as_view(template_name="cms/site_map.html")


class PrivacyPage(SitePage):
    """个人信息保护说明: the retention table comes from the same rows `purge_expired` applies."""

    template_name = "cms/site_privacy.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "periods": retention_periods()}


privacy = PrivacyPage.as_view()


def favicon(request):
    """Browsers and chat apps ask for /favicon.ico whatever the page's <link rel="icon"> says.

    The static URL is looked up per request: with hashed static files it exists only after collectstatic.
    """
    return HttpResponsePermanentRedirect(static("favicon.ico"))
