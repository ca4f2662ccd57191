"""Chromium: the award desk and the zone desk show the buttons declared on the transitions
(workflows/desks.py) and each button moves the case through its service."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from awards.models import AwardApplication
from brands.models import ExtensionRequest, State, Zone
from tests.brands.factories import zone_in_state
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.models import TransitionLog

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shoot(page, artifacts_dir, name):
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def buttons(page, panel):
    return page.locator(f"{panel} button[name=action]").all_inner_texts()


def test_the_award_desk_advances_a_case_and_eliminates_it_with_a_reason(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = EditionFactory(has_defence=False, has_site_review=False)
    application = AwardApplicationFactory(edition=edition, state="material_review")
    login_as(page, live_server, UserFactory(roles=[Role.SECRETARIAT]))
    url = f"{live_server.url}/portal/applications/{application.pk}/"

    page.goto(url)
    offered_in_material_review = buttons(page, "#staff-panel")
    page.click("#staff-panel button[value=advance_from_material_review]")
    page.wait_for_load_state()
    state_after_advance = page.locator("#status").inner_text()
    offered_in_evaluation = buttons(page, "#staff-panel")
    page.fill("#staff-panel form:has(button[value=eliminate]) [name=reason]", "综合评价得分未达推荐线")
    shoot(page, artifacts_dir, "desk-award-before-eliminate")
    page.click("#staff-panel button[value=eliminate]")
    page.wait_for_load_state()

    assert offered_in_material_review == [
        "进入下一评审阶段",
        "淘汰",
        "取消资格",
    ]
    assert (state_after_advance, offered_in_evaluation) == (
        "综合评价",
        ["提交评审委员会审议", "淘汰", "取消资格"],
    )
    application = AwardApplication.objects.get(pk=application.pk)
    assert (application.state, page.locator("#status").inner_text(), buttons(page, "#staff-panel")) == (
        "eliminated",
        "未入选",
        [],
    )
    assert TransitionLog.objects.filter(object_id=str(application.pk), transition="eliminate").get().reason == (
        "综合评价得分未达推荐线"
    )
    shoot(page, artifacts_dir, "desk-award-eliminated")


def test_the_zone_desk_decides_an_extension_and_passes_a_precheck(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    building = zone_in_state(State.UNDER_CREATION, name="胶州湾家电示范区")
    deadline = timezone.now() + dt.timedelta(days=40)
    Zone.objects.filter(pk=building.pk).update(creation_deadline=deadline)
    ExtensionRequest.objects.create(zone=building, reason="园区二期建设延后", requested_by=building.created_by)
    checking = zone_in_state(State.ACCEPTANCE_PRECHECK, name="黄岛纺织示范区")
    login_as(page, live_server, UserFactory(roles=[Role.SECRETARIAT]))

    # The extension request: offered only while it waits (the transition's condition).
    page.goto(f"{live_server.url}/zones/staff/{building.pk}/")
    offered_while_pending = buttons(page, "#staff-actions")
    page.check("#action-decide_extension [name=grant][value=yes]")
    page.fill("#action-decide_extension [name=note]", "同意延期六个月")
    shoot(page, artifacts_dir, "desk-zone-extension")
    page.click("#action-decide_extension button[value=decide_extension]")
    page.wait_for_load_state()
    offered_after_decision = buttons(page, "#staff-actions")

    # The pre-check: a button whose posted name differs from its transition's, then the two
    # buttons of the expert assessment.
    page.goto(f"{live_server.url}/zones/staff/{checking.pk}/")
    offered_in_precheck = buttons(page, "#staff-actions")
    page.click("#action-pass_precheck button[value=pass_precheck]")
    page.wait_for_load_state()
    shoot(page, artifacts_dir, "desk-zone-expert-assessment")

    assert (offered_while_pending, offered_after_decision) == (["决定延期申请"], [])
    building.refresh_from_db()
    assert (building.extension_request.decision, building.creation_deadline > deadline) == (
        ExtensionRequest.Decision.GRANTED,
        True,
    )
    assert offered_in_precheck == [
        "预审通过，进入专家评估",
        "退回整改",
    ]
    assert (page.locator("#zone-state").inner_text(), buttons(page, "#staff-actions")) == (
        "专家评估",
        ["组建专家组", "汇总评估结论"],
    )


def test_the_title_desk_restores_a_rectified_title_and_revokes_another(live_server, page, artifacts_dir, settings):
    from tests.notices.factories import secretariat_user
    from tests.titles.factories import awarded_title
    from workflows.titles.models import Title

    settings.OTP_REQUIRED_FOR_STAFF = False
    staff = secretariat_user()
    rectifying = awarded_title("整改中精密制造有限公司", staff=staff)
    Title.objects.filter(pk=rectifying.pk).update(state="rectification")
    active = awarded_title("在用称号电子有限公司", staff=staff)
    login_as(page, live_server, staff)

    page.goto(f"{live_server.url}/titles/staff/")
    row = page.locator("tr.title-row", has_text="整改中精密制造有限公司")
    offered_while_rectifying = row.locator(".desk-actions .button").all_inner_texts()
    shoot(page, artifacts_dir, "desk-titles")
    row.locator("button[type=submit]", has_text="恢复").click()
    page.wait_for_load_state()
    offered_after_restore = (
        page.locator("tr.title-row", has_text="整改中精密制造有限公司")
        .locator(".desk-actions .button")
        .all_inner_texts()
    )

    page.locator("tr.title-row", has_text="在用称号电子有限公司").get_by_role("link", name="撤销").click()
    page.wait_for_load_state()
    page.select_option("[name=trigger]", "major_incident")
    page.fill("[name=reason]", "发生重大质量安全事故")
    page.fill("[name=authority]", "青岛市人民政府")
    page.fill("[name=document_no]", "青政字〔2026〕9号")
    page.fill("[name=decided_on]", "2026-03-02")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    assert offered_while_rectifying == ["恢复", "撤销"]
    assert offered_after_restore == ["撤销"]
    assert Title.objects.get(pk=rectifying.pk).state == "active"
    assert Title.objects.get(pk=active.pk).state == "revoked"
    page.goto(f"{live_server.url}/titles/staff/")
    assert page.locator("tr.title-row", has_text="在用称号电子有限公司").locator(".desk-actions .button").count() == 0
    shoot(page, artifacts_dir, "desk-titles-after")


def test_the_notice_desk_offers_the_approval_only_after_the_notice_closed(live_server, page, artifacts_dir, settings):
    import time_machine

    from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user
    from workflows.notices.models import PublicNotice
    from workflows.workdays import SHANGHAI

    settings.OTP_REQUIRED_FOR_STAFF = False
    staff = secretariat_user()
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate], actor=staff)
    login_as(page, live_server, staff)
    url = f"{live_server.url}/objections/staff/notice/{notice.pk}/"

    page.goto(url)
    forms_on_notice = page.locator("form.approval").count()
    shoot(page, artifacts_dir, "desk-notice-open")
    page.click("main form[action$='/close/'] button")
    page.wait_for_load_state()
    forms_after_close = page.locator("form.approval").count()
    shoot(page, artifacts_dir, "desk-notice-closed")

    assert forms_on_notice == 0
    assert PublicNotice.objects.get(pk=notice.pk).status != "open"
    assert forms_after_close == 1
    assert page.locator("main form[action$='/close/']").count() == 0
