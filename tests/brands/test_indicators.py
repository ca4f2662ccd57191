"""Indicators computed from submitted data score themselves; the spec is data, not code."""

from decimal import Decimal

import pytest

from brands import services
from brands.indicators import ZONE_FRAMEWORK_CODE
from brands.models import IndicatorMethod, IndicatorScore
from workflows.models import CriteriaFramework

from .factories import ZoneFactory, figures

pytestmark = pytest.mark.django_db


def scores_by_code(zone):
    return {
        score.criterion.code: score.points
        for score in IndicatorScore.objects.filter(zone=zone).select_related("criterion")
    }


def test_bundled_indicator_tree_has_five_dimensions_and_24_items():
    framework = CriteriaFramework.objects.get(code=ZONE_FRAMEWORK_CODE)

    dimensions = framework.criteria.filter(parent=None).count()
    items = framework.criteria.exclude(parent=None).count()
    methods = IndicatorMethod.objects.filter(criterion__framework=framework).count()

    assert (dimensions, items, methods, framework.total_points) == (5, 24, 24, 100)


def test_computed_indicators_score_from_the_latest_figures():
    zone = ZoneFactory()
    figures(zone, 2025, output_value=Decimal("500"))
    figures(zone, 2026, output_value=Decimal("540"))

    total = services.score_computed_indicators(zone)

    assert scores_by_code(zone) == {
        "Z3.3": Decimal("3.00"),  # 6 standards led: step ≥5 → 75 % of 4
        "Z4.1": Decimal("3.50"),  # 12 brands: step ≥10 → 70 % of 5
        "Z4.2": Decimal("0.00"),  # no GI products
        "Z4.4": Decimal("3.20"),  # output +8 % of a 10 % target → 80 % of 4
        "Z5.1": Decimal("3.00"),  # share 45 % of a 60 % target → 75 % of 4
        "Z5.2": Decimal("2.80"),  # 150 enterprises: step ≥100 → 70 % of 4
    }
    assert total == Decimal("15.50")


def test_growth_indicator_without_the_previous_year_scores_zero_and_says_why():
    zone = ZoneFactory()
    figures(zone, 2026)

    services.score_computed_indicators(zone)

    growth = IndicatorScore.objects.get(zone=zone, criterion__code="Z4.4")
    assert (growth.points, growth.basis) == (Decimal("0.00"), "缺少数据：output_value: no figures for 2025")


def test_changing_the_spec_in_data_changes_the_score():
    zone = ZoneFactory()
    figures(zone, 2026, brand_count=12)
    method = IndicatorMethod.objects.get(criterion__framework__code=ZONE_FRAMEWORK_CODE, criterion__code="Z4.1")
    method.spec = {"type": "threshold", "metric": "brand_count", "steps": [[10, 1.0]]}
    method.full_clean()
    method.save()

    services.score_computed_indicators(zone)

    assert scores_by_code(zone)["Z4.1"] == Decimal("5.00")


def test_a_computed_method_without_a_valid_spec_is_refused():
    method = IndicatorMethod.objects.get(criterion__framework__code=ZONE_FRAMEWORK_CODE, criterion__code="Z4.1")
    method.spec = {"type": "ratio", "metric": "brand_count"}

    with pytest.raises(Exception) as error:
        method.full_clean()

    assert list(error.value.message_dict) == ["spec"]
