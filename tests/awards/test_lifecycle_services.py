"""Walk one application from draft to committee deliberation through the services."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from awards import services
from awards.models import PreliminaryReview, State
from tests.awards.factories import Cast, complete_application, pdf
from workflows.eligibility.models import EligibilityRule, RuleResult, RuleType
from workflows.selectors import transition_history

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def recommend(cast, app):
    services.record_preliminary_review(
        app, user=cast.recommender, complete=True, authentic=True, well_formed=True, opinion="同意推荐", letter=pdf()
    )
    return services.recommend_application(app, user=cast.recommender, expected_state=State.SUBMITTED)


def test_full_walk_to_committee_deliberation(django_capture_on_commit_callbacks):
    cast = Cast(has_defence=True, has_site_review=True)
    rule = EligibilityRule.objects.create(
        edition=cast.edition, rule_type=RuleType.YEARS_IN_OPERATION, params={"min_years": 3}
    )
    app = complete_application(cast.application, cast.applicant)
    s, r, sec = services, cast.recommender, cast.secretariat

    with django_capture_on_commit_callbacks(execute=True):
        app = s.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)
        app = recommend(cast, app)
        app = s.accept_application(app, user=sec, expected_state=State.RECOMMENDED)
        s.record_qualification_result(app, user=sec, rule=rule, passed=True, detail="营业执照核验", evidence=pdf())
        app = s.qualify_application(app, user=sec, expected_state=State.ACCEPTED)
        app = s.start_material_review(app, user=sec, expected_state=State.QUALIFIED)
        app = s.advance_from_material_review(app, user=sec, expected_state=State.MATERIAL_REVIEW)
        app = s.advance_from_defence(app, user=sec, expected_state=State.DEFENCE)
        app = s.advance_from_site_review(app, user=sec, expected_state=State.SITE_REVIEW)
        app = s.start_committee_deliberation(app, user=sec, expected_state=State.COMPREHENSIVE_EVALUATION)

    assert app.state == State.COMMITTEE_DELIBERATION
    assert [log.to_state for log in transition_history(app)] == [
        State.SUBMITTED,
        State.RECOMMENDED,
        State.ACCEPTED,
        State.QUALIFIED,
        State.MATERIAL_REVIEW,
        State.DEFENCE,
        State.SITE_REVIEW,
        State.COMPREHENSIVE_EVALUATION,
        State.COMMITTEE_DELIBERATION,
    ]
    assert r.pk == PreliminaryReview.objects.get(application=app).reviewer_id
    assert app.reference_no == f"QA{cast.edition.year}-{app.pk:05d}"


def test_stages_switched_off_are_skipped_by_the_machine():
    cast = Cast(has_defence=False, has_site_review=False)
    app = cast.application
    type(app).objects.filter(pk=app.pk).update(state=State.MATERIAL_REVIEW)
    app.refresh_from_db()

    app = services.advance_from_material_review(app, user=cast.secretariat, expected_state=State.MATERIAL_REVIEW)

    assert app.state == State.COMPREHENSIVE_EVALUATION


def test_applicant_emailed_once_per_visible_transition_and_staff_on_submission(django_capture_on_commit_callbacks):
    cast = Cast()
    app = complete_application(cast.application, cast.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)

    recipients = sorted(addr for m in mail.outbox for addr in m.to)
    assert recipients == sorted([cast.applicant.email, cast.recommender.email, cast.secretariat.email])


def test_submission_records_automatic_rule_results():
    cast = Cast()
    EligibilityRule.objects.create(edition=cast.edition, rule_type=RuleType.NO_BAN)
    app = complete_application(cast.application, cast.applicant)

    services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)

    assert list(RuleResult.objects.values_list("stage", "outcome")) == [("automatic", "passed")]


def test_qualify_refused_until_every_hard_rule_is_reviewed():
    cast = Cast()
    EligibilityRule.objects.create(edition=cast.edition, rule_type=RuleType.NO_BAN)
    app = cast.application
    type(app).objects.filter(pk=app.pk).update(state=State.ACCEPTED)
    app.refresh_from_db()

    with pytest.raises(services.IncompleteApplication):
        services.qualify_application(app, user=cast.secretariat, expected_state=State.ACCEPTED)

    app.refresh_from_db()
    assert app.state == State.ACCEPTED


def test_failed_rule_leads_to_ineligible_and_results_are_all_kept():
    cast = Cast()
    rule = EligibilityRule.objects.create(edition=cast.edition, rule_type=RuleType.GOOD_CREDIT)
    app = cast.application
    type(app).objects.filter(pk=app.pk).update(state=State.ACCEPTED)
    app.refresh_from_db()
    services.record_qualification_result(app, user=cast.secretariat, rule=rule, passed=True, detail="初查")
    services.record_qualification_result(app, user=cast.secretariat, rule=rule, passed=False, detail="失信名单")

    app = services.declare_ineligible(app, user=cast.secretariat, expected_state=State.ACCEPTED, reason="信用")

    assert app.state == State.INELIGIBLE
    assert list(RuleResult.objects.order_by("id").values_list("outcome", flat=True)) == ["passed", "failed"]


def test_return_for_correction_reopens_only_named_sections_and_sets_working_day_deadline(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI))  # Friday before National Day
    cast = Cast(correction_days=5)
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)

    app = services.return_for_correction(
        app, user=cast.recommender, expected_state=State.SUBMITTED, defects="缺少审计报告", sections=["documents"]
    )
    services.save_draft(
        app, user=cast.applicant, data={"profile": "改写"}, expected_state=State.RETURNED_FOR_CORRECTION
    )

    app.refresh_from_db()
    # Sun 28 Sep (make-up day), 29, 30 Sep, then 9 and 10 Oct after the holiday.
    assert app.correction_deadline == dt.datetime(2025, 10, 11, 0, 0, tzinfo=SHANGHAI)
    assert app.reopened_sections == ["documents"]
    assert app.profile == "本公司成立于2010年，专注于轨道交通装备。"


def test_resubmission_after_correction_deadline_is_refused(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI))
    cast = Cast(correction_days=5)
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)
    app = services.return_for_correction(
        app, user=cast.recommender, expected_state=State.SUBMITTED, defects="缺少审计报告", sections=["documents"]
    )
    time_machine.move_to(dt.datetime(2025, 10, 11, 0, 0, 1, tzinfo=SHANGHAI))

    with pytest.raises(services.DeadlinePassed):
        services.submit_application(app, user=cast.applicant, expected_state=State.RETURNED_FOR_CORRECTION)

    app.refresh_from_db()
    assert app.state == State.RETURNED_FOR_CORRECTION


def test_overdue_correction_becomes_not_recommended_and_applicant_is_told(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(dt.datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI))
    cast = Cast(correction_days=5)
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)
    app = services.return_for_correction(
        app, user=cast.recommender, expected_state=State.SUBMITTED, defects="缺少审计报告", sections=["documents"]
    )
    on_time = services.expire_overdue_corrections(now=dt.datetime(2025, 10, 10, 23, 59, tzinfo=SHANGHAI))
    mail.outbox = []

    with django_capture_on_commit_callbacks(execute=True):
        late = services.expire_overdue_corrections(now=dt.datetime(2025, 10, 11, 0, 0, tzinfo=SHANGHAI))

    app.refresh_from_db()
    assert (on_time, late, app.state) == ([], [app.pk], State.NOT_RECOMMENDED)
    assert [m.to for m in mail.outbox] == [[cast.applicant.email]]
