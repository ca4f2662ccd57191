"""Slice 1 over HTTP: a city government applies with its profile, the provincial leading group
recommends, the secretariat's desk lists the case and offers what the state allows.
"""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.models import City, State
from tests.factories import OrganizationFactory, applicant_for
from workflows import programs
from workflows.models import TransitionLog

from .factories import CityEditionFactory, CityFactory, CityGovernmentFactory, CityRulesFactory, city_in_state, figures

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def profile_post(**overrides):
    data = {
        "name": "青岛市",
        "city_type": "separately_planned",
        "region_code": "370200",
        "population_10k": "1037.15",
        "summary": "以质量强市推动高质量发展。",
    }
    data.update(overrides)
    return data


def year_post(year, **overrides):
    data = {
        "year": year,
        "gdp_100m": "14920.75",
        "pillar_industries": "家电、轨道交通装备",
        "spot_check_pass_rate": "96.8",
        "quality_incidents": "0",
        "famous_brands": "52",
    }
    data.update(overrides)
    return data


def test_the_program_is_registered_with_the_engine():
    program = programs.get_program("cities")

    assert program.model is City
    assert program.states.named == (State.NAMED, State.RENEWAL_REVIEW)
    assert program.title_follow.revoked == "delist"


def test_a_city_government_applies_with_three_years_of_profile_and_submits(client):
    edition = CityRulesFactory().edition
    government = CityGovernmentFactory()
    officer = applicant_for(government)
    client.force_login(officer)

    created = client.post(reverse("cities:new", args=[edition.pk]), {"organization": government.pk, **profile_post()})
    city = City.objects.get(organization=government)
    assert created.status_code == 302
    assert (city.name, city.city_type, city.province_code, city.state) == (
        "青岛市",
        "separately_planned",
        "37",
        "draft",
    )

    early = client.post(reverse("cities:submit", args=[city.pk]), {"expected_state": "draft"}, follow=True)
    city.refresh_from_db()
    assert city.state == State.DRAFT
    assert f"请先填报 {edition.year - 3}、{edition.year - 2}、{edition.year - 1} 年度数据" in text(early)

    for year in (edition.year - 3, edition.year - 2, edition.year - 1):
        saved = client.post(reverse("cities:record_figures", args=[city.pk]), year_post(year))
        assert saved.status_code == 302
    page = client.get(reverse("cities:workspace", args=[city.pk]))
    assert "家电、轨道交通装备" in text(page)

    client.post(reverse("cities:submit", args=[city.pk]), {"expected_state": "draft"})
    city.refresh_from_db()
    assert city.state == State.APPLIED
    assert city.reference_no == f"ZLQS-{edition.year}-{city.pk:05d}"
    assert TransitionLog.objects.filter(object_id=str(city.pk), transition="submit", actor=officer).exists()


def test_bad_figures_keep_what_was_typed_and_say_why(client):
    city = CityFactory()
    client.force_login(applicant_for(city.organization))

    response = client.post(
        reverse("cities:record_figures", args=[city.pk]),
        year_post(city.edition.year - 1, spot_check_pass_rate="120", pillar_industries="海洋产业"),
    )

    assert response.status_code == 400
    assert "海洋产业" in text(response)
    assert not city.year_figures.exists()


def test_an_enterprise_cannot_apply_and_a_closed_edition_refuses(client):
    edition = CityRulesFactory().edition
    enterprise = OrganizationFactory()
    client.force_login(applicant_for(enterprise))
    assert client.get(reverse("cities:new", args=[edition.pk])).status_code == 403

    government = CityGovernmentFactory()
    client.force_login(applicant_for(government))
    closed = CityRulesFactory(edition=CityEditionFactory(opens_at="2020-01-01T00:00Z", closes_at="2020-02-01T00:00Z"))
    response = client.post(
        reverse("cities:new", args=[closed.edition.pk]), {"organization": government.pk, **profile_post()}, follow=True
    )
    assert "本届申报已截止或尚未开始" in text(response)
    assert not City.objects.filter(organization=government).exists()


def test_another_government_cannot_see_or_change_a_case(client):
    city = CityFactory(summary="内部材料：不公开的城市概况")
    figures(city, city.edition.year - 1)
    intruder = applicant_for(CityGovernmentFactory())
    client.force_login(intruder)

    for name in ("cities:workspace", "cities:edit"):
        response = client.get(reverse(name, args=[city.pk]))
        assert response.status_code == 404
        assert "不公开的城市概况" not in text(response)
    posted = client.post(reverse("cities:record_figures", args=[city.pk]), year_post(city.edition.year - 2))
    assert posted.status_code == 404
    assert city.year_figures.count() == 1
    assert "内部材料" not in text(client.get(reverse("cities:mine")))


