"""The creating body's application screens: create, edit the draft, yearly figures, submit, withdraw.

Bad input gets a bilingual message and writes nothing; a page older than the zone gets the stale-state
message (expected_state), like the award screens.
"""

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from brands.models import State, Zone, ZoneYearFigures
from tests.factories import OrganizationFactory, applicant_for
from workflows.models import TransitionLog

from .factories import (
    CreatingBodyFactory,
    ZoneFactory,
    ZoneRulesFactory,
    figures,
    materials,
    zone_in_state,
)

pytestmark = pytest.mark.django_db

VALID = {
    "name": "胶州湾家电质量品牌提升示范区",
    "park_name": "胶州湾家电产业园",
    "region_code": "370281",
    "leading_industry": "家电",
    "industry_code": "C38",
    "area_km2": "86.5",
    "summary": "以家电整机和零部件为主导。",
}

FIGURES = {
    "year": 2025,
    "enterprise_count": 150,
    "output_value": "540.25",
    "leading_industry_share": "45",
    "brand_count": 12,
    "gi_product_count": 1,
    "standards_led_count": 6,
}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def edition():
    return ZoneRulesFactory().edition


@pytest.fixture
def body():
    return CreatingBodyFactory(region_code="370281")


def test_a_creating_body_creates_a_draft_from_the_form(client, edition, body):
    officer = applicant_for(body)
    client.force_login(officer)

    response = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": body.pk})

    zone = Zone.objects.get()
    assert response.url == reverse("brands:workspace", args=[zone.pk])
    assert (zone.state, zone.organization, zone.created_by, zone.edition) == (State.DRAFT, body, officer, edition)
    assert (zone.name, zone.region_code, zone.province_code, zone.area_km2) == (
        "胶州湾家电质量品牌提升示范区",
        "370281",
        "37",
        Decimal("86.50"),
    )


def test_my_zones_offers_the_open_edition_to_a_creating_body(client, edition, body):
    client.force_login(applicant_for(body))

    response = client.get(reverse("brands:mine"))

    assert [e.pk for e in response.context["open_editions"]] == [edition.pk]
    assert reverse("brands:new", args=[edition.pk]) in text(response)


def test_an_enterprise_may_not_apply_for_a_zone(client, edition):
    enterprise = OrganizationFactory(kind=Organization.Kind.ENTERPRISE)
    client.force_login(applicant_for(enterprise))

    get = client.get(reverse("brands:new", args=[edition.pk]))
    post = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": enterprise.pk})

    assert (get.status_code, post.status_code, Zone.objects.count()) == (403, 403, 0)
    assert client.get(reverse("brands:mine")).context["open_editions"] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region_code", "37028", "行政区划代码应为6位数字（GB/T 2260）。"),
        (
            "region_code",
            "990101",
            "行政区划代码的前两位不是有效的省级代码。",
        ),
        ("area_km2", "-3", "面积须大于0。"),
        ("area_km2", "很大", "请输入数字。"),
        ("area_km2", "123456789012", "数值过大。"),
        ("name", "", "此项必填。"),
        ("park_name", "园" * 201, "内容过长。"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(client, edition, body, field, value, message):
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": body.pk, field: value})

    assert response.status_code == 200
    assert message in text(response)
    assert Zone.objects.count() == 0


def test_a_body_the_user_does_not_act_for_cannot_be_chosen(client, edition, body):
    other = CreatingBodyFactory()
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": other.pk})

    assert "请选择您所在的创建主体。" in text(response)
    assert Zone.objects.count() == 0


def test_a_closed_edition_says_so(client, body):
    edition = ZoneRulesFactory().edition
    edition.closes_at = timezone.now() - timezone.timedelta(days=1)
    edition.opens_at = edition.closes_at - timezone.timedelta(days=30)
    edition.save()
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": body.pk}, follow=True)

    assert "本届申报已截止或尚未开始。" in text(response)
    assert Zone.objects.count() == 0


def test_a_second_application_for_the_same_park_is_refused_with_a_message(client, edition, body):
    ZoneFactory(edition=edition, organization=body, park_name=VALID["park_name"])
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:new", args=[edition.pk]), {**VALID, "organization": body.pk})

    assert "该园区本届已有申报。" in text(response)
    assert Zone.objects.count() == 1


def test_an_award_edition_is_not_a_zone_edition(client, body):
    from tests.factories import EditionFactory

    client.force_login(applicant_for(body))

    response = client.get(reverse("brands:new", args=[EditionFactory().pk]))

    assert response.status_code == 404


# --- editing the draft ------------------------------------------------------------------------------
def test_editing_the_draft_saves_the_new_data(client, body):
    zone = ZoneFactory(organization=body)
    client.force_login(applicant_for(body))

    response = client.post(
        reverse("brands:edit", args=[zone.pk]), {**VALID, "region_code": "440300", "expected_state": State.DRAFT}
    )

    zone.refresh_from_db()
    assert response.url == reverse("brands:workspace", args=[zone.pk])
    assert (zone.name, zone.region_code, zone.province_code) == (VALID["name"], "440300", "44")


def test_editing_from_a_page_older_than_the_zone_is_refused(client, body):
    zone = zone_in_state(State.APPLIED, organization=body)
    name = zone.name
    client.force_login(applicant_for(body))

    response = client.post(
        reverse("brands:edit", args=[zone.pk]), {**VALID, "expected_state": State.DRAFT}, follow=True
    )

    zone.refresh_from_db()
    assert zone.name == name
    assert "只有草稿可以修改。" in text(response)


def test_stale_edit_of_a_draft_gets_the_stale_message(client, body):
    zone = ZoneFactory(organization=body)
    client.force_login(applicant_for(body))

    response = client.post(
        reverse("brands:edit", args=[zone.pk]), {**VALID, "expected_state": State.APPLIED}, follow=True
    )

    zone.refresh_from_db()
    assert zone.name != VALID["name"]
    assert "此记录已被他人更改，请刷新页面后重试。" in text(response)


def test_another_bodys_draft_cannot_be_edited(client, body):
    zone = ZoneFactory()
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:edit", args=[zone.pk]), {**VALID, "expected_state": State.DRAFT})

    zone.refresh_from_db()
    assert (response.status_code, zone.name == VALID["name"]) == (404, False)


# --- yearly figures -----------------------------------------------------------------------------------
def test_filing_and_correcting_a_years_figures(client, body):
    zone = ZoneFactory(organization=body)
    client.force_login(applicant_for(body))
    url = reverse("brands:record_figures", args=[zone.pk])

    client.post(url, FIGURES)
    client.post(url, {**FIGURES, "brand_count": 15})

    row = ZoneYearFigures.objects.get(zone=zone)
    assert (row.year, row.brand_count, row.output_value, row.gi_product_count) == (2025, 15, Decimal("540.25"), 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise_count", "-1", "不能为负数。"),
        ("output_value", "abc", "请输入有效的数字。"),
        ("output_value", "1.234", "最多保留两位小数。"),
        ("leading_industry_share", "120", "占比应在0至100之间。"),
        ("year", "1800", "年度应在2000至2100之间。"),
        ("brand_count", "", "此项必填。"),
    ],
)
def test_bad_figures_are_explained_and_not_saved(client, body, field, value, message):
    zone = ZoneFactory(organization=body)
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:record_figures", args=[zone.pk]), {**FIGURES, field: value})

    assert response.status_code == 400
    assert message in text(response)
    assert ZoneYearFigures.objects.filter(zone=zone).count() == 0


