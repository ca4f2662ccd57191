"""Credit screening at qualification review, over HTTP as the secretariat.

The real registries (信用中国, 国家企业信用信息公示系统) cannot be reached from here; the configured
client is the recorded-response fake (workflows/eligibility/credit.py) reading
workflows/eligibility/data/credit_recordings.json, which holds a serious-dishonesty hit, an
administrative penalty and a recorded outage.
"""

import pytest

from awards import services
from awards.models import State
from tests.awards.factories import Cast
from workflows.eligibility.models import CreditCheck, EligibilityRule, RuleResult, RuleType
from workflows.models import TransitionLog
from workflows.selectors import verify_audit_chain

pytestmark = pytest.mark.django_db

SERIOUS_HIT = "91370200MA3C00011P"
PENALTY = "91370200MA3C0002XF"
OUTAGE = "91370200MA3C00038F"
CLEAN = "91370200MA3C00046A"


def _accepted(credit_code: str):
    cast = Cast()
    type(cast.organization).objects.filter(pk=cast.organization.pk).update(credit_code=credit_code)
    EligibilityRule.objects.create(edition=cast.edition, rule_type=RuleType.GOOD_CREDIT, is_hard=True)
    type(cast.application).objects.filter(pk=cast.application.pk).update(state=State.ACCEPTED)
    cast.application.refresh_from_db()
    return cast


def _screen(client, cast):
    client.force_login(cast.secretariat)
    return client.post(f"/eligibility/awards/{cast.application.pk}/credit-screening/", follow=True)


def test_a_serious_dishonesty_hit_is_recorded_with_query_response_and_decision(client):
    cast = _accepted(SERIOUS_HIT)

    page = _screen(client, cast).content.decode()

    check = CreditCheck.objects.get()
    assert (check.credit_code, check.queried_by, check.status, check.decision) == (
        SERIOUS_HIT,
        cast.secretariat,
        "hit",
        "failed",
    )
    assert check.records[0]["list"] == "严重违法失信主体名单"
    assert "提供虚假材料取得行政许可，列入严重违法失信名单" in page
    assert "列入严重失信主体名单，不符合申报条件" in page


def test_the_screening_is_written_to_the_audit_trail(client):
    cast = _accepted(SERIOUS_HIT)

    _screen(client, cast)

    log = TransitionLog.objects.get(transition="credit_screening")
    assert (log.object_id, log.actor, SERIOUS_HIT in log.reason, "不通过" in log.reason) == (
        str(cast.application.pk),
        cast.secretariat,
        True,
        True,
    )
    assert verify_audit_chain() == []


def test_a_hit_blocks_qualification_through_the_good_credit_rule(client):
    cast = _accepted(SERIOUS_HIT)
    _screen(client, cast)

    with pytest.raises(services.NotEligible):
        services.qualify_application(cast.application, user=cast.secretariat, expected_state=State.ACCEPTED)


def test_an_unavailable_registry_never_passes_and_asks_staff_to_decide(client):
    cast = _accepted(OUTAGE)

    page = _screen(client, cast).content.decode()

    check = CreditCheck.objects.get()
    assert (check.status, check.decision, check.error) == ("unavailable", "pending", "信用平台接口超时（录制的故障）")
    assert "未能自动判定：请经办人决定是否通过，并写明理由。" in page
    assert RuleResult.objects.get().outcome == "needs_review"
    with pytest.raises(services.NotEligible):
        services.qualify_application(cast.application, user=cast.secretariat, expected_state=State.ACCEPTED)


def test_a_staff_decision_needs_a_reason_and_nothing_is_recorded_without_one(client):
    cast = _accepted(OUTAGE)
    _screen(client, cast)
    check = CreditCheck.objects.get()

    page = client.post(
        f"/eligibility/awards/{cast.application.pk}/credit-screening/{check.pk}/decision/",
        {"passed": "1", "reason": ""},
    ).content.decode()

    check.refresh_from_db()
    assert (check.decision, RuleResult.objects.count()) == ("pending", 1)
    assert 'aria-describedby="id_reason_error"' in page


def test_staff_decide_an_unavailable_lookup_with_a_reason_and_the_rule_follows(client):
    cast = _accepted(OUTAGE)
    _screen(client, cast)
    check = CreditCheck.objects.get()

    client.post(
        f"/eligibility/awards/{cast.application.pk}/credit-screening/{check.pk}/decision/",
        {"passed": "1", "reason": "已登录信用中国网站人工查询，未见失信记录，截图已存档"},
    )

    check.refresh_from_db()
    assert (check.decision, check.decided_by, check.decision_reason) == (
        "passed",
        cast.secretariat,
        "已登录信用中国网站人工查询，未见失信记录，截图已存档",
    )
    assert list(RuleResult.objects.values_list("outcome", flat=True)) == ["needs_review", "passed"]
    assert TransitionLog.objects.filter(transition="credit_screening").count() == 2


def test_a_penalty_record_is_left_to_staff(client):
    cast = _accepted(PENALTY)

    _screen(client, cast)

    assert CreditCheck.objects.values_list("status", "decision").get() == ("hit", "pending")


def test_no_records_passes(client):
    cast = _accepted(CLEAN)

    _screen(client, cast)

    assert CreditCheck.objects.values_list("status", "decision").get() == ("clear", "passed")
    assert RuleResult.objects.get().outcome == "passed"


def test_the_dossier_page_shows_the_screening_to_staff_only(client):
    cast = _accepted(SERIOUS_HIT)
    _screen(client, cast)

    staff_page = client.get(f"/portal/applications/{cast.application.pk}/").content.decode()
    client.force_login(cast.applicant)
    applicant_page = client.get(f"/portal/applications/{cast.application.pk}/").content.decode()

    assert "严重违法失信主体名单" in staff_page
    assert "严重违法失信主体名单" not in applicant_page


def test_others_cannot_screen(client):
    cast = _accepted(SERIOUS_HIT)
    client.force_login(cast.recommender)

    response = client.post(f"/eligibility/awards/{cast.application.pk}/credit-screening/")

    assert response.status_code in (403, 404)
    assert CreditCheck.objects.count() == 0


def test_the_english_page_shows_the_screening_in_english(client):
    cast = _accepted(SERIOUS_HIT)
    _screen(client, cast)

    page = client.get(f"/portal/applications/{cast.application.pk}/qualification/?lang=en").content.decode()

    assert "Credit screening" in page
    assert "信用核查" not in page
