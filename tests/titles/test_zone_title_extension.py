"""A renewed demonstration zone keeps its Title past the original end (extend_title), logged, and the
daily expiry job then leaves it alone until the new end.
"""

import datetime as dt

import pytest
import time_machine

from brands import services as zones
from brands.models import State, Zone
from tests.brands.factories import ZoneFactory
from tests.factories import UserFactory
from workflows.exceptions import NotPermitted, TransitionNotAllowed, WorkflowError
from workflows.models import TransitionLog
from workflows.notices.services import close_public_notice
from workflows.selectors import verify_audit_chain
from workflows.titles.models import Revocation, TitleState
from workflows.titles.services import expire_due_titles, extend_title, revoke_title
from workflows.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return UserFactory(roles=["secretariat"])


def recognized_zone(secretariat):
    """A zone named on 2026-05-18 through the notice engine: Title valid 2026-05-18 … 2029-05-17."""
    zone = ZoneFactory()
    Zone.objects.filter(pk=zone.pk).update(state=State.PROPOSED)
    zone.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = zones.put_on_public_notice([zone], actor=secretariat)
    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        close_public_notice(notice, actor=secretariat)
        zones.recognize_zone(zone, actor=secretariat, document_no="国市监质发〔2026〕30号")
    zone.refresh_from_db()
    return zone


def renew(zone, secretariat):
    with time_machine.travel(dt.datetime(2029, 4, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        zones.transition_zone(zone, "start_expiry_review", actor=secretariat)
        zones.renew_zone(zone, actor=secretariat, reason="期满复核合格")
    zone.refresh_from_db()


def test_renewal_extends_the_title_to_the_new_demonstration_end(secretariat):
    zone = recognized_zone(secretariat)
    before = zones.zone_title(zone).valid_until

    renew(zone, secretariat)

    title = zones.zone_title(zone)
    log = TransitionLog.objects.get(content_type__model="title", object_id=str(title.pk), transition="extend_validity")
    assert (before, title.valid_until, zone.demonstration_ends_on) == (
        dt.date(2029, 5, 17),
        dt.date(2032, 5, 17),
        dt.date(2032, 5, 17),
    )
    assert (log.from_state, log.to_state, log.actor) == (TitleState.ACTIVE, TitleState.ACTIVE, secretariat)
    assert log.reason.startswith("有效期由 2029-05-17 延至 2032-05-17")
    assert verify_audit_chain() == []


def test_the_expiry_job_leaves_a_renewed_title_valid_past_the_old_end(secretariat):
    zone = recognized_zone(secretariat)
    renew(zone, secretariat)

    expired_after_old_end = expire_due_titles(today=dt.date(2029, 6, 1))
    state_after_old_end = zones.zone_title(zone).state
    expired_after_new_end = expire_due_titles(today=dt.date(2032, 5, 18))

    assert (expired_after_old_end, state_after_old_end) == (0, TitleState.ACTIVE)
    assert (expired_after_new_end, zones.zone_title(zone).state) == (1, TitleState.EXPIRED)


def test_without_renewal_the_title_expires_at_the_original_end(secretariat):
    zone = recognized_zone(secretariat)

    expired = expire_due_titles(today=dt.date(2029, 6, 1))

    assert (expired, zones.zone_title(zone).state) == (1, TitleState.EXPIRED)


def test_the_longer_validity_gets_its_periodic_reviews(secretariat):
    zone = recognized_zone(secretariat)
    title = zones.zone_title(zone)
    reviews_before = list(title.periodic_reviews.values_list("due_on", flat=True))

    renew(zone, secretariat)

    reviews_after = list(title.periodic_reviews.values_list("due_on", flat=True))
    # yearly reviews (the default interval) from the naming day, up to the new end
    assert reviews_before == [dt.date(2027, 5, 18), dt.date(2028, 5, 18)]
    assert reviews_after == [
        dt.date(2027, 5, 18),
        dt.date(2028, 5, 18),
        dt.date(2029, 5, 18),
        dt.date(2030, 5, 18),
        dt.date(2031, 5, 18),
    ]


def test_only_the_secretariat_extends_a_title(secretariat):
    title = zones.zone_title(recognized_zone(secretariat))

    with pytest.raises(NotPermitted):
        extend_title(title, until=dt.date(2032, 5, 17), actor=UserFactory(), reason="x")

    title.refresh_from_db()
    assert title.valid_until == dt.date(2029, 5, 17)


def test_the_new_end_must_be_later(secretariat):
    title = zones.zone_title(recognized_zone(secretariat))

    with pytest.raises(WorkflowError) as error:
        extend_title(title, until=dt.date(2029, 5, 17), actor=secretariat, reason="x")

    assert error.value.message == "新的有效期须晚于原有效期。"


def test_a_revoked_title_is_not_extended(secretariat):
    title = zones.zone_title(recognized_zone(secretariat))
    revoke_title(
        title,
        trigger=Revocation.Trigger.FRAUD,
        reason="弄虚作假",
        authority="国家市场监督管理总局",
        document_no="文号",
        decided_on=dt.date(2027, 1, 5),
        actor=secretariat,
    )

    with pytest.raises(TransitionNotAllowed):
        extend_title(title, until=dt.date(2032, 5, 17), actor=secretariat, reason="x")

    title.refresh_from_db()
    assert title.valid_until == dt.date(2029, 5, 17)


def test_the_title_does_not_lapse_while_the_expiry_review_runs_past_its_end(secretariat):
    """Staff may decide the expiry review after the last day: the title waits, renewal then extends it."""
    zone = recognized_zone(secretariat)
    with time_machine.travel(dt.datetime(2029, 5, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        zones.transition_zone(zone, "start_expiry_review", actor=secretariat)

    waited = expire_due_titles(today=dt.date(2029, 5, 25))
    with time_machine.travel(dt.datetime(2029, 5, 28, 9, 0, tzinfo=SHANGHAI), tick=False):
        zones.renew_zone(zone, actor=secretariat, reason="复核合格")

    zone.refresh_from_db()
    title = zones.zone_title(zone)
    assert (waited, zone.state, title.state) == (0, State.DEMONSTRATION, TitleState.ACTIVE)
    assert title.valid_until == zone.demonstration_ends_on > dt.date(2029, 5, 17)


def test_a_zone_that_leaves_its_expiry_review_without_renewal_loses_the_title_on_the_next_run(secretariat):
    zone = recognized_zone(secretariat)
    with time_machine.travel(dt.datetime(2029, 5, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        zones.transition_zone(zone, "start_expiry_review", actor=secretariat)
    expire_due_titles(today=dt.date(2029, 5, 25))

    zones.transition_zone(zone, "expire", actor=secretariat, reason="复核不合格")
    expired = expire_due_titles(today=dt.date(2029, 5, 26))

    assert (expired, zones.zone_title(zone).state) == (1, TitleState.EXPIRED)
