from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "workflows.notices"
    label = "notices"
    verbose_name = _("公示与异议")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from cms.models import NoticePage

        # A notice page staff write and publish by hand in the CMS is sealed like the workflow's own
        # (docs/electronic-seal.md); the workflow's pages ask for it themselves, and issuing is idempotent.
        page_published.connect(_seal_published_notice, sender=NoticePage, weak=False, dispatch_uid="seal-notice-page")


def _seal_published_notice(sender, instance, **kwargs) -> None:
    from django.db import transaction

    from .tasks import issue_sealed_notice_pdf

    page_id = instance.pk
    transaction.on_commit(lambda: issue_sealed_notice_pdf.delay(page_id))
