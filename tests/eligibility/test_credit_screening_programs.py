"""Credit screening as an eligibility step on the zone and city desks, over HTTP as the secretariat.

The step is the engine's (workflows/eligibility/views.py, `Program.credit_screening`): the programs
only say in which states it is offered and which transition it holds back. The registry client is
the recorded-response fake (workflows/eligibility/data/credit_recordings.json); the real registries
cannot be reached from here.
"""

import html
import re

import pytest
from django.urls import reverse

from brands.models import State as ZoneState
from cities.models import State as CityState
from tests.brands.factories import zone_in_state
from tests.cities.factories import city_in_state
from tests.factories import UserFactory
from workflows.eligibility.models import CreditCheck, EligibilityRule, RuleResult, RuleType
from workflows.exceptions import CreditNotCleared
from workflows.models import TransitionLog
from workflows.selectors import verify_audit_chain
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db

SERIOUS_HIT = "91370200MA3C00011P"
PENALTY = "91370200MA3C0002XF"
OUTAGE = "91370200MA3C00038F"
CLEAN = "91370200MA3C00046A"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def staff(client):
    from accounts.roles import Role

    user = UserFactory(roles=[Role.SECRETARIAT])
    client.force_login(user)
    return user


def _zone(credit_code: str, state=ZoneState.NATIONAL_REVIEW):
    zone = zone_in_state(state)
    type(zone.organization).objects.filter(pk=zone.organization.pk).update(credit_code=credit_code)
    zone.refresh_from_db()
    return zone


def _approve(client, zone):
    return client.post(
        reverse("brands:staff_action", args=[zone.pk]),
        {"action": "approve", "approval_doc_no": "国市监质发〔2026〕12号", "expected_state": zone.state},
        follow=True,
    )


def _screen(client, program: str, dossier, next_url: str = ""):
    data = {"next": next_url} if next_url else {}
    return client.post(f"/eligibility/{program}/{dossier.pk}/credit-screening/", data, follow=True)


def test_the_zone_page_offers_the_screening_in_national_review_and_records_query_response_and_decision(
    client, staff
):
    zone = _zone(SERIOUS_HIT)

    page = text(_screen(client, "zones", zone))

    check = CreditCheck.objects.get()
    assert (check.credit_code, check.queried_name, check.queried_by, check.status, check.decision) == (
        SERIOUS_HIT,
        zone.organization.name,
        staff,
        "hit",
        "failed",
    )
    assert "提供虚假材料取得行政许可，列入严重违法失信名单" in page
    assert 'id="run-credit-screening"' in page  # back on the zone's case page, still in national review


def test_a_zone_screening_is_on_the_zones_audit_trail(client, staff):
    zone = _zone(PENALTY)

    _screen(client, "zones", zone)

    log = TransitionLog.objects.get(transition="credit_screening")
    assert (log.object_id, log.actor, log.from_state, log.to_state) == (
        str(zone.pk),
        staff,
        "national_review",
        "national_review",
    )
    assert PENALTY in log.reason
    assert verify_audit_chain() == []
    page = text(client.get(reverse("brands:staff_zone", args=[zone.pk])))
    assert "超标排放，罚款人民币二万元" in page


def test_a_failed_lookup_holds_back_the_zones_approval_until_staff_decide_with_a_reason(client, staff):
    zone = _zone(OUTAGE)
    _screen(client, "zones", zone)

    refused = text(_approve(client, zone))

    zone.refresh_from_db()
    assert zone.state == ZoneState.NATIONAL_REVIEW
    assert "信用核查尚待经办人决定" in refused

    check = CreditCheck.objects.get()
    client.post(
        f"/eligibility/zones/{zone.pk}/credit-screening/{check.pk}/decision/",
        {"passed": "1", "reason": "已在信用中国网站人工查询，未见失信记录"},
    )
    _approve(client, zone)

    zone.refresh_from_db()
    assert zone.state == ZoneState.UNDER_CREATION


