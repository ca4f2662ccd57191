"""Publishing the public Wagtail page of a notice (called after commit from tasks.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape

from .exceptions import NoticeIndexMissing
from .models import PublicNotice


def notices_index():
    from cms.models import NoticeIndexPage

    index = NoticeIndexPage.objects.filter(slug="notices").first()
    if index is None:
        raise NoticeIndexMissing()
    return index


def publish_page(*, kind: str, title: str, slug: str, body: str, edition=None, opens_at=None, closes_at=None):
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
        )
    )
    page.save_revision().publish()
    return page


def _notice_body(notice: PublicNotice) -> str:
    edition = notice.edition
    unit = "个工作日" if edition.notice_unit == "working" else "天"
    return (
        f"<p>{escape(edition.program.authority)}组织开展了{escape(edition.title)}评审工作。"
        f"经评审委员会审议，拟授奖名单如下，现予以公示，公示期{edition.notice_length}{unit}，"
        f"至{notice.last_day:%Y年%-m月%-d日}24时（北京时间）止。</p>"
        "<p>对公示对象有异议的，可在公示期内通过本页面以实名方式提出书面异议并附证明材料。"
        "个人须提供真实姓名、身份证号码和联系电话；单位须提供单位名称、统一社会信用代码并上传加盖公章的异议书。"
        "逾期或匿名的异议不予受理。异议人身份信息予以保密。</p>"
        "<p>Objections must be filed under the objector's real name within the notice period, with evidence. "
        "Late or anonymous objections are not accepted; the objector's identity is kept confidential.</p>"
    )


def publish_notice_page(notice_id: int) -> int | None:
    from cms.models import NoticePage

    with transaction.atomic():
        notice = (
            PublicNotice.objects.select_for_update(of=("self",)).select_related("edition__program").get(pk=notice_id)
        )
        if notice.page_id:
            return notice.page_id
        page = publish_page(
            kind=NoticePage.Kind.CANDIDATES,
            title=notice.title,
            slug=f"notice-{notice.pk}",
            body=_notice_body(notice),
            edition=notice.edition,
            opens_at=notice.opens_at,
            closes_at=notice.closes_at,
        )
        notice.page = page
        notice.save(update_fields=["page"])
    return page.pk
