"""Reads of the satisfaction survey: aggregates only (docs/surveys.md).

Nothing here returns a response, an answer or a hash to a page: results are counts, means and
margins per case, dimension and district; a district with fewer than SMALL_CELL responses shows its
count but not its score, so a single person's answers cannot be read off a small district.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Prefetch

from workflows.programs import program_for_model

from . import stats
from .models import Questionnaire, SurveyAnswer, SurveyDimension, SurveyDistrict, SurveyResponse

SMALL_CELL = 3


def _d(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def questionnaire_of(edition) -> Questionnaire | None:
    """The edition's questionnaire with its dimensions and items (3 queries)."""
    return (
        Questionnaire.objects.filter(edition=edition)
        .prefetch_related(Prefetch("dimensions", queryset=SurveyDimension.objects.prefetch_related("items")))
        .first()
    )


@dataclass
class DimensionResult:
    name: str
    weight: Decimal
    score: Decimal | None  # 0–100


@dataclass
class DistrictResult:
    name: str
    quota: int
    responses: int
    score: Decimal | None  # None when below SMALL_CELL responses

    @property
    def fulfilment(self) -> Decimal:
        return _d(min(self.responses / self.quota, 1) * 100) if self.quota else Decimal("0")

    @property
    def suppressed(self) -> bool:
        return 0 < self.responses < SMALL_CELL


