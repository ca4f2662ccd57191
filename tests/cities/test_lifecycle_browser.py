"""Chromium: one city from its application to its exit (摘牌), through the pages of every role
(docs/cities.md): the city government applies, the province recommends, the secretariat holds the
hearing, the expert scores it and records the consensus, creation is approved, the plan filed and
approved, a yearly report decided, the acceptance applied for and reviewed with the citizens' survey
started from it, citizens answer it, the expert scores the indicators, the acceptance is concluded,
the city goes on public notice, an objector objects, the notice closes, the city is named and later
delisted. Only the clock is moved behind the pages' back (the notice's working days pass, with
time_machine). SMS is mocked: settings.SMS_BACKEND is workflows.notifications.sms.LocmemBackend, which keeps
each message in an outbox the test reads instead of sending it."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from cities.models import City, State
from tests.awards.factories import PDF_BYTES
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from tests.notices.factories import VALID_ID
from workflows.notices.models import PublicNotice
from workflows.notifications import sms
from workflows.review.models import ExpertProfile

from .factories import CityGovernmentFactory, CityRulesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shots(page, artifacts_dir, name: str) -> None:
    """Screenshots at desktop and phone width (looked at); no page may scroll sideways."""
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        page.screenshot(path=str(artifacts_dir / f"cities-lifecycle-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def message(page) -> str:
    return page.locator(".messages").inner_text()


def expert_scores(page, url: str, percentage: str) -> None:
    """The expert opens the assignment from the queue, declares no conflict and submits every item."""
    page.goto(url + "/review/")
    page.click("#review-queue a.button:has-text('评分')")
    if page.locator("text=确认声明").count():  # asked once per dossier: the hearing's assignment
        page.click("text=确认声明")
    for select in page.locator("#score-form select").all():
        select.select_option(percentage)
    for box in page.locator("#score-form textarea[name^=strengths_]").all():
        box.fill("达到要求")
    page.click("button[value=submit]")
    assert "评分已提交并封存" in message(page)


def draw(page, url: str, panel_link: str) -> None:
    page.click(panel_link)
    page.click("main form:has(input[value=draw]) button")
    assert "已完成随机抽取" in message(page)


def test_a_city_from_application_to_delisting_with_its_survey(live_server, page, artifacts_dir, settings, tmp_path):
    import cms.demo

    settings.OTP_REQUIRED_FOR_STAFF = False
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # SMS mocked: codes are read from the outbox
    sms.outbox.clear()
    cms.demo.seed()  # the public site's notices section
    edition = CityRulesFactory(survey_min_responses=2).edition
    government = CityGovernmentFactory(name="青岛市人民政府", region_code="370200")
    officer = applicant_for(government)
    province = UserFactory(roles=[(Role.RECOMMENDER, "370000")])
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    expert = UserFactory(roles=[Role.EXPERT])
    ExpertProfile.objects.create(user=expert, region_code="110108", specialties="", employer_name="质量研究院")
    url = live_server.url
    today = timezone.localdate()
    deadline = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(17, 0)).strftime("%Y-%m-%dT%H:%M")

    # 1. The city government applies with its profile and three years of figures.
    login_as(page, live_server, officer)
    page.goto(url + "/cities/mine/")
    page.click(f"#open-city-editions a[href='/cities/mine/new/{edition.pk}/']")
    page.fill("[name=name]", "青岛市")
    page.select_option("[name=city_type]", "separately_planned")
    page.fill("[name=region_code]", "370200")
    page.fill("[name=summary]", "以质量强市战略推动高质量发展。")
    page.click("#save-city")
    for year in range(edition.year - 3, edition.year):
        page.select_option("#figures-form [name=year]", str(year))
        page.fill("#figures-form [name=gdp_100m]", "14000")
        page.fill("#figures-form [name=pillar_industries]", "家电、轨道交通装备")
        page.fill("#figures-form [name=spot_check_pass_rate]", "96.5")
        page.fill("#figures-form [name=quality_incidents]", "0")
        page.fill("#figures-form [name=famous_brands]", "52")
        page.click("#save-figures")
    page.click("#submit-city")
    assert page.locator("#city-state").inner_text() == "待省级推荐"
    city = City.objects.get()

    # 2. The provincial leading group recommends.
    login_as(page, live_server, province)
    page.goto(url + f"/cities/province/{city.pk}/")
    page.fill("#province-decision [name=reason]", "同意推荐。")
    page.click("#province-decision button[value=recommend]")

    # 3. The secretariat holds the hearing: a panel of one, drawn on the review desk.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.fill("#action-start_hearing [name=deadline]", deadline)
    page.fill("#action-start_hearing [name=size]", "1")
    page.click("#action-start_hearing button[type=submit]")
    assert page.locator("#city-state").inner_text() == "申述答辩"
    draw(page, url, "#hearing-panel-link")

    # 4. The expert scores the four parts and, as the panel's leader, records the consensus.
    login_as(page, live_server, expert)
    expert_scores(page, url, "85")
    page.click("a:has-text('组长合议')")
    for select in page.locator("main form select[name^=pct_]").all():
        select.select_option("85")
    for box in page.locator("main form textarea[name^=rationale_]").all():
        box.fill("陈述清楚，问答充分。")
    page.click("main form button[type=submit]")

    # 5. The secretariat approves the creation; the city files its plan; the secretariat approves it.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    assert "85.00" in page.locator("#hearing-total").inner_text()
    page.fill("#action-approve_creation [name=approval_doc_no]", "国市监质函〔2026〕1号")
    page.click("#action-approve_creation button[type=submit]")
    assert page.locator("#city-state").inner_text() == "批准创建（编制创建方案）"
    # The hearing's result reaches the city once the secretariat releases it (held results, docs/cities.md).
    page.goto(url + f"/review/staff/edition/{city.edition_id}/results/")
    with page.expect_navigation():
        page.locator("#held-results tr[data-stage='hearing'] form.release-stage button[type=submit]").click()
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    assert page.locator("#next-step-what").inner_text() == "编制并提交创建方案"
    page.select_option("#plan-form [name=kind]", "indicator")
    page.fill("#plan-form [name=title]", "产品质量监督抽查合格率")
    page.fill("#plan-form [name=owner_department]", "市市场监管局")
    page.select_option("#plan-form [name=comparator]", "ge")
    page.fill("#plan-form [name=target_value]", "95")
    page.fill("#plan-form [name=unit]", "%")
    page.click("#add-plan-item")
    page.click("#submit-plan")
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#action-approve_plan button[type=submit]")
    assert page.locator("#city-state").inner_text() == "创建期"

    # 6. The first year's report, returned with a reason (emailed to the city), then accepted.
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    indicator = city.plan_items.get()
    page.select_option("#progress-form [name=year]", "1")
    page.fill(f"#progress-form [name=value_{indicator.pk}]", "96.2")
    page.fill("#progress-form [name=narrative]", "第一年按方案推进。")
    pdf = tmp_path / "进展报告.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.locator("#progress-form [name=document]").set_input_files(str(pdf))
    page.click("#submit-progress")
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    assert "进展报告.pdf" in page.locator(".progress-report").first.inner_text()
    page.fill(".progress-decision textarea[name=reason]", "请补充抽查数据来源。")
    page.click(".progress-decision button[value=return]")
    assert "进展报告已退回" in message(page)
    assert any("请补充抽查数据来源。" in m.body and m.to == [officer.email] for m in mail.outbox)
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    page.select_option("#progress-form [name=year]", "1")
    page.fill(f"#progress-form [name=value_{indicator.pk}]", "96.2")
    page.fill("#progress-form [name=narrative]", "第一年按方案推进，抽查数据来自省局通报。")
    page.click("#submit-progress")
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click(".progress-decision button[value=accept]")
    assert "进展报告已通过" in message(page)

    # 7. The secretariat builds the edition's questionnaire and sets the city's district quotas.
    page.goto(url + "/cities/staff/survey/")
    page.click("#edit-questionnaire")
    page.fill("#questionnaire-form [name=title]", "青岛市民质量满意度测评")
    page.click("#questionnaire-form button[type=submit]")
    for name, weight in (("产品质量", "60"), ("服务质量", "40")):
        page.fill("#dimension-form [name=name]", name)
        page.fill("#dimension-form [name=weight]", weight)
        page.click("#dimension-form button[type=submit]")
        page.select_option("#item-form [name=dimension]", label=name)
        page.fill("#item-form [name=text]", f"您对本市{name}的总体满意程度")
        page.click("#item-form button[type=submit]")
    page.click("#open-survey")
    page.goto(url + f"/cities/staff/survey/city/{city.pk}/")
    page.fill("#district-form [name=name]", "市南区")
    page.fill("#district-form [name=quota]", "100")
    page.click("#district-form button[type=submit]")

    # 8. The city applies for acceptance; the secretariat opens the review, and the survey with it.
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    page.fill(f"#acceptance-form [name=value_{indicator.pk}]", "97.5")
    page.fill("#acceptance-form [name=narrative]", "两年创建任务全部完成。")
    page.click("#apply-acceptance")
    assert page.locator("#city-state").inner_text() == "已申请验收"
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    form = page.locator("#action-start_acceptance_review")
    assert form.locator("[name=name]").input_value() == "青岛市考核验收专家组"
    assert form.locator("[name=open_survey]").is_checked()
    form.locator("[name=deadline]").fill(deadline)
    form.locator("[name=size]").fill("1")
    form.locator("button[type=submit]").click()
    assert page.locator("#city-state").inner_text() == "验收评审"
    assert "进行中" in page.locator("#survey-status").inner_text()
    shots(page, artifacts_dir, "acceptance-survey-open")
    draw(page, url, "#acceptance-panel-link")

    # 9. Two citizens find the survey on the city's public profile and answer it (codes by mocked SMS).
    for phone, score in (("13800138001", "5"), ("13800138002", "4")):
        page.context.clear_cookies()
        page.goto(url + f"/cities/{city.pk}/")
        page.click("#profile-survey-link")
        page.fill("#phone-form [name=phone]", phone)
        page.click("#phone-form button[type=submit]")
        page.fill("#answer-form [name=code]", re.search(r"\d{6}", sms.outbox[-1][1]).group())
        page.select_option("#answer-form [name=district]", label="市南区")
        for likert in page.locator("#answer-form fieldset.likert").all():
            likert.locator(f"input[value='{score}']").check()
        if phone.endswith("1"):
            shots(page, artifacts_dir, "public-survey")
        page.click("#answer-form button[type=submit]")
        assert page.locator("#survey-thanks").is_visible()
    page.goto(url + f"/cities/{city.pk}/")
    shots(page, artifacts_dir, "profile-survey-open")

    # 10. The expert scores the indicators; the secretariat finalizes and concludes the acceptance.
    login_as(page, live_server, expert)
    expert_scores(page, url, "90")
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#acceptance-panel-link")
    page.click("main form:has(input[value=finalize]) button")
    page.goto(url + f"/cities/staff/{city.pk}/")
    assert "8.75 / 10" in page.locator("#survey-status-points").inner_text()  # (100 + 75) / 2 of 100
    page.click("#action-propose button[type=submit]")
    assert page.locator("#city-state").inner_text() == "拟命名"
    assert "89.75" in page.locator("#acceptance-total").inner_text()  # 90 × 90 % + 8.75
    assert "已结束" in page.locator("#survey-status").inner_text()
    shots(page, artifacts_dir, "acceptance-concluded")

    # 11. The survey's aggregates wait for the acceptance result (held until released or the notice opens).
    page.context.clear_cookies()
    page.goto(url + f"/cities/{city.pk}/")
    assert page.locator("#profile-survey-results-link").count() == 0

    # 12. Public notice (it releases the held result, and the profile links to the survey's aggregates);
    # an objector objects on the notice page; the secretariat finds it unfounded.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#action-open_public_notice button[type=submit]")
    assert page.locator("#city-state").inner_text() == "公示中"
    page.context.clear_cookies()
    page.goto(url + f"/cities/{city.pk}/")
    page.click("#profile-survey-results-link")
    assert page.locator("#survey-n").inner_text() == "2"
    shots(page, artifacts_dir, "public-survey-results")
    notice = PublicNotice.objects.get()
    page.context.clear_cookies()
    page.goto(url + notice.page.url)
    page.get_by_role("link", name=re.compile("提出异议")).click()
    page.get_by_label(re.compile("真实姓名或单位名称")).fill("张三")
    page.get_by_label(re.compile("身份证号码")).fill(VALID_ID)
    page.get_by_label(re.compile("联系电话")).fill("13800138000")
    page.get_by_label(re.compile("异议类型")).select_option("authenticity")
    page.get_by_label(re.compile("异议内容")).fill("该市申报的抽查合格率与公开数据不符。")
    page.get_by_role("button", name=re.compile("提交异议")).click()
    receipt = page.locator(".receipt-no").inner_text()
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#city-notices a")
    page.click(f"table.objections a:has-text('{receipt}')")
    page.get_by_label("异议不成立").check()
    page.get_by_label(re.compile("核查意见")).fill("经核查，数据与统计公报一致。")
    page.click("main form button[type=submit]")

    # 13. The notice's working days pass (the clock moves), it closes, and the city is named.
    with time_machine.travel(timezone.now() + dt.timedelta(days=14), tick=True):
        login_as(page, live_server, secretariat)
        page.goto(url + f"/cities/staff/{city.pk}/")
        page.click("#city-notices a")
        page.get_by_role("button", name="结束公示").click()
        assert "公示已结束" in message(page)
        page.goto(url + f"/cities/staff/{city.pk}/")
        page.fill("#action-award [name=document_no]", "国市监质发〔2026〕8号")
        page.click("#action-award button[type=submit]")
        assert page.locator("#city-state").inner_text() == "示范城市（示范期）"

        # 14. 摘牌: decided on the title, with its public notice; the profile shows the exit.
        page.click("#delist-city")
        page.get_by_label(re.compile("撤销事由")).select_option("major_incident")
        page.get_by_label(re.compile("撤销理由")).fill("示范期内发生重大质量安全事故。")
        page.get_by_label(re.compile("决定机关")).fill("国家市场监督管理总局")
        page.get_by_label(re.compile("决定文号")).fill("国市监质发〔2026〕30号")
        page.get_by_label(re.compile("决定日期")).fill(timezone.localdate().isoformat())
        page.click("main form button[type=submit]")
        page.context.clear_cookies()
        page.goto(url + f"/cities/{city.pk}/")
        assert page.locator("#city-state").inner_text() == "已摘牌"
        timeline = page.locator("#city-timeline").inner_text()
        assert "示范期内发生重大质量安全事故。" in timeline and "拟命名" in timeline
        shots(page, artifacts_dir, "profile-delisted")

    city.refresh_from_db()
    assert (city.state, str(city.final_score), city.survey_closed_at is not None) == (State.REVOKED, "89.75", True)
