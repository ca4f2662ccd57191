"""Each province may recommend at most the edition's quota of zones (ZoneRules.provincial_quota)."""

import html

import pytest
from django.urls import reverse

from brands import services
from brands.models import State, Zone
from workflows.models import TransitionLog

from .factories import CreatingBodyFactory, ZoneRulesFactory, zone_in_state

pytestmark = pytest.mark.django_db

FULL = "本省本届推荐名额（1个）已用完。"


def zone(rules, region_code: str, state: str = State.PROVINCIAL_REVIEW) -> Zone:
    return zone_in_state(state, edition=rules.edition, organization=CreatingBodyFactory(region_code=region_code))


def test_the_province_cannot_recommend_past_its_quota(shandong_recommender):
    rules = ZoneRulesFactory(provincial_quota=1)
    services.recommend_zone(zone(rules, "370211"), actor=shandong_recommender)
    second = zone(rules, "370783", State.APPLIED)

    with pytest.raises(services.QuotaReached) as refused:
        services.recommend_zone(second, actor=shandong_recommender)

    second.refresh_from_db()
    assert refused.value.message == FULL
    # The provincial review opened on the way is rolled back with the refused recommendation.
    assert (second.state, TransitionLog.objects.filter(object_id=str(second.pk)).count()) == (State.APPLIED, 0)


def test_other_provinces_and_other_editions_have_their_own_quota(shandong_recommender, guangdong_recommender):
    rules = ZoneRulesFactory(provincial_quota=1)
    services.recommend_zone(zone(rules, "370211"), actor=shandong_recommender)

    guangdong = services.recommend_zone(zone(rules, "440300"), actor=guangdong_recommender)
    next_edition = services.recommend_zone(
        zone(ZoneRulesFactory(provincial_quota=1), "370211"), actor=shandong_recommender
    )

    assert (guangdong.state, next_edition.state) == (State.RECOMMENDED, State.RECOMMENDED)


@pytest.mark.parametrize("state", [State.NOT_RECOMMENDED, State.WITHDRAWN, State.APPLIED, State.DRAFT])
def test_cases_that_did_not_use_a_recommendation_leave_the_place_free(shandong_recommender, state):
    rules = ZoneRulesFactory(provincial_quota=1)
    zone(rules, "370211", state)

    recommended = services.recommend_zone(zone(rules, "370783"), actor=shandong_recommender)

    assert recommended.state == State.RECOMMENDED


@pytest.mark.parametrize("later", [State.NATIONAL_REVIEW, State.REJECTED, State.UNDER_CREATION, State.REVOKED])
def test_a_recommendation_stays_used_whatever_happened_to_it_later(shandong_recommender, later):
    rules = ZoneRulesFactory(provincial_quota=1)
    zone(rules, "370211", later)

    with pytest.raises(services.QuotaReached):
        services.recommend_zone(zone(rules, "370783"), actor=shandong_recommender)


def test_no_quota_means_no_limit(shandong_recommender):
    rules = ZoneRulesFactory(provincial_quota=0)
    for region in ("370211", "370783", "370102"):
        services.recommend_zone(zone(rules, region), actor=shandong_recommender)

    assert Zone.objects.filter(edition=rules.edition, state=State.RECOMMENDED).count() == 3


def test_the_recommender_screen_explains_a_full_quota(client, shandong_recommender):
    rules = ZoneRulesFactory(provincial_quota=1)
    services.recommend_zone(zone(rules, "370211"), actor=shandong_recommender)
    waiting = zone(rules, "370783")
    client.force_login(shandong_recommender)

    response = client.post(
        reverse("brands:recommender_decide", args=[waiting.pk]),
        {"decision": "recommend", "reason": "", "expected_state": State.PROVINCIAL_REVIEW},
        follow=True,
    )

    waiting.refresh_from_db()
    assert (response.status_code, waiting.state) == (200, State.PROVINCIAL_REVIEW)
    assert FULL in html.unescape(response.content.decode())
