"""Publishing the public Wagtail page of a notice (called after commit from tasks.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape

from workflows import programs
from workflows.programs import Program

from .exceptions import NoticeIndexMissing
from .models import PublicNotice


def notices_index():
    from cms.models import NoticeIndexPage

    index = NoticeIndexPage.objects.filter(slug="notices").first()
    if index is None:
        raise NoticeIndexMissing()
    return index


def next_document_number(year: int) -> str:
    """The next 文号 of the site's notices, 代字〔year〕n号 (GB/T 9704: 六角括号, no leading zeros).

    Call inside a transaction: the settings row is locked so two notices never share a number.
    """
    from wagtail.models import Site

    from cms.models import AuthoritySettings, NoticePage

    site = Site.objects.filter(is_default_site=True).first()
    settings = AuthoritySettings.for_site(site) if site else None
    if settings is None or not settings.notice_number_prefix:
        return ""
    AuthoritySettings.objects.select_for_update().filter(pk=settings.pk).first()
    stem = f"{settings.notice_number_prefix}〔{year}〕"
    taken = NoticePage.objects.filter(document_number__startswith=stem).values_list("document_number", flat=True)
    numbers = [int(n[len(stem) : -1]) for n in taken if n.endswith("号") and n[len(stem) : -1].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1}号"


def publish_page(
    *, kind: str, title: str, slug: str, body: str, edition=None, opens_at=None, closes_at=None, document_number=""
):
    """Create and publish a NoticePage under the notices section; returns the page."""
    from cms.models import NoticePage

    index = notices_index()
    existing = NoticePage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = index.add_child(
        instance=NoticePage(
            title=title,
            slug=slug,
            kind=kind,
            edition=edition,
            opens_at=opens_at,
            closes_at=closes_at,
            body=body,
            document_number=document_number,
        )
    )
    page.save_revision().publish()
    from .tasks import issue_sealed_notice_pdf

    # Sealed like a certificate, after commit and on the worker (docs/electronic-seal.md).
    transaction.on_commit(lambda: issue_sealed_notice_pdf.delay(page.pk))
    return page


def _notice_body(notice: PublicNotice) -> str:
    edition = notice.edition
    unit = "个工作日" if edition.notice_unit == "working" else "天"
    return f"<p>{escape(edition.program.authority)}组织开展了{escape(edition.title)}评审工作。经评审委员会审议，{notice_subject(edition)}如下，现予以公示，公示期{edition.notice_length}{unit}，至{notice.last_day:%Y年%-m月%-d日}24时（北京时间）止。</p><p>对公示对象有异议的，可在公示期内通过本页面以实名方式提出书面异议并附证明材料。个人须提供真实姓名、身份证号码和联系电话；单位须提供单位名称、统一社会信用代码并上传加盖公章的异议书。逾期或匿名的异议不予受理。异议人身份信息予以保密。</p>"


def _registration(edition):
    """The program that runs the edition, or the Program class itself, whose attributes are the defaults."""
    return programs.program_for_edition(edition) or Program


def page_kind(edition) -> str:
    """The notice's kind as its tag reads (an award's 拟授奖公示 by default): its program says which."""
    return _registration(edition).notice_page_kind


def notice_subject(edition) -> str:
    """What the edition's notices notice (拟授奖名单, 验收结果…), as its program registered it."""
    return _registration(edition).notice_subject


def publish_notice_page(notice_id: int) -> int | None:

    with transaction.atomic():
        notice = (
            PublicNotice.objects.select_for_update(of=("self",)).select_related("edition__program").get(pk=notice_id)
        )
        if notice.page_id:
            return notice.page_id
        page = publish_page(
            kind=page_kind(notice.edition),
            title=notice.title,
            slug=f"notice-{notice.pk}",
            body=_notice_body(notice),
            edition=notice.edition,
            opens_at=notice.opens_at,
            closes_at=notice.closes_at,
            document_number=next_document_number(notice.opens_at.year),
        )
        notice.page = page
        notice.save(update_fields=["page"])
    return page.pk
