"""One zone from draft to demonstration and then revoked; another to creation_failed by the deadline task.

The walks go through the HTTP screens (workspace, recommender screen, secretariat desk) wherever one exists.

Expert scoring runs through workflows/review, the notice through workflows/notices and the
Title and its revocation through workflows/titles: no second copy of that logic here.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import cms.demo
from brands import services
from brands.models import ExtensionRequest, State, Zone
from brands.tasks import fail_overdue_zone_creations
from cms.models import NoticePage
from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.notices.models import NoticeCandidate
from workflows.notices.services import close_public_notice
from workflows.review import services as review
from workflows.review.models import Panel
from workflows.selectors import verify_audit_chain
from workflows.titles.models import Revocation, TitleState
from workflows.workdays import SHANGHAI

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures, upload_through_the_edit_page
from .review_helpers import add_experts, score_panel, score_through_review

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def logged_states(zone):
    return list(
        TransitionLog.objects.filter(object_id=str(zone.pk), content_type__model="zone").values_list(
            "to_state", flat=True
        )
    )


def signed_in(user) -> Client:
    """A client logged in now (sessions expire, and the walk travels in time)."""
    client = Client()
    client.force_login(user)
    return client


def ok(response) -> None:
    """The step went through: no error message on the page it led to."""
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"] if response.context else []
    assert (response.status_code, errors) == (200, [])


def staff_act(client, zone, action, **data):
    zone.refresh_from_db()
    ok(
        client.post(
            reverse("brands:staff_action", args=[zone.pk]),
            {"action": action, "expected_state": zone.state, **data},
            follow=True,
        )
    )


def test_zone_walks_from_draft_to_demonstration_and_is_revoked(
    secretariat, shandong_recommender, django_capture_on_commit_callbacks
):
    """Every step that has a screen is taken through it (the creating body's workspace, the
    recommender's screen, the secretariat's desk); expert scoring and closing the notice use the
    review and notice engines' own services."""
    cms.demo.seed()
    with time_machine.travel(START, tick=False):
        rules = ZoneRulesFactory()
        body = CreatingBodyFactory(region_code="370211")
        officer = applicant_for(body)
        applicant, recommender, staff = signed_in(officer), signed_in(shandong_recommender), signed_in(secretariat)
        created = applicant.post(
            reverse("brands:new", args=[rules.edition.pk]),
            {
                "organization": body.pk,
                "name": "青岛西海岸家电示范区",
                "park_name": "西海岸家电产业园",
                "region_code": "370211",
                "leading_industry": "家电",
                "industry_code": "C38",
                "area_km2": "120.5",
                "summary": "",
            },
        )
        zone = Zone.objects.get()
        assert created.url == reverse("brands:workspace", args=[zone.pk])
        base = {"enterprise_count": 0, "leading_industry_share": 0, "gi_product_count": 0, "standards_led_count": 0}
        figures_url = reverse("brands:record_figures", args=[zone.pk])
        ok(applicant.post(figures_url, {**base, "year": 2025, "output_value": "500", "brand_count": 12}, follow=True))
        ok(
            applicant.post(
                figures_url,
                {
                    "year": 2026,
                    "output_value": "540",
                    "brand_count": 12,
                    "standards_led_count": 6,
                    "leading_industry_share": "45",
                    "enterprise_count": 150,
                    "gi_product_count": 0,
                },
                follow=True,
            )
        )
        ok(upload_through_the_edit_page(applicant, zone))
        ok(applicant.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT}, follow=True))
        ok(
            recommender.post(
                reverse("brands:recommender_decide", args=[zone.pk]),
                {"decision": "recommend", "reason": "同意推荐", "expected_state": State.APPLIED},
                follow=True,
            )
        )
        staff_act(staff, zone, "start_national_review")
        staff_act(staff, zone, "approve", approval_doc_no="国市监质发〔2026〕12号")

    with time_machine.travel(dt.datetime(2026, 4, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        applicant, staff = signed_in(officer), signed_in(secretariat)
        report_url = reverse("brands:file_report", args=[zone.pk])
        ok(applicant.post(report_url, {"kind": "creation_progress", "year": 2026, "summary": "进展"}, follow=True))
        ok(applicant.post(report_url, {"kind": "midterm_self_check", "year": 2026, "summary": "自查"}, follow=True))
        ok(
            applicant.post(
                reverse("brands:request_extension", args=[zone.pk]), {"reason": "配套设施建设需要更多时间"}, follow=True
            )
        )
        staff_act(staff, zone, "decide_extension", grant="yes", note="同意延期6个月")

    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        applicant, staff = signed_in(officer), signed_in(secretariat)
        ok(applicant.post(reverse("brands:apply_acceptance", args=[zone.pk]), follow=True))
        staff_act(staff, zone, "start_acceptance_precheck")
        staff_act(staff, zone, "pass_precheck")
        add_experts(3)
        staff_act(staff, zone, "open_indicator_review", name="验收专家组", deadline="2026-05-18T17:00", size="3")
        score_panel(Panel.objects.get(), secretariat, percentage=80)
        staff_act(staff, zone, "conclude_assessment")
        staff_act(staff, zone, "put_on_public_notice", start="")
        notice = NoticeCandidate.objects.get(object_id=zone.pk, content_type__model="zone").notice

    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        applicant, staff = signed_in(officer), signed_in(secretariat)
        close_public_notice(notice, actor=secretariat)
        staff_act(staff, zone, "recognize", document_no="国市监质发〔2026〕30号", approved_on="")
        recognized = Zone.objects.get(pk=zone.pk)
        ok(
            applicant.post(
                reverse("brands:file_report", args=[zone.pk]),
                {"kind": "demonstration_annual", "year": 2026, "summary": "年报"},
                follow=True,
            )
        )

    with (
        time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff_act(
            signed_in(secretariat),
            zone,
            "revoke",
            reason="发生重大质量安全事故",
            trigger=Revocation.Trigger.MAJOR_INCIDENT,
            authority="国家市场监督管理总局",
            document_no="国市监质发〔2026〕99号",
        )

    zone.refresh_from_db()
    title = services.zone_title(zone)
    assert (zone.reports.count(), zone.year_figures.count(), zone.created_by) == (3, 2, officer)
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
    revocation_page = NoticePage.objects.get(pk=title.revocation.notice_page_id)
    assert (revocation_page.kind, "予以摘牌" in revocation_page.title) == (NoticePage.Kind.REVOCATION, True)
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
    """Approved for creation on the secretariat's desk (the creation deadline is set there)."""
    rules = ZoneRulesFactory(creation_period_years=2)
    zone = ZoneFactory(edition=rules.edition)
    Zone.objects.filter(pk=zone.pk).update(state=State.NATIONAL_REVIEW)
    staff_act(signed_in(secretariat), zone, "approve", approval_doc_no="文号1")
    zone.refresh_from_db()
    return zone


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
    assert mail.outbox[-1].subject.endswith("示范区筹建逾期")


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
