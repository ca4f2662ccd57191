"""One zone from draft to demonstration and then revoked; another to creation_failed by the deadline task.

Expert scoring runs through workflows/review, the notice through workflows/notices and the
Title and its revocation through workflows/titles: no second copy of that logic here.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

import cms.demo
from brands import services
from brands.models import ExtensionRequest, State, Zone, ZoneReport
from brands.tasks import fail_overdue_zone_creations
from cms.models import NoticePage
from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.notices.services import close_public_notice
from workflows.review import services as review
from workflows.selectors import verify_audit_chain
from workflows.titles.models import Revocation, TitleState
from workflows.workdays import SHANGHAI

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures
from .review_helpers import score_through_review

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def logged_states(zone):
    return list(
        TransitionLog.objects.filter(object_id=str(zone.pk), content_type__model="zone").values_list(
            "to_state", flat=True
        )
    )


def test_zone_walks_from_draft_to_demonstration_and_is_revoked(
    secretariat, shandong_recommender, django_capture_on_commit_callbacks
):
    cms.demo.seed()
    with time_machine.travel(START, tick=False):
        rules = ZoneRulesFactory()
        body = CreatingBodyFactory(region_code="370211")
        officer = applicant_for(body)
        zone = services.create_zone(
            edition=rules.edition,
            organization=body,
            actor=officer,
            name="青岛西海岸家电示范区",
            park_name="西海岸家电产业园",
            region_code="370211",
            leading_industry="家电",
            industry_code="C38",
        )
        services.record_year_figures(zone, actor=officer, year=2025, output_value=Decimal("500"), brand_count=12)
        services.record_year_figures(
            zone,
            actor=officer,
            year=2026,
            output_value=Decimal("540"),
            brand_count=12,
            standards_led_count=6,
            leading_industry_share=Decimal("45"),
            enterprise_count=150,
        )
        services.submit_zone(zone, actor=officer, expected_state=State.DRAFT)
        services.transition_zone(zone, "start_provincial_review", actor=shandong_recommender)
        services.transition_zone(zone, "recommend", actor=shandong_recommender)
        services.transition_zone(zone, "start_national_review", actor=secretariat)
        services.approve_for_creation(zone, actor=secretariat, approval_doc_no="国市监质发〔2026〕12号")

    with time_machine.travel(dt.datetime(2026, 4, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        services.file_report(zone, actor=officer, kind=ZoneReport.Kind.CREATION_PROGRESS, year=2026, summary="进展")
        services.file_report(zone, actor=officer, kind=ZoneReport.Kind.MIDTERM_SELF_CHECK, year=2026, summary="自查")
        services.request_extension(zone, actor=officer, reason="配套设施建设需要更多时间")
        services.decide_extension(zone, actor=secretariat, grant=True, note="同意延期6个月")

    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.apply_for_acceptance(zone, actor=officer)
        services.transition_zone(zone, "start_acceptance_precheck", actor=secretariat)
        services.transition_zone(zone, "start_expert_assessment", actor=secretariat)
        score_through_review([zone], secretariat, percentage=80)
        services.conclude_expert_assessment(zone, actor=secretariat)
        notice = services.put_on_public_notice([zone], actor=secretariat)

    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        close_public_notice(notice, actor=secretariat)
        services.recognize_zone(zone, actor=secretariat, document_no="国市监质发〔2026〕30号")
        recognized = Zone.objects.get(pk=zone.pk)
        services.file_report(zone, actor=officer, kind=ZoneReport.Kind.DEMONSTRATION_ANNUAL, year=2026, summary="年报")

    with (
        time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.revoke_zone(
            zone,
            actor=secretariat,
            reason="发生重大质量安全事故",
            trigger=Revocation.Trigger.MAJOR_INCIDENT,
            authority="国家市场监督管理总局",
            document_no="国市监质发〔2026〕99号",
        )

    zone.refresh_from_db()
    title = services.zone_title(zone)
    assert logged_states(zone) == [
        State.APPLIED,
        State.PROVINCIAL_REVIEW,
        State.RECOMMENDED,
        State.NATIONAL_REVIEW,
        State.APPROVED_FOR_CREATION,
        State.UNDER_CREATION,
        State.UNDER_CREATION,  # the granted extension, logged as its own decision
        State.ACCEPTANCE_APPLIED,
        State.ACCEPTANCE_PRECHECK,
        State.EXPERT_ASSESSMENT,
        State.PROPOSED,
        State.PUBLIC_NOTICE,
        State.PENDING_APPROVAL,
        State.RECOGNIZED,
        State.DEMONSTRATION,
        State.REVOKED,
    ]
    assert (notice.last_day, recognized.state) == (dt.date(2026, 5, 15), State.DEMONSTRATION)
    assert (recognized.recognized_on, recognized.demonstration_ends_on) == (dt.date(2026, 5, 18), dt.date(2029, 5, 17))
    # 2 years from 2026-03-02, then the 6-month extension: 24:00 on 2028-09-02 Beijing time.
    assert ExtensionRequest.objects.get(zone=zone).new_deadline == dt.datetime(2028, 9, 3, 0, 0, tzinfo=SHANGHAI)
    # computed 15.50 (see test_indicators) + the panel's mean: 80 % of the 74 expert-scored points
    assert (zone.computed_score, zone.expert_score, zone.final_score) == (
        Decimal("15.50"),
        Decimal("59.20"),
        Decimal("74.70"),
    )
    assert (zone.state, zone.revoked_on, title.state, title.revocation.document_no) == (
        State.REVOKED,
        dt.date(2026, 11, 2),
        TitleState.REVOKED,
        "国市监质发〔2026〕99号",
    )
    assert NoticePage.objects.get(pk=title.revocation.notice_page_id).kind == NoticePage.Kind.REVOCATION
    assert verify_audit_chain() == []


def test_low_expert_scores_reject_the_zone(secretariat):
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)
    figures(zone, 2026)
    score_through_review([zone], secretariat, percentage=40)

    total = services.conclude_expert_assessment(zone, actor=secretariat)

    zone.refresh_from_db()
    # 40 % of 74 expert points = 29.60, plus the computed 12.30 (no previous year: growth scores 0)
    assert (zone.state, zone.final_score, total) == (State.REJECTED, Decimal("41.90"), Decimal("41.90"))


def test_expert_panel_scores_only_the_indicators_not_computed_from_data(secretariat):
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)

    panel = score_through_review([zone], secretariat, percentage=50)

    codes = [criterion.code for criterion in review.scoring_items(panel)]
    assert (len(codes), "Z4.1" in codes, "Z1.1" in codes) == (18, False, True)


def test_conclusion_waits_for_the_panel_to_finish(secretariat):
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)
    services.open_indicator_review(
        [zone], actor=secretariat, name="专家组", deadline=dt.datetime(2026, 12, 1, tzinfo=SHANGHAI), size=3
    )

    with pytest.raises(services.ExpertScoresMissing):
        services.conclude_expert_assessment(zone, actor=secretariat)

    zone.refresh_from_db()
    assert (zone.state, zone.final_score) == (State.EXPERT_ASSESSMENT, None)


def approved_zone(secretariat):
    rules = ZoneRulesFactory(creation_period_years=2)
    zone = ZoneFactory(edition=rules.edition)
    Zone.objects.filter(pk=zone.pk).update(state=State.NATIONAL_REVIEW)
    return services.approve_for_creation(zone, actor=secretariat, approval_doc_no="文号1")


def test_deadline_task_fails_a_zone_that_did_not_apply_for_acceptance(secretariat, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        zone = approved_zone(secretariat)
        applicant_for(zone.organization)

    with (
        time_machine.travel(dt.datetime(2028, 3, 3, 0, 0, 1, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("fail_overdue_zones", stdout=open("/dev/null", "w"))

    zone.refresh_from_db()
    log = TransitionLog.objects.filter(object_id=str(zone.pk), transition="fail_creation").get()
    assert (zone.state, log.actor, log.from_state) == (State.CREATION_FAILED, None, State.UNDER_CREATION)
    assert mail.outbox[-1].subject.endswith("示范区筹建逾期 Creation period expired")


def test_deadline_task_leaves_a_zone_alone_on_its_last_day(secretariat):
    with time_machine.travel(START, tick=False):
        zone = approved_zone(secretariat)

    with time_machine.travel(dt.datetime(2028, 3, 2, 23, 59, tzinfo=SHANGHAI), tick=False):
        failed = fail_overdue_zone_creations.delay().get()

    zone.refresh_from_db()
    assert (failed, zone.state) == ([], State.UNDER_CREATION)


def test_reminder_is_sent_once_within_the_lead_time(secretariat, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        zone = approved_zone(secretariat)
        applicant_for(zone.organization)

    with (
        time_machine.travel(dt.datetime(2028, 1, 10, 9, 0, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.send_due_reminders()
        second = services.send_due_reminders()

    assert (first, second, len(mail.outbox)) == (1, 0, 1)


def test_no_reminder_before_the_lead_time(secretariat):
    with time_machine.travel(START, tick=False):
        zone = approved_zone(secretariat)
        applicant_for(zone.organization)

    with time_machine.travel(dt.datetime(2027, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        sent = services.send_due_reminders()

    assert sent == 0


def test_refused_extension_keeps_the_deadline_and_is_logged(secretariat):
    with time_machine.travel(START, tick=False):
        zone = approved_zone(secretariat)
        officer = applicant_for(zone.organization)
        deadline = zone.creation_deadline
        services.request_extension(zone, actor=officer, reason="需要更多时间")

        services.decide_extension(zone, actor=secretariat, grant=False, note="理由不充分")

    zone.refresh_from_db()
    log = TransitionLog.objects.filter(object_id=str(zone.pk)).last()
    assert (zone.creation_deadline, log.transition, log.actor) == (deadline, "refuse_extension", secretariat)


def test_expiry_review_renews_for_another_demonstration_period(secretariat):
    zone = ZoneFactory(state=State.DEMONSTRATION, demonstration_ends_on=dt.date(2029, 5, 17))
    services.transition_zone(zone, "start_expiry_review", actor=secretariat)

    services.renew_zone(zone, actor=secretariat, reason="期满复核合格")

    zone.refresh_from_db()
    assert (zone.state, zone.demonstration_ends_on) == (State.DEMONSTRATION, dt.date(2032, 5, 17))


def test_expiry_review_can_end_the_demonstration(secretariat):
    zone = ZoneFactory(state=State.EXPIRY_REVIEW, demonstration_ends_on=dt.date(2029, 5, 17))

    services.transition_zone(zone, "expire", actor=secretariat, reason="期满复核不合格")

    zone.refresh_from_db()
    assert (zone.state, logged_states(zone)) == (State.EXPIRED, [State.EXPIRED])
