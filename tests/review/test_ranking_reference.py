"""rank_edition's SQL against a plain-Python reference of the rules it implements, on randomised editions.

The reference reads the same tables as plain values and follows the rules as rank_edition's
docstring and docs/performance.md ("Expert queue and ranking page") state them: per-expert totals of current, submitted scorecards; per stage and dossier
the mean, the median, the trimmed mean (only with ≥ 5 scores: drop one highest and one lowest), the
z-score normalised mean (each expert against their own totals in the stage, population sd, back on the
stage's pooled scale) and the leader's consensus (only when every item of the panel is agreed); the
composite weights the stages and exists only with a score in every weighted stage; ranks are
competition ranks (ties share a rank, the next one is skipped); tiers fill the award quota, then the
nomination quota, down the ranking above each line. Any divergence of the SQL (a regrouping, a join that
drops or doubles rows, a window over the wrong partition) changes a score, a rank or a tier here.

Every total is a whole number (items of 60 and 40 points scored in 5 % steps), so sums, means,
medians and trimmed means are exact in both paths and their ties are real ties.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.factories import EditionFactory, UserFactory
from workflows.models import Criterion
from workflows.review import selectors
from workflows.review.models import (
    Assignment,
    ConsensusItem,
    ItemScore,
    Panel,
    ReviewSettings,
    Scorecard,
    StageSettings,
)

from .helpers import small_framework

pytestmark = pytest.mark.django_db

WEIGHTS = {"material_review": 40, "defence": 60, "site_review": 0}  # site_review scored but weighted 0
DEFENCE_METHOD = "median"  # the edition's default is the trimmed mean
METHOD_COLUMNS = {"consensus", "mean", "trimmed_mean", "median", "zscore_mean"}


def _randomised_edition(seed: int):
    """About 40 dossiers over three stages: panels of 7 and of 4 experts (no trimmed mean), dossiers
    missing from the defence (no composite), superseded and draft scorecards (never counted), complete
    and partial consensus; expert severity and scores drawn from `seed`."""
    rng = random.Random(seed)
    framework = small_framework(f"ref-{seed}")
    items = list(Criterion.objects.filter(framework=framework, parent__isnull=False))
    edition = EditionFactory(
        criteria_framework=framework,
        award_quota=rng.randint(2, 6),
        nomination_quota=rng.randint(2, 8),
        award_min_score=rng.choice([55, 60, 65]),
        nomination_min_score=rng.choice([40, 45, 50]),
    )
    settings = ReviewSettings.objects.create(
        edition=edition, aggregation_method="trimmed_mean", deviation_limit=100, stage_weights=WEIGHTS
    )
    StageSettings.objects.create(settings=settings, stage="defence", aggregation_method=DEFENCE_METHOD)
    experts = [UserFactory() for _ in range(12)]
    severity = {e.pk: rng.randint(-3, 3) for e in experts}
    ct = ContentType.objects.get_for_model(Panel)  # any content type: the ranking needs ids only
    n = rng.randint(36, 44)
    dossiers = list(range(1, n + 1))
    quality = {d: rng.randint(6, 17) for d in dossiers}
    now = timezone.now()
    leader = experts[0]

    def panel_for(stage: str, chunk: list[int], size: int) -> None:
        panel = Panel.objects.create(edition=edition, stage=stage, name=f"{stage}-{chunk[0]}", size=size, deadline=now)
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(panel=panel, expert=expert, content_type=ct, object_id=oid, label="", code=str(oid))
                for oid in chunk
                for expert in rng.sample(experts, size)
            ]
        )
        cards = []
        for assignment in assignments:
            fate = rng.random()
            versions = [(1, True)] if fate > 0.15 else [(1, False), (2, True)]  # amended: version 1 superseded
            for version, current in versions:
                draft = current and 0.05 < fate < 0.1  # a current draft: not submitted, not counted
                cards.append(
                    Scorecard(
                        assignment=assignment,
                        panel=panel,
                        expert_id=assignment.expert_id,
                        content_type=ct,
                        object_id=assignment.object_id,
                        version=version,
                        is_current=current,
                        status=Scorecard.Status.DRAFT if draft else Scorecard.Status.SUBMITTED,
                        submitted_at=None if draft else now,
                    )
                )
        scores = []
        for card in Scorecard.objects.bulk_create(cards):
            level = quality[card.object_id] + severity[card.expert_id] + (0 if card.is_current else 6)
            for item in items:
                pct = 5 * max(0, min(20, level + rng.randint(-2, 2)))
                scores.append(
                    ItemScore(
                        scorecard=card, criterion=item, percentage=pct, points=Decimal(pct * item.max_points) / 100
                    )
                )
        ItemScore.objects.bulk_create(scores)
        agreed = []
        for oid in chunk:
            chance = rng.random()
            if chance < 0.7:  # the leader agreed every item (< 0.55) or only the first (partial: no consensus)
                for item in items if chance < 0.55 else items[:1]:
                    pct = 5 * rng.randint(8, 18)
                    agreed.append(
                        ConsensusItem(
                            panel=panel,
                            criterion=item,
                            content_type=ct,
                            object_id=oid,
                            percentage=pct,
                            points=Decimal(pct * item.max_points) / 100,
                            rationale="合议",
                            recorded_by=leader,
                        )
                    )
        ConsensusItem.objects.bulk_create(agreed)

    split = n - 8
    panel_for("material_review", dossiers[:split], 7)
    panel_for("material_review", dossiers[split:], 4)
    panel_for("defence", dossiers[: n - 5], rng.choice([5, 7]))  # the last five never reach the defence
    panel_for("site_review", dossiers[:10], 5)
    return edition


# --- the reference ----------------------------------------------------------------------------
def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _stage_scores(edition) -> dict[tuple[str, int], dict]:
    totals: dict[tuple[str, int, int], float] = defaultdict(float)  # (stage, dossier, expert) → total
    for stage, oid, expert, points in ItemScore.objects.filter(
        scorecard__panel__edition=edition, scorecard__is_current=True, scorecard__status=Scorecard.Status.SUBMITTED
    ).values_list("scorecard__panel__stage", "scorecard__object_id", "scorecard__expert_id", "points"):
        totals[(stage, oid, expert)] += float(points)
    by_dossier: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
    by_expert: dict[tuple[str, int], list[float]] = defaultdict(list)
    pooled: dict[str, list[float]] = defaultdict(list)
    for (stage, oid, expert), total in totals.items():
        by_dossier[(stage, oid)].append((expert, total))
        by_expert[(stage, expert)].append(total)
        pooled[stage].append(total)

    def mean_sd(values):
        m = sum(values) / len(values)
        var = sum(v * v for v in values) / len(values) - m * m
        return m, math.sqrt(var) if var > 1e-9 else 0.0

    expert_stats = {key: mean_sd(values) for key, values in by_expert.items()}
    pooled_stats = {stage: mean_sd(values) for stage, values in pooled.items()}
    items_of = {p.pk: p.framework_id or edition.criteria_framework_id for p in Panel.objects.filter(edition=edition)}
    expected = {
        pk: Criterion.objects.filter(framework_id=fw, parent__isnull=False).count() for pk, fw in items_of.items()
    }
    consensus: dict[tuple[str, int], list] = defaultdict(lambda: [0.0, 0, 0])  # total, items, expected
    for stage, oid, panel_id, points in ConsensusItem.objects.filter(panel__edition=edition).values_list(
        "panel__stage", "object_id", "panel_id", "points"
    ):
        entry = consensus[(stage, oid)]
        entry[0] += float(points)
        entry[1] += 1
        entry[2] = max(entry[2], expected[panel_id])
    scores = {}
    for (stage, oid), pairs in by_dossier.items():
        values = [total for _, total in pairs]
        pm, psd = pooled_stats[stage]
        z = []
        for expert, total in pairs:
            em, esd = expert_stats[(stage, expert)]
            z.append((total - em) / esd if esd else 0.0)
        agreed = consensus.get((stage, oid))
        scores[(stage, oid)] = {
            "n": len(values),
            "mean": sum(values) / len(values),
            "median": _median(values),
            "trimmed_mean": (sum(values) - min(values) - max(values)) / (len(values) - 2) if len(values) >= 5 else None,
            "zscore_mean": pm + sum(z) / len(z) * psd,
            "consensus": agreed[0] if agreed and agreed[1] == agreed[2] else None,
        }
    return scores


def reference_ranking(edition, stages: list[str] | None = None) -> dict[int, dict]:
    """object id → experts, scores, ranks and tiers, from the rules alone."""
    weights = {s: w for s, w in WEIGHTS.items() if w and (stages is None or s in stages)}
    methods = {"material_review": "trimmed_mean", "defence": DEFENCE_METHOD}
    per_stage = _stage_scores(edition)
    dossiers = sorted({oid for stage, oid in per_stage if stage in weights})
    total_weight = sum(weights.values())
    rows = {}
    for oid in dossiers:
        present = [per_stage[(s, oid)] for s in weights if (s, oid) in per_stage]
        scores = {}
        for column in ("chosen", *METHOD_COLUMNS):
            parts = []
            for stage in weights:
                entry = per_stage.get((stage, oid))
                value = None if entry is None else entry[methods[stage] if column == "chosen" else column]
                parts.append(None if value is None else weights[stage] * value)
            scores[column] = None if None in parts else sum(parts) / total_weight
        rows[oid] = {"experts": min(e["n"] for e in present), "scores": scores, "ranks": {}, "tiers": {}}
    for column in ("chosen", *METHOD_COLUMNS):
        scored = [r["scores"][column] for r in rows.values() if r["scores"][column] is not None]
        for row in rows.values():
            value = row["scores"][column]
            row["ranks"][column] = None if value is None else 1 + sum(1 for other in scored if other > value)
        award, nomination = edition.award_quota, edition.nomination_quota
        for oid in sorted(
            (oid for oid, r in rows.items() if r["ranks"][column] is not None),
            key=lambda oid: rows[oid]["ranks"][column],
        ):
            value = rows[oid]["scores"][column]
            tier = ""
            if award and value >= float(edition.award_min_score):
                tier, award = "award", award - 1
            elif nomination and value >= float(edition.nomination_min_score):
                tier, nomination = "nomination", nomination - 1
            rows[oid]["tiers"][column] = tier
        for row in rows.values():
            row["tiers"].setdefault(column, "")
    return rows


def _assert_same(edition, ranked, expected) -> None:
    assert {r.object_id for r in ranked} == set(expected), "a dossier is missing or extra"
    for row in ranked:
        want = expected[row.object_id]
        assert row.experts == want["experts"], row.object_id
        for column in ("chosen", *METHOD_COLUMNS):
            got, ref = row.scores[column], want["scores"][column]
            assert (got is None) == (ref is None), (row.object_id, column, got, ref)
            if ref is not None:
                assert abs(got - ref) <= 0.005 + 1e-9, (row.object_id, column, got, ref)
        assert row.ranks == want["ranks"], row.object_id
    # Tiers go down the ranking, and tied dossiers may be taken in either order: compare the tiers
    # handed out per rank, which no order among ties changes unless a quota ends inside the tie.
    for column in ("chosen", *METHOD_COLUMNS):
        got, ref = defaultdict(list), defaultdict(list)
        for row in ranked:
            got[row.ranks[column]].append(row.tiers[column])
            ref[row.ranks[column]].append(expected[row.object_id]["tiers"][column])
        assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in ref.items()}, column
    order = [(r.ranks["chosen"] is None, r.ranks["chosen"] or 0, r.object_id) for r in ranked]
    assert order == sorted(order), "rows come back ordered by the official composite"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_edition_matches_the_reference_on_a_randomised_edition(seed):
    edition = _randomised_edition(seed)
    expected = reference_ranking(edition)

    ranked = selectors.rank_edition(edition, with_labels=False)

    assert len(ranked) >= 30 and any(r.scores["trimmed_mean"] is None for r in ranked)
    assert any(r.scores["chosen"] is None for r in ranked) and any(r.scores["consensus"] is not None for r in ranked)
    assert any(r.tiers["chosen"] == "award" for r in ranked)
    _assert_same(edition, ranked, expected)


def test_a_stage_cut_matches_the_reference(seed=4):
    edition = _randomised_edition(seed)

    ranked = selectors.rank_edition(edition, stages=["material_review"], with_labels=False)

    _assert_same(edition, ranked, reference_ranking(edition, stages=["material_review"]))


def test_the_reference_can_tell_a_wrong_ranking(seed=5):
    """The comparison fails when one score moves: a changed item score changes the ranking."""
    edition = _randomised_edition(seed)
    expected = reference_ranking(edition)
    card = Scorecard.objects.filter(panel__edition=edition, panel__stage="defence", is_current=True).first()
    item = card.items.first()
    ItemScore.objects.filter(pk=item.pk).update(points=item.points + 7)

    with pytest.raises(AssertionError):
        _assert_same(edition, selectors.rank_edition(edition, with_labels=False), expected)
