"""Each aggregation method against values computed by hand on a fixed fixture."""

import pytest

from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import selectors, services
from workflows.review.models import ReviewSettings

from .factories import make_experts
from .helpers import declare_and_submit, small_framework

pytestmark = pytest.mark.django_db

# Totals out of 100 (each expert gives both items the same percentage, so total = percentage).
#            e1  e2  e3  e4  e5
SCORES_A = [80, 70, 90, 60, 50]
SCORES_B = [60, 50, 40, 60, 70]


@pytest.fixture
def scored(staff):
    framework = small_framework()
    edition = EditionFactory(
        criteria_framework=framework, award_quota=1, nomination_quota=1, award_min_score=60, nomination_min_score=50
    )
    ReviewSettings.objects.create(edition=edition, deviation_limit=100, stage_weights={"material_review": 100})
    a = AwardApplicationFactory(edition=edition, state="material_review")
    b = AwardApplicationFactory(edition=edition, state="material_review")
    experts = make_experts(5)
    panel = services.create_panel(
        edition, stage="material_review", name="组", dossiers=[a, b], deadline=edition.closes_at, actor=staff
    )
    services.draw_panel(panel, actor=staff, seed="s")
    for dossier, scores in ((a, SCORES_A), (b, SCORES_B)):
        for expert, pct in zip(experts, scores, strict=True):
            declare_and_submit(panel.assignments.get(expert=expert, object_id=dossier.pk), pct)
    return edition, panel, a, b


def by_dossier(rows):
    return {row.object_id: row for row in rows}


def test_mean(scored):
    edition, _, a, b = scored
    rows = by_dossier(selectors.rank_edition(edition))
    assert (rows[a.pk].scores["mean"], rows[b.pk].scores["mean"]) == (70.0, 56.0)


def test_median(scored):
    edition, _, a, b = scored
    rows = by_dossier(selectors.rank_edition(edition))
    assert (rows[a.pk].scores["median"], rows[b.pk].scores["median"]) == (70.0, 60.0)


def test_trimmed_mean_drops_one_highest_and_one_lowest(scored):
    edition, _, a, b = scored
    rows = by_dossier(selectors.rank_edition(edition))
    # A: (350 − 90 − 50) / 3 = 70; B: (280 − 70 − 40) / 3 = 56.67
    assert (rows[a.pk].scores["trimmed_mean"], rows[b.pk].scores["trimmed_mean"]) == (70.0, 56.67)


def test_zscore_normalised_mean(scored):
    edition, _, a, b = scored
    rows = by_dossier(selectors.rank_edition(edition))
    # Expert z-scores (population sd): e1..e3 +1 on A / −1 on B, e4 sd 0 → 0, e5 −1 on A / +1 on B.
    # Mean z: A +0.4, B −0.4. Pooled mean 63, pooled sd √201 = 14.1774 → 63 ± 5.671.
    assert (rows[a.pk].scores["zscore_mean"], rows[b.pk].scores["zscore_mean"]) == (68.67, 57.33)


def test_consensus_uses_leader_scores_and_keeps_individual_ones(scored):
    edition, panel, a, b = scored
    items_a = {c.pk: (75, "合议意见") for c in services.scoring_items(panel)}
    items_b = {c.pk: (55, "合议意见") for c in services.scoring_items(panel)}
    services.record_consensus(panel, a, items=items_a, actor=panel.leader)
    services.record_consensus(panel, b, items=items_b, actor=panel.leader)

    rows = by_dossier(selectors.rank_edition(edition))

    assert (rows[a.pk].scores["consensus"], rows[b.pk].scores["consensus"]) == (75.0, 55.0)
    assert rows[a.pk].scores["mean"] == 70.0


def test_consensus_is_absent_until_every_item_is_agreed(scored):
    edition, panel, a, _ = scored
    first = services.scoring_items(panel)[0]
    services.record_consensus(panel, a, items={first.pk: (75, "合议")}, actor=panel.leader)

    rows = by_dossier(selectors.rank_edition(edition))

    assert rows[a.pk].scores["consensus"] is None


def test_only_the_leader_records_consensus(scored):
    from workflows.exceptions import NotPermitted

    edition, panel, a, _ = scored
    other = panel.members.exclude(expert=panel.leader).first().expert
    with pytest.raises(NotPermitted):
        services.record_consensus(panel, a, items={}, actor=other)


def test_ranks_and_tiers_follow_thresholds_and_quotas(scored):
    edition, _, a, b = scored
    rows = by_dossier(selectors.rank_edition(edition))
    assert (rows[a.pk].ranks["mean"], rows[b.pk].ranks["mean"]) == (1, 2)
    assert (rows[a.pk].tiers["mean"], rows[b.pk].tiers["mean"]) == ("award", "nomination")


def test_sensitivity_flags_tier_change_between_methods(scored):
    edition, _, a, b = scored
    edition.nomination_min_score = 57
    edition.save()
    rows = by_dossier(selectors.rank_edition(edition))
    # B: mean 56 (below 57, no tier) but median 60 (nomination) → flagged.
    assert rows[b.pk].tiers["mean"] == "" and rows[b.pk].tiers["median"] == "nomination"
    assert rows[b.pk].tier_changes is True
    assert rows[a.pk].tier_changes is False


def test_trimmed_mean_and_even_median_with_four_experts(staff):
    framework = small_framework("fw4")
    edition = EditionFactory(criteria_framework=framework)
    ReviewSettings.objects.create(edition=edition, deviation_limit=100, stage_weights={"defence": 1})
    dossier = AwardApplicationFactory(edition=edition, state="defence")
    experts = make_experts(4)
    panel = services.create_panel(
        edition, stage="defence", name="答辩组", dossiers=[dossier], size=4, deadline=edition.closes_at, actor=staff
    )
    services.draw_panel(panel, actor=staff, seed="s")
    for expert, pct in zip(experts, [40, 50, 70, 90], strict=True):
        declare_and_submit(panel.assignments.get(expert=expert), pct)

    row = selectors.rank_edition(edition)[0]

    assert row.scores["median"] == 60.0  # (50 + 70) / 2
    assert row.scores["trimmed_mean"] is None  # only with ≥ 5 scores


def test_stage_weights_make_the_composite(staff):
    framework = small_framework("fw-w")
    edition = EditionFactory(criteria_framework=framework)
    ReviewSettings.objects.create(
        edition=edition, deviation_limit=100, stage_weights={"material_review": 40, "defence": 60}
    )
    dossier = AwardApplicationFactory(edition=edition, state="defence")
    experts = make_experts(1)
    for stage, pct in (("material_review", 50), ("defence", 80)):
        panel = services.create_panel(
            edition, stage=stage, name=stage, dossiers=[dossier], size=1, deadline=edition.closes_at, actor=staff
        )
        services.draw_panel(panel, actor=staff, seed="s")
        declare_and_submit(panel.assignments.get(expert=experts[0]), pct)

    rows = selectors.rank_edition(edition)
    material_only = selectors.rank_edition(edition, stages=["material_review"])

    assert rows[0].scores["mean"] == 68.0  # (40 × 50 + 60 × 80) / 100
    assert material_only[0].scores["mean"] == 50.0


def test_unsubmitted_and_superseded_scores_are_not_aggregated(scored):
    edition, panel, a, _ = scored
    card = panel.scorecards.get(object_id=a.pk, expert=panel.leader)
    request = services.request_amendment(card, reason="录入错误", actor=panel.leader)
    services.decide_amendment(request, approve=True, note="同意", actor=UserFactory(is_superuser=True))

    row = by_dossier(selectors.rank_edition(edition))[a.pk]

    assert row.experts == 4
