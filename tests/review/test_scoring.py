"""Rubric scoring: steps and bands, sealing, amendments with both versions kept, deviations."""

import pytest

from workflows.exceptions import ConflictOfInterest, NotPermitted
from workflows.review import services
from workflows.review.exceptions import DeviationReasonRequired, IncompleteScorecard, ReviewError, ScoreSealed
from workflows.review.models import BANDS, AmendmentRequest, ItemScore, Scorecard, band_of

from .helpers import declare_and_submit, items_at

pytestmark = pytest.mark.django_db


def test_bands_cover_every_step_once():
    assert [band_of(p) for p in range(0, 101, 5)] == [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6]
    assert BANDS[0] == (0, 5) and BANDS[-1] == (90, 100)


def test_item_points_are_percentage_times_max_points(drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    card = declare_and_submit(assignment, 35)
    item = card.items.select_related("criterion").get(criterion__code="4.4.3")  # 15 points
    assert (item.percentage, item.points, item.criterion.max_points) == (35, pytest.approx(5.25), 15)
    assert sum(i.points for i in card.items.all()) == 350  # 35 % of 1000


@pytest.mark.parametrize("bad", [7, 105, -5, "abc"])
def test_percentages_off_the_5_step_grid_are_refused(drawn_panel, bad):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    first = services.scoring_items(panel)[0]
    with pytest.raises(ReviewError):
        services.save_scorecard(assignment, items={first.pk: {"percentage": bad}}, actor=assignment.expert)
    assert ItemScore.objects.count() == 0


def test_submit_needs_every_item(drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    first = services.scoring_items(panel)[0]
    with pytest.raises(IncompleteScorecard):
        services.submit_scorecard(assignment, items={first.pk: {"percentage": 50}}, actor=assignment.expert)
    assert Scorecard.objects.get(assignment=assignment).status == "draft"


def test_scoring_requires_the_declaration_first(drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    with pytest.raises(ConflictOfInterest):
        services.save_scorecard(assignment, items=items_at(panel, 50), actor=assignment.expert)


def test_another_expert_cannot_write_into_an_assignment(drawn_panel):
    panel, _, _ = drawn_panel
    mine = panel.assignments.first()
    other = panel.assignments.exclude(expert=mine.expert).first()
    with pytest.raises(NotPermitted):
        services.save_scorecard(mine, items=items_at(panel, 50), actor=other.expert)


def test_submitted_scores_are_sealed(drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    declare_and_submit(assignment, 50)
    with pytest.raises(ScoreSealed):
        services.save_scorecard(assignment, items=items_at(panel, 90), actor=assignment.expert)
    assert set(ItemScore.objects.values_list("percentage", flat=True)) == {50}


def test_amendment_needs_staff_approval_and_keeps_both_versions(drawn_panel, staff):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    sealed = declare_and_submit(assignment, 50)
    request = services.request_amendment(sealed, reason="4.7.4 录入有误", actor=assignment.expert)

    with pytest.raises(NotPermitted):
        services.decide_amendment(request, approve=True, note="", actor=assignment.expert)
    new = services.decide_amendment(request, approve=True, note="同意修改", actor=staff)
    services.submit_scorecard(assignment, items=items_at(panel, 55), actor=assignment.expert)

    versions = list(
        Scorecard.objects.filter(assignment=assignment)
        .order_by("version")
        .values_list("version", "status", "is_current")
    )
    assert versions == [(1, "superseded", False), (2, "submitted", True)]
    assert set(ItemScore.objects.filter(scorecard=sealed).values_list("percentage", flat=True)) == {50}
    assert set(ItemScore.objects.filter(scorecard=new).values_list("percentage", flat=True)) == {55}
    assert AmendmentRequest.objects.get(pk=request.pk).decided_by == staff


def test_rejected_amendment_leaves_the_seal(drawn_panel, staff):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    sealed = declare_and_submit(assignment, 50)
    request = services.request_amendment(sealed, reason="想改", actor=assignment.expert)
    services.decide_amendment(request, approve=False, note="理由不充分", actor=staff)
    with pytest.raises(ScoreSealed):
        services.save_scorecard(assignment, items=items_at(panel, 90), actor=assignment.expert)


def test_deviation_from_the_panel_median_needs_a_reason(drawn_panel):
    panel, (dossier, _), _ = drawn_panel  # deviation limit: 20 points (default)
    first, second, third = list(panel.assignments.filter(object_id=dossier.pk)[:3])
    declare_and_submit(first, 50)
    declare_and_submit(second, 55)
    services.declare_conflict(third, has_conflict=False, reason="", actor=third.expert)

    with pytest.raises(DeviationReasonRequired) as raised:
        services.submit_scorecard(third, items=items_at(panel, 90), actor=third.expert)
    assert len(raised.value.flagged) == 23  # median of (50, 55, 90) is 55; 90 is 35 away
    assert Scorecard.objects.get(assignment=third).status == "draft"

    card = services.submit_scorecard(
        third, items=items_at(panel, 90, deviation_reason="现场核实其数据优于行业标杆"), actor=third.expert
    )
    assert card.status == "submitted"


def test_scores_within_the_limit_need_no_reason(drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    first, second = list(panel.assignments.filter(object_id=dossier.pk)[:2])
    declare_and_submit(first, 50)
    assert declare_and_submit(second, 70).status == "submitted"  # median 60, 10 away


def test_panel_cannot_be_finalised_with_unjustified_deviations(drawn_panel, staff):
    panel, dossiers, _ = drawn_panel
    for dossier in dossiers:
        assignments = list(panel.assignments.filter(object_id=dossier.pk).order_by("id"))
        # The first expert scores 90 alone (no median yet); later 50s make it an outlier.
        declare_and_submit(assignments[0], 90)
        for assignment in assignments[1:]:
            declare_and_submit(assignment, 50)
    with pytest.raises(ReviewError):
        services.finalize_panel(panel, actor=staff)

    for dossier in dossiers:
        card = Scorecard.objects.filter(panel=panel, object_id=dossier.pk).order_by("assignment_id").first()
        for criterion_id in services.deviations_of(card):
            services.justify_deviation(card, criterion_id=criterion_id, reason="依据充分", actor=card.expert)
    assert services.finalize_panel(panel, actor=staff).finalized_at is not None
