"""A zone the expert assessment did not pass, with a sealed leader's summary: for the feedback tests."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from accounts.roles import Role
from brands import services
from brands.models import State
from tests.factories import UserFactory
from workflows.review import services as review
from workflows.review.models import Assignment, ExpertProfile
from workflows.review.services.summary import save_summary, seal_summary, summary_categories

from .factories import ZoneFactory, figures, materials

EXPERT_NAMES = ["赵评审", "钱评审", "孙评审"]
OWN_WORDS = "专家原话：品牌宣传经费不足"


def failed_zone(staff):
    """Three named experts score every item at 30 %, 35 % and 40 % with their own comments; the first
    leads and seals a summary; the secretariat concludes: below the pass line → rejected (held)."""
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT, name="未通过示范区")
    figures(zone, 2025)
    materials(zone)
    for n, name in enumerate(EXPERT_NAMES):
        user = UserFactory(roles=[Role.EXPERT], full_name=name)
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="C38", employer_name=f"研究院{n}")
    panel = services.open_indicator_review(
        [zone], actor=staff, name="验收专家组", deadline=timezone.now() + dt.timedelta(days=7), size=3
    )
    review.draw_panel(panel, actor=staff, seed="feedback")
    assignments = list(Assignment.objects.filter(panel=panel).select_related("expert").order_by("pk"))
    for assignment, percentage in zip(assignments, (30, 35, 40), strict=True):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        items = {
            c.pk: {"percentage": percentage, "strengths": OWN_WORDS, "opportunities": OWN_WORDS}
            for c in review.scoring_items(panel)
        }
        review.submit_scorecard(assignment, items=items, actor=assignment.expert)
    leader = assignments[0].expert
    review.set_panel_leader(panel, leader, actor=staff)
    panel.refresh_from_db()
    categories = {c.pk: (f"组长归纳优势{c.code}", f"组长归纳改进{c.code}") for c in summary_categories(panel)}
    save_summary(panel, zone, opinion="仅供评审组内部的综合意见", categories=categories, actor=leader)
    seal_summary(panel, zone, actor=leader)
    review.finalize_panel(panel, actor=staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.conclude_expert_assessment(zone, actor=staff)
    zone.refresh_from_db()
    return zone, panel, assignments
