"""Open-data API: the public zones directory, one zone's profile, and a creating body's own zone cases."""

import pytest

from accounts.roles import Role
from brands import services as zone_services
from brands.models import State
from tests.brands.factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures, zone_in_state
from tests.factories import UserFactory, applicant_for

pytestmark = pytest.mark.django_db


def test_zone_list_holds_public_zones_only_with_their_directory_fields(client):
    shown = zone_in_state(State.DEMONSTRATION, name="青岛家电示范区", area_km2="88.25")
    draft = ZoneFactory(name="尚未申报的示范区")  # drafts and cases under review are not public
    applied = zone_in_state(State.NATIONAL_REVIEW, name="国家审核中的示范区")

    body = client.get("/api/v1/zones").json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["id"], item["name"], item["creating_body"], item["area_km2"]) == (
        shown.pk,
        "青岛家电示范区",
        shown.organization.name,
        88.25,
    )
    assert (item["province_code"], item["edition_year"], item["url"]) == (
        "37",
        shown.edition.year,
        f"http://testserver/zones/{shown.pk}/",
    )
    text = str(body)
    assert draft.name not in text and applied.name not in text


def test_zone_list_filters_by_status_province_industry_and_year(client):
    rules = ZoneRulesFactory(edition__year=2031)  # the API accepts years up to 2100; factory years run on
    wanted = zone_in_state(
        State.UNDER_CREATION, edition=rules.edition, organization=CreatingBodyFactory(region_code="440300")
    )
    zone_in_state(State.DEMONSTRATION, edition=rules.edition, organization=CreatingBodyFactory(region_code="440300"))
    zone_in_state(State.UNDER_CREATION, edition=rules.edition, organization=CreatingBodyFactory(region_code="370211"))
    zone_in_state(
        State.UNDER_CREATION,
        edition=rules.edition,
        organization=CreatingBodyFactory(region_code="440300"),
        leading_industry="纺织",
    )
    other_year = ZoneRulesFactory(edition__year=2032).edition
    zone_in_state(State.UNDER_CREATION, edition=other_year, organization=CreatingBodyFactory(region_code="440300"))

    body = client.get(
        "/api/v1/zones", {"status": "creating", "province": "44", "industry": "家电", "year": rules.edition.year}
    ).json()

    assert [item["id"] for item in body["items"]] == [wanted.pk]


@pytest.mark.parametrize(
    "params", [{"province": "4x"}, {"status": "secret-state"}, {"year": "1800"}, {"limit": "0"}, {"offset": "-1"}]
)
def test_bad_zone_filters_are_a_422_with_the_reason(client, params):
    response = client.get("/api/v1/zones", params)

    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数无效"


def test_zone_detail_has_figures_in_year_order_and_the_public_timeline(client):
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    rules = ZoneRulesFactory()
    zone = zone_in_state(State.NATIONAL_REVIEW, edition=rules.edition, summary="以家电为主导产业")
    figures(zone, 2026, output_value="612.40")
    figures(zone, 2025, output_value="580")
    zone_services.approve_for_creation(zone, actor=secretariat, approval_doc_no="国市监〔2026〕1号")

    body = client.get(f"/api/v1/zones/{zone.pk}").json()

    assert [(row["year"], row["output_value"]) for row in body["year_figures"]] == [(2025, 580.0), (2026, 612.4)]
    assert [entry["status"] for entry in body["timeline"]] == [
        "批准筹建",
        "筹建中",
    ]
    assert body["timeline"][0]["at"].endswith("+08:00")
    assert (body["summary"], body["status"]) == ("以家电为主导产业", "筹建中")


def test_a_zone_the_public_cannot_see_is_a_404_in_the_api_too(client):
    hidden = zone_in_state(State.PROVINCIAL_REVIEW)

    response = client.get(f"/api/v1/zones/{hidden.pk}")

    assert (response.status_code, response.json()) == (404, {"detail": "未找到"})


def test_my_zones_lists_the_members_own_cases_including_drafts_and_nobody_elses(client):
    body_a, body_b = CreatingBodyFactory(), CreatingBodyFactory()
    own_draft = ZoneFactory(organization=body_a, name="本单位草稿")
    others = ZoneFactory(organization=body_b, name="他单位草稿")
    client.force_login(applicant_for(body_a))

    body = client.get("/api/v1/me/zones").json()

    assert [item["id"] for item in body["items"]] == [own_draft.pk]
    assert body["items"][0]["url"] == f"http://testserver/zones/mine/{own_draft.pk}/"
    assert others.name not in str(body)


def test_my_zones_needs_a_login(client):
    ZoneFactory()

    response = client.get("/api/v1/me/zones")

    assert response.status_code == 401


@pytest.mark.parametrize("rows", [1, 6])
def test_zone_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    for _ in range(rows):
        zone_in_state(State.DEMONSTRATION)

    with django_assert_num_queries(2):  # the count and one page of zones with body, edition and program
        body = client.get("/api/v1/zones").json()

    assert body["count"] == rows
