"""创建方案: the city government files its plan of indicators and tasks; the secretariat accepts it
and the creation period starts (docs/cities.md)."""

import datetime as dt

import pytest
from django.urls import reverse

from cities.models import City, PlanItem, State
from tests.factories import applicant_for
from workflows.dates import add_years, local_today

from .factories import city_in_state

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def approved_city(**kwargs) -> City:
    city = city_in_state(State.PLANNING, **kwargs)
    City.objects.filter(pk=city.pk).update(
        approval_doc_no="国质检质函〔2026〕1号", approved_on=dt.date(2026, 1, 31), plan_due_on=dt.date(2026, 4, 30)
    )
    city.refresh_from_db()
    return city


INDICATOR = {
    "kind": "indicator",
    "title": "产品质量监督抽查合格率",
    "owner_department": "市市场监督管理局",
    "comparator": "ge",
    "target_value": "95",
    "unit": "%",
    "target_text": "",
}
TASK = {
    "kind": "task",
    "title": "建设国家级质检中心",
    "owner_department": "市科技局",
    "comparator": "",
    "target_value": "",
    "unit": "",
    "target_text": "2027年底前建成并通过验收",
}


def test_the_city_files_its_plan_and_the_secretariat_starts_the_creation_period(client, secretariat):
    city = approved_city()
    officer = applicant_for(city.organization)
    client.force_login(officer)
    workspace = reverse("cities:workspace", args=[city.pk])
    page = text(client.get(workspace))
    assert "2026-04-30" in page  # the deadline from the approval

    add = reverse("cities:add_plan_item", args=[city.pk])
    # An indicator without its target is explained and what was typed is kept.
    response = client.post(add, {**INDICATOR, "target_value": ""})
    assert response.status_code == 400
    assert "量化指标须填写目标值" in text(response)
    assert 'value="市市场监督管理局"' in text(response)
    assert not PlanItem.objects.exists()
    # A plan without an indicator cannot be filed.
    client.post(add, TASK)
    client.post(reverse("cities:submit_plan", args=[city.pk]))
    assert City.objects.get(pk=city.pk).plan_submitted_at is None

    client.post(add, INDICATOR)
    page = text(client.get(workspace))
    assert "≥ 95%" in page and "市市场监督管理局" in page and "2027年底前建成并通过验收" in page

    # Before the plan is filed the desk offers no decision on it.
    client.force_login(secretariat)
    assert 'id="action-approve_plan"' not in text(client.get(reverse("cities:staff_city", args=[city.pk])))

    client.force_login(officer)
    client.post(reverse("cities:submit_plan", args=[city.pk]))
    city.refresh_from_db()
    assert city.plan_submitted_at is not None
    # Filed: the city can no longer change it.
    client.post(add, {**INDICATOR, "title": "名牌产品数量"})
    assert PlanItem.objects.filter(city=city).count() == 2

    # The secretariat sends it back (a reason required), the city files it again, then it is accepted.
    client.force_login(secretariat)
    action = reverse("cities:staff_action", args=[city.pk])
    page = text(client.get(reverse("cities:staff_city", args=[city.pk])))
    assert "产品质量监督抽查合格率" in page and 'id="action-approve_plan"' in page
    assert client.post(action, {"action": "return_plan", "reason": ""}).status_code == 400
    client.post(action, {"action": "return_plan", "reason": "请补充品牌建设指标。"})
    city.refresh_from_db()
    assert (city.state, city.plan_submitted_at) == (State.PLANNING, None)
    client.force_login(officer)
    client.post(add, {**INDICATOR, "title": "知名品牌数量", "target_value": "60", "unit": "个"})
    client.post(reverse("cities:submit_plan", args=[city.pk]))

    client.force_login(secretariat)
    response = client.post(action, {"action": "approve_plan", "reason": "同意。", "expected_state": "planning"})
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.state == State.CREATING
    assert city.creation_starts_on == local_today()
    assert city.creation_ends_on == add_years(local_today(), 2)  # the edition's creation_period_years


def test_another_government_sees_and_changes_nothing_of_a_plan(client):
    city = approved_city(name="青岛市")
    PlanItem.objects.create(city=city, kind="indicator", title="青岛专属指标", owner_department="市局", comparator="ge", target_value=95)
    other = approved_city(name="烟台市")
    stranger = applicant_for(other.organization)
    client.force_login(stranger)
    assert client.get(reverse("cities:workspace", args=[city.pk])).status_code == 404
    assert client.post(reverse("cities:add_plan_item", args=[city.pk]), INDICATOR).status_code == 404
    assert client.post(reverse("cities:submit_plan", args=[city.pk])).status_code == 404
    item = PlanItem.objects.get(city=city)
    assert client.post(reverse("cities:remove_plan_item", args=[city.pk, item.pk])).status_code == 404
    # Their own workspace does not show the other city's plan.
    assert "青岛专属指标" not in text(client.get(reverse("cities:workspace", args=[other.pk])))
    assert PlanItem.objects.count() == 1
    assert City.objects.get(pk=city.pk).plan_submitted_at is None


def test_the_plan_page_reads_in_english(client):
    city = approved_city()
    client.force_login(applicant_for(city.organization))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get(reverse("cities:workspace", args=[city.pk])))
    assert "Creation plan" in page and "Add to the creation plan" in page
    assert "加入创建方案" not in page and "责任部门" not in page
