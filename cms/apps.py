from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("公开网站")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from config.page_cache import invalidate_public_pages

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
        ):
            signal.connect(
                invalidate_public_pages, sender=sender, weak=False, dispatch_uid=f"page-cache:{signal!r}:{sender}"
            )