def test_figures_cannot_be_filed_while_the_province_reviews(client, body):
    zone = zone_in_state(State.PROVINCIAL_REVIEW, organization=body)
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:record_figures", args=[zone.pk]), FIGURES, follow=True)

    assert "当前状态下不能填报年度数据。" in text(response)
    assert ZoneYearFigures.objects.filter(zone=zone).count() == 0


# --- submit and withdraw --------------------------------------------------------------------------------
def test_submitting_without_figures_explains_why(client, body):
    zone = ZoneFactory(organization=body)
    client.force_login(applicant_for(body))

    response = client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT}, follow=True)

    zone.refresh_from_db()
    assert zone.state == State.DRAFT
    assert "请先填报年度数据。" in text(response)


def test_submitting_sends_the_draft_to_the_province(client, body):
    zone = ZoneFactory(organization=body)
    figures(zone, 2025)
    materials(zone)
    client.force_login(applicant_for(body))

    client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT})

    zone.refresh_from_db()
    assert (zone.state, zone.reference_no) == (State.APPLIED, f"SFQ-{zone.edition.year}-{zone.pk:05d}")


def test_a_second_submit_from_the_same_page_gets_the_stale_message(client, body):
    zone = ZoneFactory(organization=body)
    figures(zone, 2025)
    materials(zone)
    client.force_login(applicant_for(body))
    client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT})

    response = client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT}, follow=True)

    assert "此记录已被他人更改，请刷新页面后重试。" in text(response)
    assert TransitionLog.objects.filter(object_id=str(zone.pk), transition="submit").count() == 1


def test_withdrawing_needs_a_reason(client, body):
    zone = zone_in_state(State.APPLIED, organization=body)
    client.force_login(applicant_for(body))

    response = client.post(
        reverse("brands:withdraw", args=[zone.pk]), {"expected_state": State.APPLIED, "reason": " "}, follow=True
    )

    zone.refresh_from_db()
    assert zone.state == State.APPLIED
    assert "请填写理由。" in text(response)


def test_withdrawing_with_a_reason_is_logged(client, body):
    zone = zone_in_state(State.APPLIED, organization=body)
    officer = applicant_for(body)
    client.force_login(officer)

    client.post(reverse("brands:withdraw", args=[zone.pk]), {"expected_state": State.APPLIED, "reason": "规划调整"})

    zone.refresh_from_db()
    log = TransitionLog.objects.get(object_id=str(zone.pk), transition="withdraw")
    assert (zone.state, log.reason, log.actor) == (State.WITHDRAWN, "规划调整", officer)


def test_withdrawing_from_a_stale_page_is_refused(client, body):
    zone = zone_in_state(State.PROVINCIAL_REVIEW, organization=body)
    client.force_login(applicant_for(body))

    response = client.post(
        reverse("brands:withdraw", args=[zone.pk]), {"expected_state": State.APPLIED, "reason": "x"}, follow=True
    )

    zone.refresh_from_db()
    assert zone.state == State.PROVINCIAL_REVIEW
    assert "此记录已被他人更改，请刷新页面后重试。" in text(response)


def test_the_workspace_shows_the_reason_a_province_gave_for_not_recommending(client, body, shandong_recommender):
    from brands import services

    zone = zone_in_state(State.APPLIED, organization=body)
    services.not_recommend_zone(zone, actor=shandong_recommender, reason="产业集聚度不足")
    client.force_login(applicant_for(body))

    response = client.get(reverse("brands:workspace", args=[zone.pk]))

    assert [(e.label, e.note) for e in response.context["timeline"]] == [("未推荐", "产业集聚度不足")]
