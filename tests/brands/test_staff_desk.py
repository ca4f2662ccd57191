"""The secretariat's zone desk: the filterable case list and the case page whose actions follow the state.

Every action goes through brands/services (permission, lock, log); these tests drive them over HTTP.
"""

import datetime as dt
import html
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from brands import services
from brands.models import ExtensionRequest, State, Zone
from brands.selectors import zone_notice_lines
from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.review.models import Panel
from workflows.titles.models import TitleState
from workflows.workdays import SHANGHAI

from .factories import CreatingBodyFactory, ZoneEditionFactory, ZoneFactory, ZoneRulesFactory, figures, zone_in_state
from .review_helpers import score_through_review

pytestmark = pytest.mark.django_db

# Exactly, at 1 and 5 rows: session, user, role grants (once per user), zone editions (filter choices),
# state tab counts, page count, the zones (one join for organisation, edition/program and extension
# request), the staff navigation's "needs my action" counts (one query), site and site settings
# (base.html), and the desk's saved filters.
STAFF_LIST_QUERIES = 11


def text(response) -> str:
    return html.unescape(response.content.decode())


def act(client, zone, action, **data):
    zone.refresh_from_db()
    return client.post(
        reverse("brands:staff_action", args=[zone.pk]),
        {"action": action, "expected_state": zone.state, **data},
        follow=True,
    )


def log_of(zone):
    return list(TransitionLog.objects.filter(object_id=str(zone.pk)).values_list("transition", flat=True))


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


# --- the list ----------------------------------------------------------------------------------------
def test_the_list_filters_by_state_edition_and_province(staff_client):
    other_edition = ZoneRulesFactory().edition
    wanted = zone_in_state(
        State.NATIONAL_REVIEW, name="要找的示范区", organization=CreatingBodyFactory(region_code="370211")
    )
    zone_in_state(State.NATIONAL_REVIEW, organization=CreatingBodyFactory(region_code="440300"), edition=wanted.edition)
    zone_in_state(State.UNDER_CREATION, organization=CreatingBodyFactory(region_code="370211"), edition=wanted.edition)
    zone_in_state(State.NATIONAL_REVIEW, organization=CreatingBodyFactory(region_code="370211"), edition=other_edition)
    ZoneFactory(edition=wanted.edition, name="草稿不上桌")

    response = staff_client.get(
        reverse("brands:staff_list"),
        {"state": State.NATIONAL_REVIEW, "edition": wanted.edition.pk, "province": "37"},
    )

    assert [zone.pk for zone, _province, _actions in response.context["rows"]] == [wanted.pk]


def test_drafts_are_not_on_the_desk(staff_client):
    ZoneFactory(name="草稿不上桌")
    shown = zone_in_state(State.APPLIED)

    response = staff_client.get(reverse("brands:staff_list"))

    assert [zone.pk for zone, _, _actions in response.context["rows"]] == [shown.pk]
    assert "草稿不上桌" not in text(response)


def test_a_bad_filter_value_shows_every_case_instead_of_failing(staff_client):
    zone = zone_in_state(State.APPLIED)

    response = staff_client.get(reverse("brands:staff_list"), {"edition": "abc", "state": "nonsense"})

    assert (response.status_code, [z.pk for z, _, _actions in response.context["rows"]]) == (200, [zone.pk])


@pytest.mark.parametrize("rows", [1, 5])
def test_list_query_count_does_not_grow_with_rows(staff_client, django_assert_num_queries, rows):
    edition = ZoneRulesFactory().edition
    for n in range(rows):
        zone = zone_in_state(State.UNDER_CREATION, edition=edition)
        if n % 2:
            ExtensionRequest.objects.create(zone=zone, reason="需要时间", requested_by=zone.created_by)
    staff_client.get(reverse("brands:staff_list"))

    with django_assert_num_queries(STAFF_LIST_QUERIES):
        response = staff_client.get(reverse("brands:staff_list"))

    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("name", ["staff_list", "staff_zone"])
def test_only_the_secretariat_opens_the_desk(client, shandong_recommender, name):
    zone = zone_in_state(State.NATIONAL_REVIEW)
    client.force_login(shandong_recommender)

    response = client.get(reverse(f"brands:{name}", args=[zone.pk] if name == "staff_zone" else []))

    assert response.status_code == 403


