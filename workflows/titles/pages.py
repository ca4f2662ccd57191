"""The public revocation notice (撤销公告), published after commit."""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape

from workflows.notices.pages import publish_page
from workflows.programs import program_for_edition

from .models import Revocation


def _is_demonstration(title) -> bool:
    """Revoking a demonstration status is a delisting (摘牌), not an award taken back (its registration says which)."""
    program = program_for_edition(title.edition)
    return bool(program and program.titles_are_demonstrations)


def _award_text(revocation) -> tuple[str, str]:
    title = revocation.title
    body = f"<p>经{escape(revocation.authority)}决定（{escape(revocation.document_no)}，{revocation.decided_on:%Y年%-m月%-d日}），撤销{escape(title.holder_name)}“{escape(title.edition.title)}{escape(title.tier_label)}”称号，收回证书（编号 {escape(title.certificate.serial_no)}）和奖牌，追回奖金。撤销事由：{escape(revocation.get_trigger_display())}。{escape(revocation.reason)}</p>"
    return f"关于撤销{title.holder_name}{title.edition.title}称号的公告", body


def _delisting_text(revocation) -> tuple[str, str]:
    """摘牌: the demonstration status is withdrawn and the plaque and certificate are taken back."""
    title = revocation.title
    # The zone (or city) itself is what is delisted; the holder is its creating body.
    subject = str(title.dossier or title.holder_name)
    body = f"<p>经{escape(revocation.authority)}决定（{escape(revocation.document_no)}，{revocation.decided_on:%Y年%-m月%-d日}），对{escape(subject)}（创建主体：{escape(title.holder_name)}）予以摘牌，撤销其“{escape(title.edition.title)}”示范称号，示范期终止，收回牌匾和证书（编号 {escape(title.certificate.serial_no)}）。摘牌事由：{escape(revocation.get_trigger_display())}。{escape(revocation.reason)}</p>"
    return f"关于对{subject}予以摘牌的公告", body


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
        heading, body = (_delisting_text if _is_demonstration(title) else _award_text)(revocation)
        page = publish_page(
            kind=NoticePage.Kind.REVOCATION,
            title=heading,
            slug=f"revocation-{revocation.pk}",
            body=body,
            edition=title.edition,
        )
        revocation.notice_page = page
        revocation.save(update_fields=["notice_page"])
    return page.pk
