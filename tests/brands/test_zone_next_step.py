"""What happens next on the zone's status page, and the holder's certificate from "my zones" (issue 18:
"the applicant's status page shows the next step, who acts, and the deadline; certificate links on the
holder's pages" — for zones as for awards)."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from brands.models import State
from brands.selectors import zone_next_step
from tests.factories import applicant_for

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures, zone_in_state

pytestmark = pytest.mark.django_db


def test_a_draft_says_submit_by_the_calls_close_and_links_the_edit_page(client):
    zone = ZoneFactory(edition=ZoneRulesFactory().edition, organization=CreatingBodyFactory(region_code="370281"))
    figures(zone, 2025)
    client.force_login(applicant_for(zone.organization))

    step = zone_next_step(zone)
    page = html.unescape(client.get(reverse("brands:workspace", args=[zone.pk])).content.decode())

    assert (step.step, step.who, step.deadline, step.action_url) == (
        "提交申请",
        "创建主体（贵单位）",
        zone.edition.closes_at,
        reverse("brands:edit", args=[zone.pk]),
    )
    assert 'id="next-step"' in page and "补齐“提交前还需完成”所列内容后提交申请。" in page


def test_the_province_acts_after_submission():
    step = zone_next_step(zone_in_state(State.APPLIED))

    assert (step.step, step.who, step.deadline) == ("省级审核推荐", "省级市场监管部门", None)


def test_during_creation_the_deadline_is_the_creation_deadline():
    zone = zone_in_state(State.UNDER_CREATION)
    zone.creation_deadline = timezone.now() + dt.timedelta(days=400)

    step = zone_next_step(zone)

    assert (step.who, step.deadline) == ("创建主体（贵单位）", zone.creation_deadline)
    assert step.todo == "按年度提交筹建进展报告；筹建完成后在本页申请验收。"


def test_a_withdrawn_zone_is_finished():
    assert zone_next_step(zone_in_state(State.WITHDRAWN)).finished is True


def test_my_zones_links_the_holders_certificate(client):
    from tests.titles.factories import awarded_title

    title = awarded_title("胶州湾示范区管理委员会")
    officer = applicant_for(CreatingBodyFactory(region_code="370281"))
    Membership.objects.create(user=officer, organization=title.organization)
    client.force_login(officer)

    page = client.get(reverse("brands:mine")).content.decode()

    assert 'id="my-titles"' in page
    assert reverse("titles:verify_certificate", args=[title.certificate.serial_no]) in page