def test_an_applicant_cannot_act_on_the_desk(client):
    zone = zone_in_state(State.NATIONAL_REVIEW)
    client.force_login(applicant_for(zone.organization))

    response = client.post(
        reverse("brands:staff_action", args=[zone.pk]),
        {"action": "approve", "approval_doc_no": "x", "expected_state": State.NATIONAL_REVIEW},
    )

    zone.refresh_from_db()
    assert (response.status_code, zone.state) == (403, State.NATIONAL_REVIEW)


# --- the case page: actions follow the state ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (State.APPLIED, []),
        (State.RECOMMENDED, ["start_national_review"]),
        (State.NATIONAL_REVIEW, ["approve", "reject"]),
        (State.ACCEPTANCE_PRECHECK, ["pass_precheck", "return_with_feedback"]),
        (State.EXPERT_ASSESSMENT, ["open_indicator_review", "conclude_assessment"]),
        (State.DEMONSTRATION, ["start_expiry_review", "revoke"]),
        (State.EXPIRY_REVIEW, ["renew", "expire", "revoke"]),
        (State.REVOKED, []),
    ],
)
def test_the_case_page_offers_the_actions_of_the_state(staff_client, state, actions):
    zone = zone_in_state(state)

    response = staff_client.get(reverse("brands:staff_zone", args=[zone.pk]))

    assert [name for name, *_ in response.context["actions"]] == actions


def test_a_pending_extension_request_is_offered_for_decision(staff_client):
    zone = zone_in_state(State.UNDER_CREATION)
    ExtensionRequest.objects.create(zone=zone, reason="需要时间", requested_by=zone.created_by)

    response = staff_client.get(reverse("brands:staff_zone", args=[zone.pk]))

    assert [name for name, *_ in response.context["actions"]] == ["decide_extension"]


def test_an_action_not_valid_in_the_state_changes_nothing(staff_client):
    zone = zone_in_state(State.APPLIED)

    response = act(staff_client, zone, "approve", approval_doc_no="国市监〔2026〕1号")

    zone.refresh_from_db()
    assert (zone.state, log_of(zone)) == (State.APPLIED, [])
    assert "当前状态下不能执行此操作。" in text(response)


def test_an_unknown_action_is_not_found(staff_client):
    zone = zone_in_state(State.NATIONAL_REVIEW)

    response = staff_client.post(reverse("brands:staff_action", args=[zone.pk]), {"action": "delete"})

    assert response.status_code == 404


def test_the_audit_timeline_lists_every_logged_step_with_actor_and_reason(staff_client, secretariat):
    zone = zone_in_state(State.NATIONAL_REVIEW)
    services.reject_zone(zone, actor=secretariat, reason="不符合布局要求")

    response = staff_client.get(reverse("brands:staff_zone", args=[zone.pk]))

    assert [(log.transition, log.actor, log.reason) for log in response.context["history"]] == [
        ("reject", secretariat, "不符合布局要求")
    ]
    assert "不符合布局要求" in text(response)
    assert "国家审核 → 未通过" in text(response)


# --- national review -------------------------------------------------------------------------------------------
def test_national_review_and_approval_with_the_document_number(staff_client):
    zone = zone_in_state(State.RECOMMENDED)

    act(staff_client, zone, "start_national_review")
    act(staff_client, zone, "approve", approval_doc_no="国市监质发〔2026〕12号", reason="")

    zone.refresh_from_db()
    assert (zone.state, zone.approval_doc_no) == (State.UNDER_CREATION, "国市监质发〔2026〕12号")
    assert log_of(zone) == ["start_national_review", "approve_for_creation", "start_creation"]
    assert zone.creation_deadline is not None


def test_approval_without_a_document_number_is_explained(staff_client):
    zone = zone_in_state(State.NATIONAL_REVIEW)

    response = act(staff_client, zone, "approve", approval_doc_no="")

    zone.refresh_from_db()
    assert (zone.state, zone.approval_doc_no) == (State.NATIONAL_REVIEW, "")
    assert "请填写批准筹建文号。" in text(response)


