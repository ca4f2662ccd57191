"""The provincial recommender's zone screen: only zones of the recommender's region, decisions through
the services, a reason required for not recommending. Zones of another province sit in the same states
so that any leak would show.
"""

import html

import pytest
from django.urls import reverse

from brands.models import State
from tests.factories import UserFactory
from workflows.models import TransitionLog

from .factories import CreatingBodyFactory, zone_in_state

pytestmark = pytest.mark.django_db

# session, user, role grants (region prefixes), page count, zones (one join), site + site settings,
# the Wagtail user bar's two permission lookups
RECOMMENDER_LIST_QUERIES = 9


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def zones():
    """Two Shandong zones awaiting the province and two Guangdong zones in the very same states."""
    return {
        "qingdao": zone_in_state(
            State.APPLIED, name="青岛家电示范区", organization=CreatingBodyFactory(region_code="370211")
        ),
        "weifang": zone_in_state(
            State.PROVINCIAL_REVIEW, name="潍坊蔬菜示范区", organization=CreatingBodyFactory(region_code="370783")
        ),
        "shenzhen": zone_in_state(
            State.APPLIED, name="深圳电子示范区", organization=CreatingBodyFactory(region_code="440300")
        ),
        "foshan": zone_in_state(
            State.PROVINCIAL_REVIEW, name="佛山陶瓷示范区", organization=CreatingBodyFactory(region_code="440600")
        ),
    }


def test_the_list_holds_only_the_recommenders_region(client, shandong_recommender, zones):
    client.force_login(shandong_recommender)

    response = client.get(reverse("brands:recommender_zones"))

    body = text(response)
    assert sorted(zone.name for zone in response.context["page_obj"].object_list) == [
        "潍坊蔬菜示范区",
        "青岛家电示范区",
    ]
    assert ("深圳电子示范区" in body, "佛山陶瓷示范区" in body) == (False, False)


def test_a_city_recommender_sees_only_its_city(client, zones):
    qingdao = UserFactory(roles=[("recommender", "370200")])
    client.force_login(qingdao)

    response = client.get(reverse("brands:recommender_zones"))

    assert [zone.name for zone in response.context["page_obj"].object_list] == ["青岛家电示范区"]


@pytest.mark.parametrize("rows", [1, 4])
def test_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, shandong_recommender, rows):
    for _ in range(rows):
        zone_in_state(State.APPLIED, organization=CreatingBodyFactory(region_code="370211"))
    client.force_login(shandong_recommender)
    client.get(reverse("brands:recommender_zones"))

    with django_assert_num_queries(RECOMMENDER_LIST_QUERIES):
        response = client.get(reverse("brands:recommender_zones"))

    assert len(response.context["page_obj"].object_list) == rows


def test_users_without_a_recommender_grant_are_refused(client, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("brands:recommender_zones"))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["recommender_zone", "recommender_decide"])
def test_another_provinces_zone_is_not_found_and_unchanged(client, guangdong_recommender, zones, name):
    client.force_login(guangdong_recommender)
    zone = zones["qingdao"]
    method = client.get if name == "recommender_zone" else client.post

    response = method(
        reverse(f"brands:{name}", args=[zone.pk]), {"decision": "recommend", "expected_state": State.APPLIED}
    )

    zone.refresh_from_db()
    assert (response.status_code, zone.state) == (404, State.APPLIED)
    assert not TransitionLog.objects.filter(object_id=str(zone.pk)).exists()


def test_recommending_an_applied_zone_opens_the_provincial_review_and_recommends(client, shandong_recommender, zones):
    zone = zones["qingdao"]
    client.force_login(shandong_recommender)

    client.post(
        reverse("brands:recommender_decide", args=[zone.pk]),
        {"decision": "recommend", "reason": "材料齐全，同意推荐", "expected_state": State.APPLIED},
    )

    zone.refresh_from_db()
    logs = list(TransitionLog.objects.filter(object_id=str(zone.pk)).values_list("transition", "reason", "actor"))
    assert zone.state == State.RECOMMENDED
    assert logs == [
        ("start_provincial_review", "", shandong_recommender.pk),
        ("recommend", "材料齐全，同意推荐", shandong_recommender.pk),
    ]


def test_not_recommending_needs_a_reason(client, shandong_recommender, zones):
    zone = zones["weifang"]
    client.force_login(shandong_recommender)

    response = client.post(
        reverse("brands:recommender_decide", args=[zone.pk]),
        {"decision": "not_recommend", "reason": "", "expected_state": State.PROVINCIAL_REVIEW},
        follow=True,
    )

    zone.refresh_from_db()
    assert zone.state == State.PROVINCIAL_REVIEW
    assert "请填写不予推荐的理由。" in text(response)


def test_not_recommending_with_a_reason(client, shandong_recommender, zones):
    zone = zones["weifang"]
    client.force_login(shandong_recommender)

    client.post(
        reverse("brands:recommender_decide", args=[zone.pk]),
        {"decision": "not_recommend", "reason": "产业集聚度不足", "expected_state": State.PROVINCIAL_REVIEW},
    )

    zone.refresh_from_db()
    log = TransitionLog.objects.get(object_id=str(zone.pk))
    assert (zone.state, log.transition, log.reason) == (State.NOT_RECOMMENDED, "not_recommend", "产业集聚度不足")


def test_a_decision_from_a_stale_page_is_refused(client, shandong_recommender, zones):
    zone = zones["weifang"]
    client.force_login(shandong_recommender)

    response = client.post(
        reverse("brands:recommender_decide", args=[zone.pk]),
        {"decision": "recommend", "reason": "", "expected_state": State.APPLIED},
        follow=True,
    )

    zone.refresh_from_db()
    assert zone.state == State.PROVINCIAL_REVIEW
    assert "此记录已被他人更改，请刷新页面后重试。" in text(response)


def test_decided_zones_are_listed_separately_and_cannot_be_decided_again(client, shandong_recommender):
    zone = zone_in_state(State.RECOMMENDED, organization=CreatingBodyFactory(region_code="370211"))
    client.force_login(shandong_recommender)

    pending = client.get(reverse("brands:recommender_zones"))
    decided = client.get(reverse("brands:recommender_zones") + "?decided=1")
    detail = client.get(reverse("brands:recommender_zone", args=[zone.pk]))

    assert list(pending.context["page_obj"].object_list) == []
    assert [z.pk for z in decided.context["page_obj"].object_list] == [zone.pk]
    assert (detail.status_code, detail.context["form"]) == (200, None)


def test_a_zone_already_with_the_nation_is_not_on_the_recommender_screen(client, shandong_recommender):
    zone = zone_in_state(State.UNDER_CREATION, organization=CreatingBodyFactory(region_code="370211"))
    client.force_login(shandong_recommender)

    response = client.get(reverse("brands:recommender_zone", args=[zone.pk]))

    assert response.status_code == 404
