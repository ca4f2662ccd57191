"""The 批准筹建 (zones) and 批准创建 (cities) buttons are offered only when the credit screening lets
the step through (issue 17's leftover): the desks ask the same predicate perform_transition refuses
with (eligibility.selectors.gated_step_blocker), and the case page says why the button is missing.
The registry client is the recorded-response fake (the real registries cannot be reached from here)."""

import html

import pytest

from accounts.roles import Role
from brands.models import State as ZoneState
from cities.models import State as CityState
from tests.brands.factories import zone_in_state
from tests.cities.factories import city_in_state
from tests.factories import UserFactory
from workflows import desks
from workflows.eligibility.models import CreditCheck, EligibilityRule, RuleType
from workflows.eligibility.selectors import gated_step_blocker
from workflows.exceptions import CreditNotCleared
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db

OUTAGE = "91370200MA3C00038F"  # the registry does not answer: pending until staff decide
SERIOUS_HIT = "91370200MA3C00011P"
CLEAN = "91370200MA3C00046A"


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.SECRETARIAT])
    client.force_login(user)
    return user


def _with_code(dossier, code):
    type(dossier.organization).objects.filter(pk=dossier.organization.pk).update(credit_code=code)
    dossier.refresh_from_db()
    return dossier


def _page(client, url) -> str:
    return html.unescape(client.get(url).content.decode())


def _offered(dossier, user) -> set[str]:
    return {action.transition for action in desks.offered(dossier, user)}


def _service_allows(dossier, transition, user) -> bool:
    """Whether the service takes the step (rolled back: the question only)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            perform_transition(dossier, transition, actor=user)
            raise RuntimeError("rollback")
    except CreditNotCleared:
        return False
    except RuntimeError:
        return True


@pytest.mark.parametrize("code", [OUTAGE, SERIOUS_HIT, CLEAN])
def test_the_zone_button_follows_the_services_own_check(client, staff, code):
    zone = _with_code(zone_in_state(ZoneState.NATIONAL_REVIEW), code)
    client.post(f"/eligibility/zones/{zone.pk}/credit-screening/")

    page = _page(client, f"/zones/staff/{zone.pk}/")
    blocker = gated_step_blocker(zone, "approve_for_creation")

    assert (
        ("approve_for_creation" in _offered(zone, staff))
        is (blocker == "")
        is _service_allows(zone, "approve_for_creation", staff)
    )
    assert ('value="approve"' in page) is (blocker == "")
    if blocker:
        assert f"“批准筹建”须待信用核查通过后才能办理：{blocker}" in page
    else:
        assert "须待信用核查通过后才能办理" not in page


def test_the_zone_button_appears_once_staff_decide_the_pending_screening(client, staff):
    zone = _with_code(zone_in_state(ZoneState.NATIONAL_REVIEW), OUTAGE)
    client.post(f"/eligibility/zones/{zone.pk}/credit-screening/")
    before = _page(client, f"/zones/staff/{zone.pk}/")
    stale = client.post(
        f"/zones/staff/{zone.pk}/action/",
        {"action": "approve", "approval_doc_no": "国市监质发〔2026〕12号", "expected_state": zone.state},
        follow=True,
    )

    check = CreditCheck.objects.get()
    client.post(
        f"/eligibility/zones/{zone.pk}/credit-screening/{check.pk}/decision/",
        {"passed": "1", "reason": "已在信用中国网站人工查询，未见失信记录"},
    )
    after = _page(client, f"/zones/staff/{zone.pk}/")

    assert 'value="approve"' not in before and "信用核查尚待经办人决定" in before
    # A page opened earlier posts the button anyway: refused with the screening's reason, nothing changes.
    assert "信用核查尚待经办人决定" in html.unescape(stale.content.decode())
    zone.refresh_from_db()
    assert zone.state == ZoneState.NATIONAL_REVIEW
    assert 'value="approve"' in after and "须待信用核查通过后才能办理" not in after


def test_a_hard_good_credit_rule_hides_the_button_until_screened(client, staff):
    zone = _with_code(zone_in_state(ZoneState.NATIONAL_REVIEW), CLEAN)
    EligibilityRule.objects.create(edition=zone.edition, rule_type=RuleType.GOOD_CREDIT, is_hard=True)

    before = _page(client, f"/zones/staff/{zone.pk}/")
    client.post(f"/eligibility/zones/{zone.pk}/credit-screening/")
    after = _page(client, f"/zones/staff/{zone.pk}/")

    assert 'value="approve"' not in before and "本届要求信用良好：请先查询信用记录。" in before
    assert 'value="approve"' in after


def test_the_city_button_is_held_back_by_a_pending_screening(client, staff):
    city = _with_code(city_in_state(CityState.HEARING), OUTAGE)
    offered_before = _offered(city, staff)
    client.post(f"/eligibility/cities/{city.pk}/credit-screening/")

    page = _page(client, f"/cities/staff/{city.pk}/")
    stale = client.post(f"/cities/staff/{city.pk}/action/", {"action": "approve_creation"}, follow=True)

    assert "approve_creation" in offered_before  # not screened, no hard rule: the step is free
    assert "approve_creation" not in _offered(city, staff)
    assert not _service_allows(city, "approve_creation", staff)
    assert "“批准创建”须待信用核查通过后才能办理：信用核查尚待经办人决定" in page
    assert "信用核查尚待经办人决定" in html.unescape(stale.content.decode())
    city.refresh_from_db()
    assert city.state == CityState.HEARING
