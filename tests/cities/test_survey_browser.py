"""Chromium: the citizens' satisfaction survey through its pages (docs/surveys.md).

Staff build the questionnaire and the district quotas on the city desk, a citizen answers with a
code sent by SMS — mocked here: settings.SMS_BACKEND is workflows.notifications.sms.LocmemBackend, which
keeps the message in an outbox the test reads instead of sending it — a second answer from the same
phone is refused, and staff and the city see the results (aggregates only)."""

import datetime as dt
import re

import pytest

from cities.models import State
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from workflows.notifications import sms
from workflows.surveys.models import SurveyResponse

from .factories import CityGovernmentFactory, CityRulesFactory, city_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shots(page, artifacts_dir, name: str) -> None:
    """Screenshots at desktop and phone width (looked at when the page changes)."""
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        page.screenshot(path=str(artifacts_dir / f"cities-survey-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def submit(page, form: str) -> None:
    page.click(f"main {form} button[type=submit]")


def test_staff_build_the_survey_a_citizen_answers_once_and_staff_read_the_results(
    live_server, page, artifacts_dir, settings
):
    settings.OTP_REQUIRED_FOR_STAFF = False
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # SMS mocked: the code is read from the outbox
    sms.outbox.clear()
    edition = CityRulesFactory(survey_min_responses=1).edition
    government = CityGovernmentFactory(name="青岛市人民政府", region_code="370200")
    city = city_in_state(State.CREATING, edition=edition, organization=government, name="青岛市")
    city.approved_on = dt.date(edition.year, 3, 1)  # arranged: creation approved, as every creating city is
    city.save(update_fields=["approved_on"])
    secretariat = UserFactory(roles=["secretariat"])
    url = live_server.url

    # 1. Staff open the survey from the city desk and build the edition's questionnaire.
    login_as(page, live_server, secretariat)
    page.goto(url + "/cities/staff/")
    page.click("#survey-staff-link")
    page.click("#edit-questionnaire")
    page.fill("#questionnaire-form [name=title]", "青岛市民质量满意度测评")
    page.fill("#questionnaire-form [name=introduction]", "请根据您在本市的亲身感受作答，约需2分钟。")
    submit(page, "#questionnaire-form")
    page.fill("#dimension-form [name=name]", "产品质量")
    page.fill("#dimension-form [name=weight]", "0")
    submit(page, "#dimension-form")
    assert "0.01" in page.locator("#dimension-form .has-error").inner_text()
    assert page.locator("#dimension-form [name=name]").input_value() == "产品质量"
    for name, weight in (("产品质量", "40"), ("服务质量", "30"), ("工程质量", "20"), ("环境质量", "10")):
        page.fill("#dimension-form [name=name]", name)
        page.fill("#dimension-form [name=weight]", weight)
        submit(page, "#dimension-form")
    for name in ("产品质量", "服务质量", "工程质量", "环境质量"):
        page.select_option("#item-form [name=dimension]", label=name)
        page.fill("#item-form [name=text]", f"您对本市{name}的总体满意程度")
        submit(page, "#item-form")
    page.click("#open-survey")
    assert page.locator("#questionnaire-state").inner_text() == "正在接受答卷"
    shots(page, artifacts_dir, "questionnaire")

    # 2. The city's district quotas, from the city's desk page.
    page.goto(url + f"/cities/staff/{city.pk}/")
    page.click("#survey-city-link")
    for district, quota in (("市南区", "200"), ("崂山区", "150")):
        page.fill("#district-form [name=name]", district)
        page.fill("#district-form [name=quota]", quota)
        submit(page, "#district-form")
    assert page.locator("#district-quotas tbody tr").count() == 2
    survey_url = page.locator("#public-survey-link").get_attribute("href")
    # The city's survey starts here (or with its acceptance review); the case page shows it running.
    page.click("#open-case-survey")
    assert "市民质量满意度测评已开启" in page.locator(".messages").inner_text()
    page.goto(url + f"/cities/staff/{city.pk}/")
    assert "进行中" in page.locator("#survey-status").inner_text()

    # 3. A citizen (not signed in) asks for a code and answers.
    page.context.clear_cookies()
    page.goto(url + survey_url)
    assert "不保存号码本身" in page.locator("#survey-privacy").inner_text()
    shots(page, artifacts_dir, "public-phone")
    page.fill("#phone-form [name=phone]", "138 0013 8000")
    submit(page, "#phone-form")
    assert "尾号8000" in page.locator(".messages").inner_text()
    code = re.search(r"\d{6}", sms.outbox[-1][1]).group()
    assert sms.outbox[-1][0] == "13800138000"
    page.fill("#answer-form [name=code]", code)
    page.select_option("#answer-form [name=district]", label="市南区")
    for n, score in enumerate(("5", "4", "3", "5")):
        page.locator("#answer-form fieldset.likert").nth(n).locator(f"input[value='{score}']").check()
    shots(page, artifacts_dir, "public-answers")
    submit(page, "#answer-form")
    assert page.locator("#survey-thanks").inner_text() == "您的答卷已提交，感谢您的参与！"
    assert SurveyResponse.objects.count() == 1

    # 4. The same phone again: refused before any code is sent, with a clear message.
    page.goto(url + survey_url)
    page.fill("#phone-form [name=phone]", "13800138000")
    submit(page, "#phone-form")
    assert "该手机号已参加过本次测评，每个手机号只能参加一次。" in page.locator(".messages").inner_text()
    assert (len(sms.outbox), SurveyResponse.objects.count()) == (1, 1)
    shots(page, artifacts_dir, "public-refused")

    # 5. Staff read the results: sample size, weighted score, margins, quotas, chart and table.
    login_as(page, live_server, secretariat)
    page.goto(url + "/cities/staff/survey/")
    assert page.locator("#survey-cases tbody tr td").nth(2).inner_text() == "1"
    page.click("#survey-cases a:has-text('青岛市')")
    assert page.locator("#survey-n").inner_text() == "1"
    # 5, 4, 3, 5 → 100, 75, 50, 100; weights 40/30/20/10 → 82.5
    assert page.locator("#survey-score").inner_text() == "82.50"
    assert page.locator("#survey-dimensions tbody tr").count() == 4
    assert "样本过少，不单列" in page.locator("#survey-districts").inner_text()
    assert page.locator("#survey-results svg.chart").count() == 1  # no district has enough answers to chart
    shots(page, artifacts_dir, "staff-results")
    page.goto(url + "/cities/staff/survey/")
    shots(page, artifacts_dir, "staff-home")

    # 6. The city government reads the same aggregates from its workspace.
    login_as(page, live_server, applicant_for(government))
    page.goto(url + f"/cities/mine/{city.pk}/")
    page.click("#survey-results-link")
    assert page.locator("#survey-score").inner_text() == "82.50"
    shots(page, artifacts_dir, "city-results")