def test_a_serious_dishonesty_hit_refuses_the_zones_approval(client, staff):
    zone = _zone(SERIOUS_HIT)
    _screen(client, "zones", zone)

    page = text(_approve(client, zone))

    zone.refresh_from_db()
    assert (zone.state, "信用核查不通过，不能办理此步骤。" in page) == (ZoneState.NATIONAL_REVIEW, True)


def test_an_edition_that_requires_good_credit_holds_back_approval_until_screened(client, staff):
    zone = _zone(CLEAN)
    EligibilityRule.objects.create(edition=zone.edition, rule_type=RuleType.GOOD_CREDIT, is_hard=True)

    refused = text(_approve(client, zone))
    _screen(client, "zones", zone)
    _approve(client, zone)

    zone.refresh_from_db()
    assert "本届要求信用良好：请先查询信用记录。" in refused
    assert zone.state == ZoneState.UNDER_CREATION
    assert RuleResult.objects.get().outcome == "passed"


def test_an_edition_without_the_rule_and_no_screening_approves_as_before(client, staff):
    zone = _zone(CLEAN)

    _approve(client, zone)

    zone.refresh_from_db()
    assert zone.state == ZoneState.UNDER_CREATION


def test_a_zone_outside_national_review_cannot_be_screened(client, staff):
    zone = _zone(CLEAN, state=ZoneState.UNDER_CREATION)

    page = text(_screen(client, "zones", zone))

    assert CreditCheck.objects.count() == 0
    assert "当前状态下不能执行此操作。" in page
    assert 'id="run-credit-screening"' not in page


def test_a_decision_without_a_reason_is_refused_and_keeps_the_choice(client, staff):
    zone = _zone(OUTAGE)
    _screen(client, "zones", zone)
    check = CreditCheck.objects.get()

    response = client.post(
        f"/eligibility/zones/{zone.pk}/credit-screening/{check.pk}/decision/", {"passed": "0", "reason": " "}
    )

    check.refresh_from_db()
    page = text(response)
    assert (response.status_code, check.decision) == (400, "pending")
    assert 'aria-describedby="id_reason_error"' in page
    assert re.search(r'name="passed" value="0"[^>]*checked', page)
    back = reverse("brands:staff_zone", args=[zone.pk]) + "#credit-screening"
    assert f'href="{back}"' in page  # the way back to the case
    assert f'name="next" value="{back}"' in page  # and where the corrected decision returns to


def test_only_the_secretariat_may_screen_a_zone(client):
    zone = _zone(CLEAN)
    client.force_login(zone.created_by)

    response = client.post(f"/eligibility/zones/{zone.pk}/credit-screening/")

    assert (response.status_code, CreditCheck.objects.count()) == (404, 0)


def test_an_unknown_program_is_not_found(client, staff):
    assert client.post("/eligibility/nothing/1/credit-screening/").status_code == 404


def test_the_city_page_offers_the_screening_from_the_recommendation_and_keeps_it(client, staff):
    city = city_in_state(CityState.RECOMMENDED)
    type(city.organization).objects.filter(pk=city.organization.pk).update(credit_code=PENALTY)

    page = text(_screen(client, "cities", city))

    check = CreditCheck.objects.get()
    assert (check.credit_code, check.status, check.decision) == (PENALTY, "hit", "pending")
    assert "未能自动判定：请经办人决定是否通过，并写明理由。" in page
    assert TransitionLog.objects.filter(transition="credit_screening", object_id=str(city.pk)).count() == 1


def test_a_pending_screening_holds_back_the_citys_approval_whatever_the_entry_point(client, staff):
    city = city_in_state(CityState.HEARING)
    type(city.organization).objects.filter(pk=city.organization.pk).update(credit_code=OUTAGE)
    _screen(client, "cities", city)

    with pytest.raises(CreditNotCleared):
        perform_transition(city, "approve_creation", actor=staff)

    city.refresh_from_db()
    assert city.state == CityState.HEARING