def test_approval_from_a_stale_page_is_refused(staff_client, secretariat):
    zone = zone_in_state(State.NATIONAL_REVIEW)
    services.reject_zone(zone, actor=secretariat, reason="不予批准")

    response = staff_client.post(
        reverse("brands:staff_action", args=[zone.pk]),
        {"action": "approve", "approval_doc_no": "文号", "expected_state": State.NATIONAL_REVIEW},
        follow=True,
    )

    zone.refresh_from_db()
    assert zone.state == State.REJECTED
    assert "当前状态下不能执行此操作。" in text(response)


def test_rejection_needs_a_reason(staff_client):
    zone = zone_in_state(State.NATIONAL_REVIEW)

    empty = act(staff_client, zone, "reject", reason="")
    state_after_empty = Zone.objects.get(pk=zone.pk).state
    act(staff_client, zone, "reject", reason="不符合布局要求")

    zone.refresh_from_db()
    assert "请填写理由。" in text(empty)
    assert (state_after_empty, zone.state) == (State.NATIONAL_REVIEW, State.REJECTED)


# --- creation period ---------------------------------------------------------------------------------------------
def test_granting_the_extension_moves_the_deadline(staff_client, secretariat):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        zone = zone_in_state(State.NATIONAL_REVIEW)
        services.approve_for_creation(zone, actor=secretariat, approval_doc_no="文号1")
        services.request_extension(zone, actor=applicant_for(zone.organization), reason="配套设施建设")

        act(staff_client, zone, "decide_extension", grant="yes", note="同意延期6个月")

    request = ExtensionRequest.objects.get(zone=zone)
    zone.refresh_from_db()
    assert (request.decision, request.decision_note) == (ExtensionRequest.Decision.GRANTED, "同意延期6个月")
    assert zone.creation_deadline == dt.datetime(2028, 9, 3, 0, 0, tzinfo=SHANGHAI)


def test_an_extension_decision_needs_a_note(staff_client):
    zone = zone_in_state(State.UNDER_CREATION)
    ExtensionRequest.objects.create(zone=zone, reason="需要时间", requested_by=zone.created_by)

    response = act(staff_client, zone, "decide_extension", grant="no", note="")

    assert ExtensionRequest.objects.get(zone=zone).decision == ExtensionRequest.Decision.PENDING
    assert "请填写决定说明。" in text(response)


# --- acceptance ----------------------------------------------------------------------------------------------------
def test_precheck_pass_leads_to_expert_assessment(staff_client):
    zone = zone_in_state(State.ACCEPTANCE_APPLIED)

    act(staff_client, zone, "start_acceptance_precheck")
    act(staff_client, zone, "pass_precheck")

    zone.refresh_from_db()
    assert zone.state == State.EXPERT_ASSESSMENT


def test_precheck_return_sends_the_feedback(staff_client):
    zone = zone_in_state(State.ACCEPTANCE_PRECHECK)

    act(staff_client, zone, "return_with_feedback", reason="品牌培育数据不完整")

    zone.refresh_from_db()
    log = TransitionLog.objects.get(object_id=str(zone.pk))
    assert (zone.state, log.reason) == (State.RETURNED_WITH_FEEDBACK, "品牌培育数据不完整")


def test_starting_the_expert_panel_from_the_desk(staff_client):
    zone = zone_in_state(State.EXPERT_ASSESSMENT)

    act(staff_client, zone, "open_indicator_review", name="验收专家组", deadline="2099-01-10T17:00", size="3")

    panel = Panel.objects.get()
    assert (panel.name, panel.size, panel.stage, panel.dossiers.get().object_id) == (
        "验收专家组",
        3,
        "indicator_review",
        zone.pk,
    )


@pytest.mark.parametrize(
    ("deadline", "size", "message"),
    [
        ("2000-01-01T10:00", "3", "评分截止须晚于现在。"),
        ("明天", "3", "时间格式不正确。"),
        ("2099-01-10T17:00", "0", "至少1人。"),
    ],
)
def test_bad_panel_input_is_explained(staff_client, deadline, size, message):
    zone = zone_in_state(State.EXPERT_ASSESSMENT)

    response = act(staff_client, zone, "open_indicator_review", name="专家组", deadline=deadline, size=size)

    assert message in text(response)
    assert Panel.objects.count() == 0


def test_concluding_before_the_panel_finished_is_explained(staff_client):
    zone = zone_in_state(State.EXPERT_ASSESSMENT)

    response = act(staff_client, zone, "conclude_assessment")

    zone.refresh_from_db()
    assert (zone.state, zone.final_score) == (State.EXPERT_ASSESSMENT, None)
    assert "专家组评分尚未完成或尚未定稿。" in text(response)


