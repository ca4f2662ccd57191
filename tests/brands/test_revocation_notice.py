"""The delisting (摘牌) notice of a zone reads as a delisting, not as an award taken back."""

import datetime as dt

import pytest
import time_machine

import cms.demo
from brands import services
from brands.models import State, Zone
from cms.models import NoticePage
from tests.titles.factories import awarded_title
from workflows.notices.services import close_public_notice
from workflows.titles.models import Revocation
from workflows.titles.services import revoke_title
from workflows.workdays import SHANGHAI

from .factories import ZoneFactory

pytestmark = pytest.mark.django_db


def recognized_zone(secretariat):
    zone = ZoneFactory(name="青岛西海岸家电示范区")
    Zone.objects.filter(pk=zone.pk).update(state=State.PROPOSED)
    zone.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = services.put_on_public_notice([zone], actor=secretariat)
    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        close_public_notice(notice, actor=secretariat)
        services.recognize_zone(zone, actor=secretariat, document_no="国市监质发〔2026〕30号")
    return zone


def test_a_zone_revocation_publishes_a_delisting_notice(secretariat, django_capture_on_commit_callbacks):
    cms.demo.seed()
    zone = recognized_zone(secretariat)
    holder = services.zone_title(zone).holder_name

    with (
        time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.revoke_zone(
            zone,
            actor=secretariat,
            reason="发生重大质量安全事故。",
            trigger=Revocation.Trigger.MAJOR_INCIDENT,
            authority="国家市场监督管理总局",
            document_no="国市监质发〔2026〕99号",
        )

    page = NoticePage.objects.get(pk=services.zone_title(zone).revocation.notice_page_id)
    assert page.title == "关于对青岛西海岸家电示范区予以摘牌的公告"
    assert (
        f"对青岛西海岸家电示范区（创建主体：{holder}）予以摘牌，撤销其“{zone.edition.title}”示范称号，示范期终止"
        in page.body
    )
    assert "国市监质发〔2026〕99号" in page.body and "delisted" not in page.body  # the notice is page content in the site's language
    assert ("奖金" in page.body, "获奖" in page.body, "The title awarded" in page.body) == (False, False, False)


def test_an_award_revocation_keeps_the_award_wording(secretariat, django_capture_on_commit_callbacks):
    title = awarded_title("青岛海岳精密制造有限公司")

    with django_capture_on_commit_callbacks(execute=True):
        revocation = revoke_title(
            title,
            trigger=Revocation.Trigger.FRAUD,
            reason="伪造检测报告。",
            authority="青岛市人民政府",
            document_no="青政字〔2026〕1号",
            decided_on=dt.date(2026, 3, 2),
            actor=secretariat,
        )

    revocation.refresh_from_db()
    page = NoticePage.objects.get(pk=revocation.notice_page_id)
    assert page.title == f"关于撤销青岛海岳精密制造有限公司{title.edition.title}称号的公告"
    assert ("追回奖金" in page.body, "摘牌" in page.body) == (True, False)
