"""申述答辩 hearing on the engine's review, then 批准创建 (docs/cities.md): through the pages of the
secretariat, the experts and the panel leader."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from cities.models import City, State
from tests.factories import UserFactory, applicant_for
from workflows.review.models import Assignment, ConsensusItem, ExpertProfile, Panel, Stage
from workflows.review.services import scoring_items

from .factories import city_in_state, figures

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def experts(count: int) -> list:
    users = []
    for n in range(count):
        user = UserFactory(roles=[Role.EXPERT])
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="", employer_name=f"质量研究院{n}")
        users.append(user)
    return users


def hearing_post(**overrides):
    data = {
        "action": "start_hearing",
        "name": "青岛市申述答辩专家组",
        "deadline": (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "size": "3",
        "expected_state": State.RECOMMENDED,
    }
    data.update(overrides)
    return data


def start_hearing(client, city, secretariat) -> Panel:
    client.force_login(secretariat)
    response = client.post(reverse("cities:staff_action", args=[city.pk]), hearing_post())
    assert response.status_code == 302
    return Panel.objects.get()


def conclude_through_pages(client, panel, *, percentages: dict):
    """Each expert declares no conflict and submits a preliminary conclusion per part; the leader
    records the consensus (percentages by part code)."""
    parts = scoring_items(panel)
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        client.force_login(assignment.expert)
        client.post(reverse("review:assignment", args=[assignment.pk]), {"action": "declare", "has_conflict": "no"})
        scores = {"action": "submit"}
        for part in parts:
            scores[f"pct_{part.pk}"] = str(percentages[part.code])
            scores[f"strengths_{part.pk}"] = f"{part.title}：陈述清楚"
        assert client.post(reverse("review:score", args=[assignment.pk]), scores).status_code == 302
    panel.refresh_from_db()
    leader = Assignment.objects.get(panel=panel, expert_id=panel.leader_id)
    client.force_login(leader.expert)
    consensus = {}
    for part in parts:
        consensus[f"pct_{part.pk}"] = str(percentages[part.code])
        consensus[f"rationale_{part.pk}"] = f"{part.title}合议一致"
    assert client.post(reverse("review:consensus", args=[leader.pk]), consensus).status_code == 302


def test_a_hearing_panel_is_drawn_without_the_conflicted_expert_scores_and_the_secretariat_approves(
    client, secretariat
):
    city = city_in_state(State.RECOMMENDED, name="青岛市")
    figures(city, city.edition.year - 1)
    clean = experts(3)
    # An expert employed by the city government itself: the draw must keep them out.
    conflicted = UserFactory(roles=[Role.EXPERT])
    ExpertProfile.objects.create(
        user=conflicted,
        region_code="370200",
        employer_name=city.organization.name,
        employer_credit_code=city.organization.credit_code,
    )

    panel = start_hearing(client, city, secretariat)
    city.refresh_from_db()
    assert city.state == State.HEARING
    assert (panel.stage, panel.framework, panel.size) == (
        Stage.DEFENCE,
        city.edition.city_rules.hearing_framework,
        3,
    )
    assert [c.code for c in scoring_items(panel)] == ["H1", "H2", "H3", "H4"]

    # The secretariat draws the experts on the engine's review desk.
    page = client.get(reverse("cities:staff_city", args=[city.pk]))
    assert reverse("review:staff_panel", args=[panel.pk]) in text(page)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "draw", "seed": "hearing"})
    drawn = set(panel.members.values_list("expert_id", flat=True))
    assert drawn == {user.pk for user in clean}
    assert conflicted.pk not in drawn

    # An expert reads the city's dossier (type, profile figures) before scoring.
    assignment = Assignment.objects.filter(panel=panel).first()
    client.force_login(assignment.expert)
    client.post(reverse("review:assignment", args=[assignment.pk]), {"action": "declare", "has_conflict": "no"})
    dossier = text(client.get(reverse("review:dossier", args=[assignment.pk])))
    assert "城市概况" in dossier and "家电、轨道交通装备" in dossier

    conclude_through_pages(client, panel, percentages={"H1": 80, "H2": 75, "H3": 70, "H4": 90})

    client.force_login(secretariat)
    page = text(client.get(reverse("cities:staff_city", args=[city.pk])))
    assert "已提交 3 / 3 人" in page
    assert "主陈述合议一致" in page
    # 20×0.8 + 40×0.75 + 20×0.7 + 20×0.9 = 78
    assert "78.00" in page
    response = client.post(
        reverse("cities:staff_action", args=[city.pk]),
        {
            "action": "approve_creation",
            "approval_doc_no": "国质检质函〔2013〕12号",
            "approved_on": "2026-01-31",
            "expected_state": State.HEARING,
        },
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.state == State.PLANNING
    assert city.hearing_score == Decimal("78.00")
    assert city.approval_doc_no == "国质检质函〔2013〕12号"
    # Three months (the edition's plan_due_months) from 31 January: the month's last day.
    assert city.plan_due_on == dt.date(2026, 4, 30)
    assert ConsensusItem.objects.filter(object_id=city.pk).count() == 4


def test_approval_waits_for_the_consensus_and_refuses_a_score_below_the_pass_line(client, secretariat):
    city = city_in_state(State.RECOMMENDED)
    experts(3)
    panel = start_hearing(client, city, secretariat)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "draw", "seed": "low"})
    url = reverse("cities:staff_action", args=[city.pk])
    approval = {"action": "approve_creation", "approval_doc_no": "文号1", "approved_on": "2026-03-01"}

    response = client.post(url, approval)
    assert response.status_code == 400
    assert "专家组组长尚未记录全部答辩环节的合议结论" in text(response)
    assert 'value="文号1"' in text(response)  # what was typed is kept

    conclude_through_pages(client, panel, percentages={"H1": 50, "H2": 50, "H3": 50, "H4": 50})
    client.force_login(secretariat)
    response = client.post(url, approval)
    assert response.status_code == 400
    assert "答辩合议得分 50.00 低于合格分 60.00" in text(response)
    city.refresh_from_db()
    assert (city.state, city.approval_doc_no, city.plan_due_on) == (State.HEARING, "", None)

    # Rejecting needs a reason, then ends the case.
    response = client.post(url, {"action": "reject", "reason": ""})
    city.refresh_from_db()
    assert city.state == State.HEARING
    client.post(url, {"action": "reject", "reason": "答辩合议得分未达合格分。"})
    city.refresh_from_db()
    assert city.state == State.REJECTED


def test_bad_hearing_input_is_explained_and_nothing_is_written(client, secretariat):
    city = city_in_state(State.RECOMMENDED)
    client.force_login(secretariat)
    response = client.post(
        reverse("cities:staff_action", args=[city.pk]), hearing_post(deadline="2020-01-01T09:00", name="专家组甲")
    )
    assert response.status_code == 400
    assert "评议截止时间须晚于现在" in text(response)
    assert 'value="专家组甲"' in text(response)
    city.refresh_from_db()
    assert city.state == State.RECOMMENDED and not Panel.objects.exists()


def test_only_the_secretariat_holds_hearings_and_experts_see_only_their_own(client, secretariat, shandong_group):
    city = city_in_state(State.RECOMMENDED)
    officer = applicant_for(city.organization)
    url = reverse("cities:staff_action", args=[city.pk])
    for user in (officer, shandong_group):
        client.force_login(user)
        assert client.post(url, hearing_post()).status_code == 403
        assert client.get(reverse("cities:staff_city", args=[city.pk])).status_code == 403
    assert City.objects.get(pk=city.pk).state == State.RECOMMENDED

    experts(3)
    panel = start_hearing(client, city, secretariat)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "draw", "seed": "own"})
    outsider = experts(1)[0]
    assignment = Assignment.objects.filter(panel=panel).first()
    client.force_login(outsider)
    assert client.get(reverse("review:assignment", args=[assignment.pk])).status_code == 404
    assert client.get(reverse("review:dossier", args=[assignment.pk])).status_code == 404
    assert city.name not in text(client.get(reverse("review:queue")))