def test_concluding_after_the_panel_scored(staff_client, secretariat):
    zone = zone_in_state(State.EXPERT_ASSESSMENT)
    figures(zone, 2026)
    score_through_review([zone], secretariat, percentage=80)

    act(staff_client, zone, "conclude_assessment")

    zone.refresh_from_db()
    # 80 % of the 74 expert-scored points = 59.20, plus the computed 12.30 (see test_lifecycle)
    assert (zone.state, zone.final_score) == (State.PROPOSED, Decimal("71.50"))


def test_putting_on_notice_from_the_desk(staff_client):
    zone = zone_in_state(State.PROPOSED)

    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        act(staff_client, zone, "put_on_public_notice", start="")

    zone.refresh_from_db()
    assert (zone.state, [line.notice.last_day for line in zone_notice_lines(zone)]) == (
        State.PUBLIC_NOTICE,
        [dt.date(2026, 5, 15)],
    )


def test_a_notice_in_a_year_without_holiday_data_is_explained(staff_client):
    zone = zone_in_state(State.PROPOSED)

    response = act(staff_client, zone, "put_on_public_notice", start="2099-03-02")

    zone.refresh_from_db()
    assert zone.state == State.PROPOSED
    assert "2099年的节假日安排尚未录入" in text(response)


# --- demonstration and exit --------------------------------------------------------------------------------------
def test_expiry_review_renews_from_the_desk(staff_client):
    zone = zone_in_state(State.DEMONSTRATION)
    Zone.objects.filter(pk=zone.pk).update(demonstration_ends_on=dt.date(2029, 5, 17))

    act(staff_client, zone, "start_expiry_review")
    act(staff_client, zone, "renew", reason="期满复核合格")

    zone.refresh_from_db()
    assert (zone.state, zone.demonstration_ends_on) == (State.DEMONSTRATION, dt.date(2032, 5, 17))


def test_expiry_review_expires_from_the_desk(staff_client):
    zone = zone_in_state(State.EXPIRY_REVIEW)

    act(staff_client, zone, "expire", reason="期满复核不合格")

    zone.refresh_from_db()
    assert (zone.state, log_of(zone)) == (State.EXPIRED, ["expire"])


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("reason", "请填写摘牌原因。"),
        ("authority", "请填写决定机关。"),
        ("document_no", "请填写决定文号。"),
        ("trigger", "请选择摘牌事由。"),
    ],
)
def test_revocation_needs_every_field(staff_client, field, message):
    zone = zone_in_state(State.DEMONSTRATION)
    data = {
        "reason": "重大质量事故",
        "trigger": "major_incident",
        "authority": "国家市场监督管理总局",
        "document_no": "文号9",
    }

    response = act(staff_client, zone, "revoke", **{**data, field: ""})

    zone.refresh_from_db()
    assert (zone.state, zone.revoked_on) == (State.DEMONSTRATION, None)
    assert message in text(response)


def test_revocation_from_the_desk_revokes_the_title(staff_client, secretariat):
    zone = ZoneFactory(edition=ZoneRulesFactory(edition=ZoneEditionFactory(validity_years=3)).edition)
    title = _recognized(zone, secretariat)

    act(
        staff_client,
        zone,
        "revoke",
        reason="发生重大质量安全事故",
        trigger="major_incident",
        authority="国家市场监督管理总局",
        document_no="国市监质发〔2026〕99号",
    )

    zone.refresh_from_db()
    title.refresh_from_db()
    assert (zone.state, title.state, title.revocation.document_no) == (
        State.REVOKED,
        TitleState.REVOKED,
        "国市监质发〔2026〕99号",
    )


def _recognized(zone, secretariat):
    """Arrange a recognized zone with its Title through the notice engine (not the behaviour under test)."""
    from workflows.notices.services import close_public_notice

    Zone.objects.filter(pk=zone.pk).update(state=State.PROPOSED)
    zone.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = services.put_on_public_notice([zone], actor=secretariat)
    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        close_public_notice(notice, actor=secretariat)
        services.recognize_zone(zone, actor=secretariat, document_no="国市监质发〔2026〕30号")
    return services.zone_title(zone)
