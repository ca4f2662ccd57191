"""Zones' expert scores aggregate through workflows/review (the same code as for awards): an edition
configured for the team leader's consensus scores zones from the consensus percentages, and a
per-stage method for the indicator review is the one that counts.

The zone panel scores a derived framework (the expert-scored part of the indicator tree, 18 items,
74 points), so "every item agreed" must be counted against the panel's framework, not the edition's
whole 24-item tree.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from brands import services
from brands.models import State
from tests.factories import UserFactory
from workflows.review import services as review
from workflows.review.models import AggregationMethod, Assignment, ExpertProfile, ReviewSettings, Stage, StageSettings

from .factories import ZoneFactory, figures

pytestmark = pytest.mark.django_db


def panel_with_consensus(zone, staff, *, individual: int, agreed: dict[str, int]):
    """Three experts score every item at `individual` %; the leader agrees `agreed[code]` % per item."""
    for n in range(3):
        user = UserFactory(roles=[Role.EXPERT])
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="C38", employer_name=f"研究院{n}")
    panel = services.open_indicator_review(
        [zone], actor=staff, name="验收专家组", deadline=timezone.now() + dt.timedelta(days=7), size=3
    )
    review.draw_panel(panel, actor=staff, seed="consensus-test")
    items = review.scoring_items(panel)
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(
            assignment, items={c.pk: {"percentage": individual} for c in items}, actor=assignment.expert
        )
    leader = Assignment.objects.filter(panel=panel).order_by("pk").first().expert
    review.set_panel_leader(panel, leader, actor=staff)
    panel.refresh_from_db()
    review.record_consensus(
        panel, zone, items={c.pk: (agreed.get(c.code, 60), "合议一致") for c in items}, actor=leader
    )
    review.finalize_panel(panel, actor=staff)
    return {c.code: c.max_points for c in items}


def test_consensus_aggregation_scores_a_zone_from_the_leaders_percentages(secretariat):
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)
    ReviewSettings.objects.create(edition=zone.edition, aggregation_method=AggregationMethod.CONSENSUS)
    figures(zone, 2026)

    points = panel_with_consensus(zone, secretariat, individual=80, agreed={"Z1.1": 100})
    total = services.conclude_expert_assessment(zone, actor=secretariat)

    zone.refresh_from_db()
    # Hand-computed: Z1.1 at 100 % of its points, the other 17 items at 60 % of theirs; the
    # experts' own 80 % (mean 59.20) must not be what counts.
    expected = Decimal(points["Z1.1"]) + Decimal("0.6") * (sum(points.values()) - points["Z1.1"])
    assert (sum(points.values()), len(points)) == (74, 18)
    assert zone.expert_score == expected.quantize(Decimal("0.01"))
    assert (zone.computed_score, total) == (Decimal("12.30"), Decimal("12.30") + zone.expert_score)


def test_consensus_missing_on_one_item_leaves_the_zone_without_an_expert_score(secretariat):
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)
    ReviewSettings.objects.create(edition=zone.edition, aggregation_method=AggregationMethod.CONSENSUS)
    for n in range(3):
        user = UserFactory(roles=[Role.EXPERT])
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="C38", employer_name=f"院{n}")
    panel = services.open_indicator_review(
        [zone], actor=secretariat, name="专家组", deadline=timezone.now() + dt.timedelta(days=7), size=3
    )
    review.draw_panel(panel, actor=secretariat, seed="consensus-partial")
    items = review.scoring_items(panel)
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(assignment, items={c.pk: {"percentage": 80} for c in items}, actor=assignment.expert)
    review.record_consensus(panel, zone, items={items[0].pk: (60, "合议")}, actor=secretariat)
    review.finalize_panel(panel, actor=secretariat)

    with pytest.raises(services.ExpertScoresMissing):
        services.conclude_expert_assessment(zone, actor=secretariat)

    zone.refresh_from_db()
    assert (zone.state, zone.expert_score) == (State.EXPERT_ASSESSMENT, None)


def test_the_indicator_review_stage_may_aggregate_by_its_own_method(secretariat):
    """Edition: mean; indicator-review stage: median. Experts at 70 / 75 / 85 % of every item:
    median 75 % of 74 points = 55.50 (the mean, 76.67 %, would give 56.73)."""
    zone = ZoneFactory(state=State.EXPERT_ASSESSMENT)
    settings = ReviewSettings.objects.create(edition=zone.edition, aggregation_method=AggregationMethod.MEAN)
    StageSettings.objects.create(
        settings=settings, stage=Stage.INDICATOR_REVIEW, aggregation_method=AggregationMethod.MEDIAN
    )
    figures(zone, 2026)
    for n in range(3):
        user = UserFactory(roles=[Role.EXPERT])
        ExpertProfile.objects.create(user=user, region_code="110108", specialties="C38", employer_name=f"院{n}")
    panel = services.open_indicator_review(
        [zone], actor=secretariat, name="专家组", deadline=timezone.now() + dt.timedelta(days=7), size=3
    )
    review.draw_panel(panel, actor=secretariat, seed="stage-method")
    items = review.scoring_items(panel)
    assignments = Assignment.objects.filter(panel=panel).select_related("expert").order_by("pk")
    for assignment, percentage in zip(assignments, [70, 75, 85], strict=True):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(
            assignment, items={c.pk: {"percentage": percentage} for c in items}, actor=assignment.expert
        )
    review.finalize_panel(panel, actor=secretariat)

    services.conclude_expert_assessment(zone, actor=secretariat)

    zone.refresh_from_db()
    assert zone.expert_score == Decimal("55.50")
