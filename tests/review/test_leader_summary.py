"""评审组长意见: the leader writes, members read the draft, sealing is logged and final, staff see it on the case page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory
from workflows.exceptions import NotPermitted
from workflows.models import TransitionLog
from workflows.review.models import PanelSummary
from workflows.review.services.summary import (
    SummaryIncomplete,
    SummarySealed,
    save_summary,
    seal_summary,
    summary_categories,
)

from .summary_setup import full_texts, scored_panel

pytestmark = pytest.mark.django_db


def test_leader_saves_a_draft_and_seals_it_once_logged():
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    texts = full_texts(panel)
    summary = save_summary(panel, application, opinion="总体较好", categories=texts, actor=leader)
    assert summary.status == "draft" and summary.categories.count() == len(summary_categories(panel))
    sealed = seal_summary(panel, application, actor=leader)
    assert (sealed.status, sealed.sealed_by) == ("sealed", leader)
    log = TransitionLog.objects.get(transition="review.summary.seal")
    assert (log.actor, log.object_id) == (leader, str(sealed.pk))
    with pytest.raises(SummarySealed):
        save_summary(panel, application, opinion="改了", categories=texts, actor=leader)
    with pytest.raises(SummarySealed):
        seal_summary(panel, application, actor=leader)
    sealed.opinion = "直接改库"
    with pytest.raises(ValidationError):
        sealed.save()
    assert PanelSummary.objects.get().opinion == "总体较好"


def test_only_the_leader_writes_and_seals():
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    member = assignments[1].expert
    for actor in (member, staff):
        with pytest.raises(NotPermitted):
            save_summary(panel, application, opinion="x", categories={}, actor=actor)
    save_summary(panel, application, opinion="x", categories=full_texts(panel), actor=leader)
    with pytest.raises(NotPermitted):
        seal_summary(panel, application, actor=member)


def test_sealing_needs_the_opinion_and_every_category():
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    texts = full_texts(panel)
    first = next(iter(texts))
    texts[first] = ("", "")
    save_summary(panel, application, opinion="意见", categories=texts, actor=leader)
    with pytest.raises(SummaryIncomplete):
        seal_summary(panel, application, actor=leader)
    save_summary(panel, application, opinion="", categories=full_texts(panel), actor=leader)
    with pytest.raises(SummaryIncomplete):
        seal_summary(panel, application, actor=leader)
    assert PanelSummary.objects.get().status == "draft"


def test_page_shows_members_comments_side_by_side_without_names(client):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    client.force_login(leader)
    url = reverse("review:summary", args=[assignments[0].pk])
    page = client.get(url).content.decode()
    assert "专家2" in page and f"优势来自{assignments[1].expert_id}" in page
    assert "乙专家" not in page and "丙专家" not in page
    texts = full_texts(panel)
    data = {"opinion": "整体成熟", "action": "save"}
    for cid, (s, o) in texts.items():
        data[f"strengths_{cid}"], data[f"opportunities_{cid}"] = s, o
    assert client.post(url, data).status_code == 302
    data["opinion"] = ""
    data["action"] = "seal"
    response = client.post(url, data)
    assert response.status_code == 422  # kept what was typed, said why
    assert "请填写评审组综合意见" in response.content.decode()
    assert PanelSummary.objects.get().status == "draft"


def test_member_reads_the_draft_but_cannot_post(client):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="草稿意见甲", categories=full_texts(panel), actor=leader)
    member = assignments[1]
    client.force_login(member.expert)
    url = reverse("review:summary", args=[member.pk])
    page = client.get(url).content.decode()
    assert "草稿意见甲" in page and 'name="opinion"' not in page
    assert client.post(url, {"opinion": "篡改", "action": "save"}).status_code == 403
    # another panel member's assignment id is not theirs: 404
    assert client.get(reverse("review:summary", args=[assignments[2].pk])).status_code == 404


def test_member_must_submit_own_scores_before_reading():
    staff, edition, panel, (application,), assignments, leader = scored_panel(submit=False)
    from django.test import Client

    client = Client()
    client.force_login(assignments[1].expert)
    assert client.get(reverse("review:summary", args=[assignments[1].pk])).status_code == 403


def test_sealed_summary_is_on_the_staff_case_page(client):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="归档意见", categories=full_texts(panel), actor=leader)
    detail = reverse("awards:detail", args=[application.pk])
    client.force_login(staff)
    assert "归档意见" not in client.get(detail).content.decode()  # a draft is not yet part of the dossier
    seal_summary(panel, application, actor=leader)
    page = client.get(detail).content.decode()
    assert 'id="panel-summaries"' in page and "归档意见" in page


def test_applicant_never_sees_the_summary_on_the_case_page(client):
    from tests.factories import applicant_for

    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="内部意见", categories=full_texts(panel), actor=leader)
    seal_summary(panel, application, actor=leader)
    client.force_login(applicant_for(application.organization))
    page = client.get(reverse("awards:detail", args=[application.pk])).content.decode()
    assert "内部意见" not in page and "panel-summaries" not in page


def test_non_expert_gets_403():
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert client.get(reverse("review:summary", args=[assignments[0].pk])).status_code == 403
