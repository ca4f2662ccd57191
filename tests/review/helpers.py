"""Small arrange helpers shared by the review tests."""

from workflows.models import Criterion
from workflows.review import services
from workflows.review.models import Assignment


def items_at(panel, percentage: int, **extra) -> dict:
    return {c.pk: {"percentage": percentage, **extra} for c in services.scoring_items(panel)}


def declare_and_submit(assignment: Assignment, percentage: int, **extra):
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    return services.submit_scorecard(
        assignment, items=items_at(assignment.panel, percentage, **extra), actor=assignment.expert
    )


def small_framework(code="test-fw"):
    """A 100-point framework: one category with items of 60 and 40 points."""
    from workflows.models import CriteriaFramework

    framework = CriteriaFramework.objects.create(code=code, name="测试准则", version="1", total_points=100)
    category = Criterion.objects.create(framework=framework, code="1", title="类目", max_points=100, order=1)
    Criterion.objects.create(framework=framework, parent=category, code="1.1", title="条款一", max_points=60, order=2)
    Criterion.objects.create(framework=framework, parent=category, code="1.2", title="条款二", max_points=40, order=3)
    return framework
