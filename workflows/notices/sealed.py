"""Notices and revocation notices as sealed PDFs (docs/electronic-seal.md).

Every notice page the workflow publishes (公示, 授奖公告, 撤销公告 and 摘牌公告) is also issued as a PDF
in the layout of an official document, sealed with the bureau's PAdES seal like a certificate, and
stored with the page as its owner. The PDF is what was published at that moment; the page itself
keeps showing the live list (a candidate removed after an objection is marked there).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from workflows.documents.models import Document
from workflows.documents.seal import seal_pdf
from workflows.documents.services import store_document

SLOT = "sealed_pdf"


def sealed_pdf_of(page) -> Document | None:
    """The page's sealed PDF, or None (not issued yet, or a page staff wrote by hand)."""
    return Document.objects.owned_by(page).filter(slot=SLOT, removed_at__isnull=True).order_by("-id").first()


def render_notice_pdf(page) -> bytes:
    from wagtail.models import Site
    from weasyprint import HTML

    from cms.models import AuthoritySettings

    from .selectors import notice_for_page, notice_lines

    notice = notice_for_page(page) if page.kind in page.NOTICE_KINDS else None
    site = Site.objects.filter(is_default_site=True).first()
    site_authority = AuthoritySettings.for_site(site).authority_name if site else ""
    # An official document is in Chinese whatever language the worker runs in (docs/i18n.md).
    with translation.override("zh-hans"):
        html = render_to_string(
            "notices/notice_pdf.html",
            {
                "page": page,
                "authority": (page.edition.program.authority if page.edition else "") or site_authority,
                "lines": notice_lines(notice) if notice else [],
                "published_on": page.first_published_at or page.latest_revision_created_at,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def issue_notice_pdf(page_id: int) -> int | None:
    """Render, seal and store the page's PDF once (idempotent); returns the document id."""
    from cms.models import NoticePage
    from config.page_cache import invalidate_public_pages

    with transaction.atomic():
        # The page row's lock makes a second run wait, then find the first run's PDF.
        page = NoticePage.objects.select_for_update().filter(pk=page_id, live=True).first()
        if page is None:
            return None
        existing = sealed_pdf_of(page)
        if existing is not None:
            return existing.pk
        pdf = seal_pdf(render_notice_pdf(page), reason=str(page.title))
        document = store_document(
            owner=page,
            slot=SLOT,
            uploaded_file=ContentFile(pdf, name=f"notice-{page.pk}.pdf"),
            allowed_types=("application/pdf",),
        )
    invalidate_public_pages()  # the page now links its PDF
    return document.pk
