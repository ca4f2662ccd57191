"""Reads of the satisfaction survey: aggregates only (docs/city-survey.md).

Nothing here returns a response, an answer or a hash to a page: results are counts, means and
margins per city, dimension and district; a district with fewer than SMALL_CELL responses shows its
count but not its score, so a single person's answers cannot be read off a small district.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Prefetch

from . import stats
from .models import Questionnaire, SurveyAnswer, SurveyDimension, SurveyDistrict

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
    city: object
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
    points_of_total: int = 0  # the survey's points in the acceptance total (CityRules.survey_points)

    @property
    def points(self) -> Decimal | None:
        """The score as points of the acceptance total, or None while the sample is below the minimum."""
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


def _per_response_scores(city_ids, questionnaire) -> dict[int, dict[int, dict[int, float]]]:
    """{city: {response: {dimension: 0–100 score}}} from one grouped query (no answer leaves here)."""
    rows = (
        SurveyAnswer.objects.filter(response__city_id__in=city_ids, response__questionnaire=questionnaire)
        .values("response__city_id", "response_id", "item__dimension_id")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    scores: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        scores[row["response__city_id"]][row["response_id"]][row["item__dimension_id"]] = stats.likert_to_100(
            float(row["mean"])
        )
    return scores


def _district_of_responses(city_ids, questionnaire) -> dict[int, int]:
    from .models import SurveyResponse

    return dict(
        SurveyResponse.objects.filter(city_id__in=city_ids, questionnaire=questionnaire).values_list(
            "pk", "district_id"
        )
    )


def _results(city, questionnaire, per_response, district_of, districts, rules) -> SurveyResults:
    results = SurveyResults(city=city, questionnaire=questionnaire, minimum=rules[0], points_of_total=rules[1])
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


def _rules(edition) -> tuple[int, int]:
    """(minimum sample, points in the acceptance total) of the edition's CityRules."""
    from ..models import CityRules

    rules = CityRules.objects.filter(edition=edition).first()
    return (rules.survey_min_responses, rules.survey_points) if rules else (0, 0)


def survey_results(city) -> SurveyResults:
    """The city's results in its edition's questionnaire (a fixed 7 queries)."""
    questionnaire = questionnaire_of(city.edition_id)
    districts = list(SurveyDistrict.objects.filter(city=city))
    if questionnaire is None:
        return SurveyResults(
            city=city, questionnaire=None, districts=[DistrictResult(d.name, d.quota, 0, None) for d in districts]
        )
    per_response = _per_response_scores([city.pk], questionnaire).get(city.pk, {})
    district_of = _district_of_responses([city.pk], questionnaire)
    return _results(city, questionnaire, per_response, district_of, districts, _rules(city.edition_id))


def results_for_cities(cities, edition, questionnaire: Questionnaire | None = None) -> list[SurveyResults]:
    """Results of many cities of one edition in a fixed number of queries (the staff results list);
    pass the edition's questionnaire when the page has read it already (questionnaire_of)."""
    cities = list(cities)
    questionnaire = questionnaire or questionnaire_of(edition)
    ids = [c.pk for c in cities]
    districts: dict[int, list] = defaultdict(list)
    for district in SurveyDistrict.objects.filter(city_id__in=ids):
        districts[district.city_id].append(district)
    if questionnaire is None:
        return [SurveyResults(city=c, questionnaire=None) for c in cities]
    per_city = _per_response_scores(ids, questionnaire)
    district_of = _district_of_responses(ids, questionnaire)
    rules = _rules(edition)
    return [_results(c, questionnaire, per_city.get(c.pk, {}), district_of, districts[c.pk], rules) for c in cities]


def survey_score(city) -> Decimal | None:
    """The city's weighted satisfaction score (0–100) for the acceptance indicator set, or None while
    the sample is below the edition's `survey_min_responses` (CityRules). docs/city-survey.md."""
    results = survey_results(city)
    return results.score if results.enough else None


def survey_points(city) -> Decimal | None:
    """The score as points of the acceptance total: score / 100 × CityRules.survey_points."""
    return survey_results(city).points
