"""Open-data API: the public directory of quality-strong demonstration cities and one city's profile."""

import pytest

from cities.models import State
from tests.cities.factories import CityFactory, CityGovernmentFactory, CityRulesFactory, city_in_state

pytestmark = pytest.mark.django_db


def test_city_list_holds_public_cities_only_with_their_directory_fields(client):
    shown = city_in_state(State.NAMED, name="青岛市")
    draft = CityFactory(name="尚未申报的城市")  # drafts and cases before approval are not public
    applied = city_in_state(State.RECOMMENDED, name="已推荐的城市")

    body = client.get("/api/v1/cities").json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["id"], item["name"], item["creating_body"], item["state"], item["status"]) == (
        shown.pk,
        "青岛市",
        shown.organization.name,
        "named",
        "示范城市（示范期）",
    )
    assert (item["province_code"], item["edition_year"], item["url"]) == (
        "37",
        shown.edition.year,
        f"http://testserver/cities/{shown.pk}/",
    )
    text = str(body)
    assert f"/cities/{draft.pk}/" not in text and f"/cities/{applied.pk}/" not in text


def test_city_list_filters_by_status_province_and_year(client):
    rules = CityRulesFactory(edition__year=2033)
    wanted = city_in_state(
        State.CREATING, edition=rules.edition, organization=CityGovernmentFactory(region_code="440300")
    )
    city_in_state(State.NAMED, edition=rules.edition, organization=CityGovernmentFactory(region_code="440100"))
    city_in_state(State.CREATING, edition=rules.edition, organization=CityGovernmentFactory(region_code="370200"))
    other_year = CityRulesFactory(edition__year=2034).edition
    city_in_state(State.CREATING, edition=other_year, organization=CityGovernmentFactory(region_code="440300"))

    body = client.get("/api/v1/cities", {"status": "creating", "province": "44", "year": 2033}).json()

    assert [item["id"] for item in body["items"]] == [wanted.pk]


@pytest.mark.parametrize("params", [{"province": "4x"}, {"status": "draft"}, {"year": "1800"}, {"limit": "0"}])
def test_bad_city_filters_are_a_422_with_a_message(client, params):
    response = client.get("/api/v1/cities", params)

    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数无效"


def test_city_detail_has_the_public_timeline_and_a_hidden_city_is_a_404(client):
    from tests.factories import UserFactory
    from workflows.services import perform_transition

    secretariat = UserFactory(roles=["secretariat"])
    city = city_in_state(State.PLANNING, summary="以质量强市战略推动高质量发展。")
    City = type(city)
    City.objects.filter(pk=city.pk).update(plan_submitted_at="2026-01-05T10:00:00+08:00")
    perform_transition(city, "approve_plan", actor=secretariat, reason="创建方案可行。")

    body = client.get(f"/api/v1/cities/{city.pk}").json()

    assert [entry["status"] for entry in body["timeline"]] == ["创建期"]
    assert body["timeline"][0]["at"].endswith("+08:00")
    assert (body["summary"], body["status"]) == ("以质量强市战略推动高质量发展。", "创建期")

    hidden = city_in_state(State.HEARING)
    response = client.get(f"/api/v1/cities/{hidden.pk}")
    assert (response.status_code, response.json()) == (404, {"detail": "未找到"})


@pytest.mark.parametrize("rows", [1, 6])
def test_city_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    for _ in range(rows):
        city_in_state(State.NAMED)

    with django_assert_num_queries(2):  # the count and one page of cities with government, edition and program
        body = client.get("/api/v1/cities").json()

    assert body["count"] == rows
