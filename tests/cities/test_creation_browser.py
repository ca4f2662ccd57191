"""Chromium: the creation period through its pages (docs/cities.md): the city reports a year, the
secretariat accepts it, the city applies for acceptance, the secretariat opens the acceptance
panel, the expert scores, the secretariat finalizes the panel and proposes the city."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from cities.models import City, PlanItem, State
from tests.awards.factories import PDF_BYTES
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from workflows.dates import add_years, local_today
from workflows.review.models import ExpertProfile

from .factories import city_in_state
from .test_city_browser import shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_progress_report_acceptance_application_review_and_proposal(
    live_server, page, artifacts_dir, settings, tmp_path
):
    settings.OTP_REQUIRED_FOR_STAFF = False
    city = city_in_state(State.CREATING, name="青岛市")
    today = local_today()
    City.objects.filter(pk=city.pk).update(
        approved_on=today,
        plan_submitted_at=timezone.now(),
        creation_starts_on=today,
        creation_ends_on=add_years(today, 2),
    )
    indicator = PlanItem.objects.create(
        city=city,
        title="产品质量监督抽查合格率",
        owner_department="市市场监管局",
        comparator="ge",
        target_value=95,
        unit="%",
    )
    task = PlanItem.objects.create(
        city=city,
        kind=PlanItem.Kind.TASK,
        title="建设质量基础设施一站式服务站",
        owner_department="市发改委",
        target_text="建成10个",
    )
    officer = applicant_for(city.organization)
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    expert = UserFactory(roles=[Role.EXPERT])
    ExpertProfile.objects.create(user=expert, region_code="110108", specialties="", employer_name="质量研究院")
    pdf = tmp_path / "进展报告.pdf"
    pdf.write_bytes(PDF_BYTES)
    url = live_server.url

    # 1. The city government reports its first creation year against the plan.
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    form = page.locator("#progress-form")
    form.locator("[name=year]").select_option("1")
    form.locator(f"[name=value_{indicator.pk}]").fill("96.2")
    form.locator(f"[name=progress_{indicator.pk}]").select_option("met")
    form.locator(f"[name=note_{indicator.pk}]").fill("全年抽查1200批次")
    form.locator(f"[name=progress_{task.pk}]").select_option("on_track")
    form.locator(f"[name=note_{task.pk}]").fill("已建成6个")
    form.locator("[name=narrative]").fill("第一年完成方案既定任务，质量基础设施建设按计划推进。")
    form.locator("[name=document]").set_input_files(str(pdf))
    shots(page, artifacts_dir, "progress-form")
    form.locator("button[type=submit]").click()
    assert "年度进展报告已报送" in page.locator(".messages").inner_text()
    assert "待审核" in page.locator("#progress-due").inner_text()

    # 2. The secretariat reads it on the case page and accepts it.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    report = page.locator(".progress-report").first
    assert "全年抽查1200批次" in report.inner_text() and "进展报告.pdf" in report.inner_text()
    shots(page, artifacts_dir, "progress-staff")
    report.locator("button[value=accept]").click()
    assert "进展报告已通过" in page.locator(".messages").inner_text()
    assert "已通过" in page.locator(".progress-report .progress-status").first.inner_text()

    # 3. The city sees the decision and applies for acceptance with its final figures.
    login_as(page, live_server, officer)
    page.goto(url + f"/cities/mine/{city.pk}/")
    assert "已通过" in page.locator("#progress-due").inner_text()
    form = page.locator("#acceptance-form")
    form.locator(f"[name=value_{indicator.pk}]").fill("97.5")
    form.locator(f"[name=progress_{indicator.pk}]").select_option("met")
    form.locator(f"[name=progress_{task.pk}]").select_option("met")
    form.locator(f"[name=note_{task.pk}]").fill("建成10个")
    form.locator("[name=narrative]").fill("两年创建任务全部完成。")
    form.locator("button[type=submit]").click()
    assert page.locator("#city-state").inner_text() == "已申请验收"
    shots(page, artifacts_dir, "acceptance-applied")

    # 4. The secretariat opens the acceptance panel and draws its expert on the review desk.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    form = page.locator("#action-start_acceptance_review")
    assert form.locator("[name=name]").input_value() == "青岛市考核验收专家组"
    deadline = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(17, 0)).strftime("%Y-%m-%dT%H:%M")
    form.locator("[name=deadline]").fill(deadline)
    form.locator("[name=size]").fill("1")
    form.locator("button[type=submit]").click()
    assert page.locator("#city-state").inner_text() == "验收评审"
    page.click("#acceptance-panel-link")
    page.click("main form:has(input[value=draw]) button")
    assert "已完成随机抽取" in page.locator(".messages").inner_text()

    # 5. The expert declares no conflict, reads the final report and scores every indicator.
    login_as(page, live_server, expert)
    page.goto(url + "/review/")
    page.click("#review-queue a.button")
    page.click("text=确认声明")
    for select in page.locator("#score-form select").all():
        select.select_option("95")
    for box in page.locator("#score-form textarea[name^=strengths_]").all():
        box.fill("达到验收要求")
    page.click("button[value=submit]")
    assert "评分已提交并封存" in page.locator(".messages").inner_text()

    # 6. The secretariat finalizes the panel's scores and proposes the city.
    login_as(page, live_server, secretariat)
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#acceptance-panel-link")
    page.click("main form:has(input[value=finalize]) button")
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.locator("#action-propose button[type=submit]").click()
    assert page.locator("#city-state").inner_text() == "拟命名"
    assert "85.50" in page.locator("#acceptance-total").inner_text()  # 90 expert points × 95 %
    shots(page, artifacts_dir, "acceptance-proposed")

    city.refresh_from_db()
    assert (city.state, str(city.expert_score), str(city.final_score)) == (State.PROPOSED, "85.50", "85.50")
