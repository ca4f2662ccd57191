"""The public revocation notice (撤销公告), published after commit."""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape

from workflows.notices.pages import publish_page

from .models import Revocation


def publish_revocation_notice(revocation_id: int) -> int:
    from cms.models import NoticePage

    with transaction.atomic():
        revocation = (
            Revocation.objects.select_for_update(of=("self",))
            .select_related("title__edition__program", "title__certificate")
            .get(pk=revocation_id)
        )
        if revocation.notice_page_id:
            return revocation.notice_page_id
        title = revocation.title
        body = (
            f"<p>经{escape(revocation.authority)}决定（{escape(revocation.document_no)}，"
            f"{revocation.decided_on:%Y年%-m月%-d日}），撤销{escape(title.holder_name)}"
            f"“{escape(title.edition.title)}{escape(title.tier_label)}”称号，收回证书（编号 {escape(title.certificate.serial_no)}）"
            f"和奖牌，追回奖金。撤销事由：{escape(revocation.get_trigger_display())}。{escape(revocation.reason)}</p>"
            f"<p>The title awarded to {escape(title.holder_name)} has been revoked "
            f"(decision {escape(revocation.document_no)}, {revocation.decided_on:%Y-%m-%d}).</p>"
        )
        page = publish_page(
            kind=NoticePage.Kind.REVOCATION,
            title=f"关于撤销{title.holder_name}{title.edition.title}称号的公告",
            slug=f"revocation-{revocation.pk}",
            body=body,
            edition=title.edition,
        )
        revocation.notice_page = page
        revocation.save(update_fields=["notice_page"])
    return page.pk