def test_the_province_recommends_only_its_own_cities(client, shandong_group, guangdong_group):
    qingdao = city_in_state(State.APPLIED, organization=CityGovernmentFactory(region_code="370200"))
    figures(qingdao, qingdao.edition.year - 1)
    city_in_state(State.APPLIED, name="深圳市", organization=CityGovernmentFactory(region_code="440300"))

    client.force_login(guangdong_group)
    listing = text(client.get(reverse("cities:recommender_list")))
    assert "深圳市" in listing and qingdao.name not in listing
    assert client.get(reverse("cities:recommender_city", args=[qingdao.pk])).status_code == 404
    refused = client.post(reverse("cities:recommender_city", args=[qingdao.pk]), {"action": "recommend"})
    assert refused.status_code == 404

    client.force_login(shandong_group)
    page = text(client.get(reverse("cities:recommender_city", args=[qingdao.pk])))
    assert "推荐" in page and "不予推荐" in page
    client.post(
        reverse("cities:recommender_city", args=[qingdao.pk]),
        {"action": "recommend", "reason": "同意推荐，质量工作基础扎实。", "expected_state": "applied"},
    )
    qingdao.refresh_from_db()
    assert qingdao.state == State.RECOMMENDED
    assert qingdao.recommendation_opinion == "同意推荐，质量工作基础扎实。"


def test_not_recommending_needs_a_reason(client, shandong_group):
    city = city_in_state(State.APPLIED)
    client.force_login(shandong_group)

    response = client.post(
        reverse("cities:recommender_city", args=[city.pk]), {"action": "not_recommend", "reason": " "}, follow=True
    )
    city.refresh_from_db()
    assert city.state == State.APPLIED
    assert "请填写理由" in text(response)


def test_the_city_withdraws_with_a_reason_from_its_workspace(client):
    city = city_in_state(State.APPLIED)
    client.force_login(applicant_for(city.organization))

    page = text(client.get(reverse("cities:workspace", args=[city.pk])))
    assert "撤回申请" in page
    client.post(
        reverse("cities:city_action", args=[city.pk]),
        {"action": "withdraw", "reason": "本年度条件尚不成熟", "expected_state": "applied"},
    )
    city.refresh_from_db()
    assert city.state == State.WITHDRAWN


def test_the_desk_is_for_the_secretariat_only(client, shandong_group):
    city = city_in_state(State.RECOMMENDED, summary="秘书处内部：答辩安排")
    for user in (shandong_group, applicant_for(city.organization)):
        client.force_login(user)
        assert client.get(reverse("cities:staff_list")).status_code == 403
        assert client.get(reverse("cities:staff_city", args=[city.pk])).status_code == 403
        assert client.post(reverse("cities:staff_action", args=[city.pk]), {"action": "reject"}).status_code == 403


def test_drafts_stay_off_the_desk(client, secretariat):
    draft = CityFactory(name="草稿市")
    client.force_login(secretariat)

    assert "草稿市" not in text(client.get(reverse("cities:staff_list")))
    assert client.get(reverse("cities:staff_city", args=[draft.pk])).status_code == 404


def test_the_desk_offers_only_what_the_state_allows_and_refuses_the_rest(client, secretariat):
    city = city_in_state(State.HEARING)
    client.force_login(secretariat)

    page = text(client.get(reverse("cities:staff_city", args=[city.pk])))
    assert "不予通过" in page
    assert "开始期满复核" not in page
    refused = client.post(
        reverse("cities:staff_action", args=[city.pk]), {"action": "start_renewal_review", "reason": "x"}, follow=True
    )
    city.refresh_from_db()
    assert city.state == State.HEARING
    assert "当前状态下不能执行此操作" in text(refused)
    assert client.post(reverse("cities:staff_action", args=[city.pk]), {"action": "delist"}).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "url_name", "state"),
    [
        ("secretariat", "cities:staff_list", State.APPLIED),
        ("province", "cities:recommender_list", State.APPLIED),
        ("city", "cities:mine", State.APPLIED),
        ("public", "cities:directory", State.NAMED),
    ],
)
def test_lists_take_the_same_queries_for_one_and_several_rows(
    client, secretariat, shandong_group, who, url_name, state
):
    government = CityGovernmentFactory()
    officer = applicant_for(government)
    edition = CityRulesFactory().edition
    city_in_state(state, organization=government, edition=edition)
    user = {"secretariat": secretariat, "province": shandong_group, "city": officer, "public": None}[who]
    if user:
        client.force_login(user)
    url = reverse(url_name)
    _count(client, url)  # warm the per-process caches (content types, site settings)
    one = _count(client, url)
    for _ in range(4):
        other = CityGovernmentFactory()
        city_in_state(state, organization=other, edition=edition)
        officer.memberships.create(organization=other)
    several = _count(client, url)

    assert several == one
    assert text(client.get(url)).count("<tr>") >= 6