@dataclass
class SurveyResults:
    case: object
    questionnaire: Questionnaire | None
    responses: int = 0
    score: Decimal | None = None  # weighted, 0–100
    margin: Decimal | None = None  # ± points of the score, 95 %
    satisfied_share: Decimal | None = None  # % of responses with a weighted score ≥ 75
    satisfied_margin: Decimal | None = None  # ± percentage points, 95 %
    worst_case_margin: Decimal | None = None  # ± percentage points at p = 50 %
    dimensions: list[DimensionResult] = field(default_factory=list)
    districts: list[DistrictResult] = field(default_factory=list)
    minimum: int = 0
    points_of_total: int = 0  # the survey's points in the case's total (SurveyAttachment.rules)

    @property
    def points(self) -> Decimal | None:
        """The score as points of the case's total, or None while the sample is below the minimum."""
        if not self.enough or self.score is None:
            return None
        return (self.score * self.points_of_total / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def quota_total(self) -> int:
        return sum(d.quota for d in self.districts)

    @property
    def counted_towards_quota(self) -> int:
        return sum(min(d.responses, d.quota) for d in self.districts)

    @property
    def quota_fulfilment(self) -> Decimal:
        return _d(self.counted_towards_quota / self.quota_total * 100) if self.quota_total else Decimal("0")

    @property
    def enough(self) -> bool:
        return self.responses >= self.minimum > 0 or (self.minimum == 0 and self.responses > 0)


def _per_response_scores(model, case_ids, questionnaire) -> dict[int, dict[int, dict[int, float]]]:
    """{case: {response: {dimension: 0–100 score}}} from one grouped query (no answer leaves here)."""
    rows = (
        SurveyAnswer.objects.filter(
            response__in=SurveyResponse.objects.of_cases(model, case_ids).filter(questionnaire=questionnaire)
        )
        .values("response__case_id", "response_id", "item__dimension_id")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    scores: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        scores[row["response__case_id"]][row["response_id"]][row["item__dimension_id"]] = stats.likert_to_100(
            float(row["mean"])
        )
    return scores


def _district_of_responses(model, case_ids, questionnaire) -> dict[int, int]:
    return dict(
        SurveyResponse.objects.of_cases(model, case_ids)
        .filter(questionnaire=questionnaire)
        .values_list("pk", "district_id")
    )


def _results(case, questionnaire, per_response, district_of, districts, rules) -> SurveyResults:
    results = SurveyResults(case=case, questionnaire=questionnaire, minimum=rules[0], points_of_total=rules[1])
    dims = list(questionnaire.dimensions.all()) if questionnaire else []
    weights = {d.pk: float(d.weight) for d in dims}
    totals = {response: stats.weighted(by_dim, weights) for response, by_dim in per_response.items()}
    values = list(totals.values())
    results.responses = len(values)
    results.score = _d(stats.mean(values))
    results.margin = _d(stats.margin_of_mean(values))
    if values:
        share = sum(1 for v in values if v >= stats.SATISFIED_FROM) / len(values)
        results.satisfied_share = _d(share * 100)
        margin = stats.margin_of_proportion(share, len(values))
        results.satisfied_margin = _d(margin * 100 if margin is not None else None)
        results.worst_case_margin = _d(stats.worst_case_margin(len(values)) * 100)
    results.dimensions = [
        DimensionResult(
            d.name,
            d.weight,
            _d(stats.mean([by_dim[d.pk] for by_dim in per_response.values() if d.pk in by_dim])),
        )
        for d in dims
    ]
    by_district: dict[int, list[float]] = defaultdict(list)
    for response, value in totals.items():
        by_district[district_of.get(response)].append(value)
    for district in districts:
        cell = by_district.get(district.pk, [])
        score = _d(stats.mean(cell)) if len(cell) >= SMALL_CELL else None
        results.districts.append(DistrictResult(district.name, district.quota, len(cell), score))
    return results


def _rules(model, edition) -> tuple[int, int]:
    """(minimum sample, points in the total) for the edition, from the program's SurveyAttachment."""
    program = program_for_model(model)
    edition_id = getattr(edition, "pk", edition)
    return program.survey.rules(edition_id) if program and program.survey else (0, 0)


def survey_results(case) -> SurveyResults:
    """The case's results in its edition's questionnaire (a fixed 7 queries)."""
    questionnaire = questionnaire_of(case.edition_id)
    model = type(case)
    districts = list(SurveyDistrict.objects.of_case(case))
    if questionnaire is None:
        return SurveyResults(
            case=case, questionnaire=None, districts=[DistrictResult(d.name, d.quota, 0, None) for d in districts]
        )
    per_response = _per_response_scores(model, [case.pk], questionnaire).get(case.pk, {})
    district_of = _district_of_responses(model, [case.pk], questionnaire)
    return _results(case, questionnaire, per_response, district_of, districts, _rules(model, case.edition_id))


def results_for_cases(cases, edition, questionnaire: Questionnaire | None = None) -> list[SurveyResults]:
    """Results of many cases (one program, one edition) in a fixed number of queries (the staff results
    list); pass the edition's questionnaire when the page has read it already (questionnaire_of)."""
    cases = list(cases)
    if not cases:
        return []
    model = type(cases[0])
    questionnaire = questionnaire or questionnaire_of(edition)
    ids = [c.pk for c in cases]
    districts: dict[int, list] = defaultdict(list)
    for district in SurveyDistrict.objects.of_cases(model, ids):
        districts[district.case_id].append(district)
    if questionnaire is None:
        return [SurveyResults(case=c, questionnaire=None) for c in cases]
    per_case = _per_response_scores(model, ids, questionnaire)
    district_of = _district_of_responses(model, ids, questionnaire)
    rules = _rules(model, edition)
    return [_results(c, questionnaire, per_case.get(c.pk, {}), district_of, districts[c.pk], rules) for c in cases]


def surveyed_case_ids(model, edition):
    """Ids of the edition's cases of `model` that have a response (a subquery: listed even after their
    survey states)."""
    return SurveyResponse.objects.filter(
        case_type=ContentType.objects.get_for_model(model), questionnaire__edition=edition
    ).values("case_id")


def survey_score(case) -> Decimal | None:
    """The case's weighted satisfaction score (0–100), or None while the sample is below the edition's
    minimum (SurveyAttachment.rules). docs/surveys.md."""
    results = survey_results(case)
    return results.score if results.enough else None


def survey_points(case) -> Decimal | None:
    """The score as points of the case's total: score / 100 × the survey's points (SurveyAttachment.rules)."""
    return survey_results(case).points
