from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("公开网站")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from config.page_cache import invalidate_public_pages
        from workflows.eligibility.models import EligibilityRule
        from workflows.models import Edition
        from workflows.programs import programs

        from .models import AuthoritySettings

        # What anonymous visitors see changed: no cached copy may outlive it (config/page_cache.py).
        for signal, sender in (
            (page_published, None),
            (page_unpublished, None),
            (post_page_move, None),
            (post_delete, Page),
            (post_save, PageViewRestriction),
            (post_delete, PageViewRestriction),
            (post_save, AuthoritySettings),
            (post_delete, AuthoritySettings),
            # Pages are found through their site (cms/memo.py remembers the site rows).
            (post_save, Site),
            (post_delete, Site),
            # Call pages print the edition's rules (docs/call-pages.md): a changed rule shows at once.
            (post_save, Edition),
            (post_save, EligibilityRule),
            (post_delete, EligibilityRule),
            # ... and so does each program's per-edition rules (its registration's call_rules_models;
            # the program apps sit before cms in INSTALLED_APPS, so they have registered by now).
            *((post_save, model) for program in programs() for model in program.call_rules_models),
        ):
            signal.connect(
                invalidate_public_pages, sender=sender, weak=False, dispatch_uid=f"page-cache:{signal!r}:{sender}"
            )
