"""HTTP: what an expert may read, the queue's query count, the deviation prompt, staff pages."""

import pytest

from accounts.roles import Role
from tests.factories import AwardApplicationFactory, UserFactory
from workflows.review import selectors, services, views
from workflows.review.models import Assignment, ExpertProfile

from .factories import ExpertProfileFactory, make_experts
from .helpers import declare_and_submit, items_at

pytestmark = pytest.mark.django_db


def form_for(panel, percentage, **extra):
    data = {}
    for criterion in services.scoring_items(panel):
        data[f"pct_{criterion.pk}"] = str(percentage)
        data[f"strengths_{criterion.pk}"] = "方法系统"
        data[f"opportunities_{criterion.pk}"] = "展开不足"
        for key, value in extra.items():
            data[f"{key}_{criterion.pk}"] = value
    return data


def test_conflicted_expert_cannot_open_the_dossier(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    # A tie discovered after the declaration: the applicant's name must not be served any more.
    ExpertProfile.objects.filter(user=assignment.expert).update(employer_credit_code=dossier.organization.credit_code)
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/")

    # 404 as for an assignment that does not exist: the dossier is not theirs to learn of.
    assert response.status_code == 404
    assert dossier.organization.name not in response.content.decode()


def test_dossier_material_stays_closed_until_the_declaration(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    client.force_login(assignment.expert)

    before = client.get(f"/review/a/{assignment.pk}/").content.decode()
    client.post(f"/review/a/{assignment.pk}/", {"action": "declare", "has_conflict": "no"})
    after = client.get(f"/review/a/{assignment.pk}/").content.decode()

    assert "回避声明" in before and dossier.organization.name not in before
    assert dossier.organization.name in after


def test_declaring_a_conflict_recuses_and_closes_the_dossier(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    ExpertProfileFactory()  # a spare expert for the replacement
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    client.force_login(assignment.expert)

    client.post(f"/review/a/{assignment.pk}/", {"action": "declare", "has_conflict": "yes", "reason": "亲属任职"})
    response = client.get(f"/review/a/{assignment.pk}/")

    assert Assignment.objects.get(pk=assignment.pk).status == "recused"
    assert response.status_code == 302
    assert dossier.organization.name not in client.get("/review/").content.decode()


def test_experts_cannot_open_someone_elses_assignment(client, drawn_panel):
    panel, _, _ = drawn_panel
    theirs = panel.assignments.first()
    intruder = panel.assignments.exclude(expert=theirs.expert).first().expert
    client.force_login(intruder)
    assert client.get(f"/review/a/{theirs.pk}/").status_code == 404
    assert client.get(f"/review/a/{theirs.pk}/panel/").status_code == 404


def test_other_experts_scores_are_hidden_until_own_submission(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    first, second = list(panel.assignments.filter(object_id=dossier.pk).order_by("id")[:2])
    declare_and_submit(first, 85)  # 850 points: a number that must not leak
    services.declare_conflict(second, has_conflict=False, reason="", actor=second.expert)
    client.force_login(second.expert)

    blocked = client.get(f"/review/a/{second.pk}/panel/")
    page = client.get(f"/review/a/{second.pk}/").content.decode()
    declare_and_submit(second, 80)
    opened = client.get(f"/review/a/{second.pk}/panel/")

    assert blocked.status_code == 403 and "850" not in blocked.content.decode()
    assert "850" not in page and f"/review/a/{second.pk}/panel/" not in page
    assert opened.status_code == 200 and "850" in opened.content.decode()


def test_blind_setting_off_shows_scores_before_submission(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    panel.edition.review_settings.blind_until_submitted = False
    panel.edition.review_settings.save()
    first, second = list(panel.assignments.filter(object_id=dossier.pk).order_by("id")[:2])
    declare_and_submit(first, 85)
    services.declare_conflict(second, has_conflict=False, reason="", actor=second.expert)
    client.force_login(second.expert)
    assert client.get(f"/review/a/{second.pk}/panel/").status_code == 200


def test_identity_hidden_when_the_edition_says_so(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    panel.edition.review_settings.identity_visible = False
    panel.edition.review_settings.save()
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    client.force_login(assignment.expert)

    queue = client.get("/review/").content.decode()
    page = client.get(f"/review/a/{assignment.pk}/").content.decode()

    assert dossier.organization.name not in queue and dossier.organization.name not in page
    assert assignment.code in queue


def test_submit_over_http_prompts_for_deviation_then_seals(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    first, second, third = list(panel.assignments.filter(object_id=dossier.pk).order_by("id")[:3])
    declare_and_submit(first, 50)
    declare_and_submit(second, 50)
    services.declare_conflict(third, has_conflict=False, reason="", actor=third.expert)
    client.force_login(third.expert)

    prompt = client.post(f"/review/a/{third.pk}/score/", {**form_for(panel, 95), "action": "submit"})
    done = client.post(
        f"/review/a/{third.pk}/score/", {**form_for(panel, 95, reason="有标杆数据支撑"), "action": "submit"}
    )

    assert prompt.status_code == 422 and 'id="deviation-prompt"' in prompt.content.decode()
    assert done.status_code == 302
    assert third.scorecards.get().status == "submitted"


def test_queue_lists_stage_deadline_and_progress(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    first_two = dict(list(items_at(panel, 50).items())[:2])
    services.save_scorecard(assignment, items=first_two, actor=assignment.expert)
    client.force_login(assignment.expert)

    html = client.get("/review/").content.decode()

    assert "材料评审" in html and panel.deadline.astimezone().strftime("%Y-%m-%d") in html
    assert "2 / 23" in html


def _queue_with(n, edition, staff):
    expert = ExpertProfileFactory().user
    dossiers = [AwardApplicationFactory(edition=edition, state="material_review") for _ in range(n)]
    panel = services.create_panel(
        edition, stage="material_review", name="组", dossiers=dossiers, size=1, deadline=edition.closes_at, actor=staff
    )
    services.draw_panel(panel, actor=staff, seed="s")
    for assignment in panel.assignments.all():
        services.declare_conflict(assignment, has_conflict=False, reason="", actor=expert)
        services.save_scorecard(assignment, items=dict(list(items_at(panel, 50).items())[:3]), actor=expert)
    return expert


# session, user, role check, one page of the queue with the expert's profile (no COUNT), then
# base.html: site, site settings, user-bar permissions (2). + 7 for hiding identities where a
# conflict is now on record: dossiers with their edition's review settings (one per model), former
# employers and ties (one UNION), employer groups, declarations and overrides (one UNION), applicants'
# requests, the recommending body's people (audit-log transitions, the 初审 records). Issue 14: ≤ 15.
QUEUE_QUERIES = 15


@pytest.mark.parametrize("rows", [1, 6])
def test_queue_query_count_does_not_grow_with_rows(
    client, edition, staff, rows, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 5)  # 6 rows: a full page and one on the next
    expert = _queue_with(rows, edition, staff)
    client.force_login(expert)
    client.get("/accounts/")  # the site's settings row is created on the very first page ever served
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get("/review/")
    assert response.content.decode().count("3 / 23") == min(rows, 5)


def test_queue_is_paginated_and_the_next_page_shows_the_rest(client, edition, staff, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    expert = _queue_with(3, edition, staff)
    client.force_login(expert)
    codes = list(
        Assignment.objects.filter(expert=expert).order_by("panel__deadline", "id").values_list("code", flat=True)
    )

    pages = [client.get("/review/", {"page": n}).content.decode() for n in (1, 2)]

    assert [[code for code in codes if f"<strong>{code}</strong>" in page] for page in pages] == [codes[:2], codes[2:]]
    assert ('id="queue-next"' in pages[0], 'id="queue-next"' in pages[1]) == (True, False)
    assert client.get("/review/", {"page": "x"}).status_code == 200


def test_non_experts_cannot_use_the_queue(client, drawn_panel):
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert client.get("/review/").status_code == 403


@pytest.mark.parametrize(
    "role,status", [(Role.SECRETARIAT, 200), (Role.COMMITTEE, 200), (Role.EXPERT, 403), (Role.APPLICANT, 403)]
)
def test_ranking_page_authorization(client, drawn_panel, role, status):
    panel, _, _ = drawn_panel
    client.force_login(UserFactory(roles=[role]))
    assert client.get(f"/review/staff/edition/{panel.edition.pk}/ranking/").status_code == status


# session, user, role check, edition; the ranking over every dossier (review settings, panel stages,
# stage settings, panel frameworks, item counts and the aggregation's SQL passes); the shown rows'
# dossiers and ballots (settings and stages are read once, before the ranking); then base.html: site,
# site settings; the staff navigation (one query for every desk's number). Constant in rows: the
# page shows RANKING_PAGE_SIZE of them. Issue 14: ≤ 15.
RANKING_QUERIES = 15


@pytest.mark.parametrize("scored", [1, 2])
def test_ranking_query_count_does_not_grow_with_rows(
    client, drawn_panel, staff, scored, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 1)  # two ranked dossiers: one shown, one on page 2
    panel, dossiers, _ = drawn_panel
    for dossier in dossiers[:scored]:
        for assignment in panel.assignments.filter(object_id=dossier.pk):
            declare_and_submit(assignment, 60)
    client.force_login(staff)
    client.get("/accounts/")  # the site's settings row is created on the very first page ever served
    with django_assert_num_queries(RANKING_QUERIES):
        response = client.get(f"/review/staff/edition/{panel.edition.pk}/ranking/")
    html = response.content.decode()
    assert (html.count(dossiers[0].organization.name), 'id="ranking-next"' in html) == (1, scored > 1)


def test_staff_panel_page_shows_reproducible_draw_and_charts(client, drawn_panel, staff):
    panel, (dossier, _), _ = drawn_panel
    for assignment in panel.assignments.filter(object_id=dossier.pk):
        declare_and_submit(assignment, 60)
    client.force_login(staff)

    html = client.get(f"/review/staff/panel/{panel.pk}/").content.decode()

    assert "fixed-seed" in html and "可复现" in html
    assert html.count("<svg") >= 2


def test_staff_override_form_records_a_justified_override(client, drawn_panel, staff):
    panel, (dossier, _), _ = drawn_panel
    planted = ExpertProfileFactory(employer_credit_code=dossier.organization.credit_code)
    client.force_login(staff)
    page = client.get(f"/review/staff/panel/{panel.pk}/conflicts/").content.decode()
    client.post(
        f"/review/staff/panel/{panel.pk}/conflicts/",
        {
            "expert": planted.user_id,
            "object_id": dossier.pk,
            "rule": "same_employer",
            "justification": "已离职三年，核验属实。",
        },
    )
    assert "same_employer" in page
    assert services.conflicts_between(planted.user, dossier) == []


def test_expert_declares_a_past_employer_in_their_profile(client, drawn_panel):
    panel, (dossier, _), experts = drawn_panel
    client.force_login(experts[0])
    client.post(
        "/review/profile/",
        {
            "action": "job",
            "job-organization_name": dossier.organization.name,
            "job-credit_code": dossier.organization.credit_code,
            "job-ended_on": "2025-12-31",
        },
    )
    assert services.conflicts_between(experts[0], dossier) == ["former_employer"]


def test_make_experts_helper_grants_the_role():
    assert make_experts(1)[0].has_role(Role.EXPERT) is True


def test_staff_sets_the_team_leader_among_members_only(client, drawn_panel, staff):
    panel, _, _ = drawn_panel
    member = panel.members.exclude(expert_id=panel.leader_id).first().expert
    outsider = UserFactory(roles=[Role.EXPERT])
    client.force_login(staff)

    client.post(f"/review/staff/panel/{panel.pk}/", {"action": "leader", "leader": outsider.pk})
    panel.refresh_from_db()
    assert panel.leader_id != outsider.pk

    client.post(f"/review/staff/panel/{panel.pk}/", {"action": "leader", "leader": member.pk})
    panel.refresh_from_db()
    assert panel.leader_id == member.pk


def test_conflicted_expert_posting_scores_gets_403_without_the_dossier(client, drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    ExpertProfile.objects.filter(user=assignment.expert).update(employer_credit_code=dossier.organization.credit_code)
    client.force_login(assignment.expert)

    response = client.post(f"/review/a/{assignment.pk}/score/", {**form_for(panel, 50), "action": "save"})

    assert response.status_code == 403
    assert dossier.organization.name not in response.content.decode()
    assert not assignment.scorecards.exists()


def test_conflicted_expert_asking_for_their_opinion_pdf_gets_403_not_500(client, drawn_panel):
    # Found by the authorization matrix: ensure_may_open's ConflictOfInterest escaped the view as a 500.
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    declare_and_submit(assignment, 60)
    ExpertProfile.objects.filter(user=assignment.expert).update(employer_credit_code=dossier.organization.credit_code)
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/opinion.pdf")

    assert response.status_code == 403
    assert response["Content-Type"] != "application/pdf"


def test_queue_hides_the_applicant_from_an_expert_whose_tie_came_after_the_draw(client, drawn_panel):
    # Found by the authorization matrix: the dossier page refused them, but the queue still named the applicant.
    panel, (dossier, other), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    ExpertProfile.objects.filter(user=assignment.expert).update(employer_credit_code=dossier.organization.credit_code)
    client.force_login(assignment.expert)

    html = client.get("/review/").content.decode()

    assert (dossier.organization.name in html, other.organization.name in html) == (False, True)
