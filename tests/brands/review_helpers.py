"""Run zones through the real expert-review machinery (workflows/review) in tests."""

import datetime as dt

from django.utils import timezone

from accounts.roles import Role
from brands import services
from tests.factories import UserFactory
from workflows.review import services as review
from workflows.review.models import Assignment, ExpertProfile


def add_experts(count: int) -> None:
    """Available experts in the pool, with the zones' specialty and no ties to anyone."""
    for n in range(count):
        user = UserFactory(roles=[Role.EXPERT])
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="C38", employer_name=f"研究院{n}")


def score_through_review(zones, staff, *, percentage: int, experts: int = 3):
    """Draw a panel of `experts`, have each declare no conflict and score every item at `percentage`."""
    add_experts(experts)
    panel = services.open_indicator_review(
        zones, actor=staff, name="验收专家组", deadline=timezone.now() + dt.timedelta(days=7), size=experts
    )
    return score_panel(panel, staff, percentage=percentage)


def score_panel(panel, staff, *, percentage: int):
    """Draw the panel's experts; each declares no conflict and scores every item at `percentage`."""
    review.draw_panel(panel, actor=staff, seed="zones-test")
    items = {criterion.pk: {"percentage": percentage} for criterion in review.scoring_items(panel)}
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(assignment, items=items, actor=assignment.expert)
    review.finalize_panel(panel, actor=staff)
    return panel
