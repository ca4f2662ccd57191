"""The zone indicator system as data: loading it and computing the data-driven indicators.

The tree itself is a workflows CriteriaFramework (categories → items with points); each item's
assessment method and, for computed items, its computation spec live in IndicatorMethod rows.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.translation import gettext

from workflows.criteria import load_framework

DATA_DIR = Path(__file__).resolve().parent / "data"
ZONE_FRAMEWORK_CODE = "zone-acceptance-2013"


def load_zone_framework(spec: dict, framework_model, criterion_model, method_model):
    """Create or update the indicator tree and each item's method; points must add up."""
    tree = {
        **spec,
        "categories": [
            {**category, "items": [item[:3] for item in category["items"]]} for category in spec["categories"]
        ],
    }
    framework = load_framework(tree, framework_model, criterion_model)
    for category in spec["categories"]:
        for code, _title, _points, method, computation in category["items"]:
            criterion = criterion_model.objects.get(framework=framework, code=code)
            method_model.objects.update_or_create(criterion=criterion, defaults={"method": method, "spec": computation})
    return framework


def load_bundled_zone_framework(framework_model, criterion_model, method_model):
    spec = json.loads((DATA_DIR / f"{ZONE_FRAMEWORK_CODE}.json").read_text(encoding="utf-8"))
    return load_zone_framework(spec, framework_model, criterion_model, method_model)


class MissingFigures(ValueError):
    """The figures a computed indicator needs were not filed."""


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def indicator_fraction(spec: dict, figures_by_year: dict[int, object]) -> tuple[Decimal, str]:
    """Share of the item's points (0..1) earned under `spec`, and a short basis for the record.

    `figures_by_year` maps year → ZoneYearFigures; the latest year counts, growth compares it
    with the year before.
    """
    if not figures_by_year:
        raise MissingFigures("no yearly figures")
    metric = spec["metric"]
    latest_year = max(figures_by_year)
    value = Decimal(str(getattr(figures_by_year[latest_year], metric)))
    kind = spec["type"]
    if kind == "threshold":
        for minimum, fraction in sorted(spec["steps"], key=lambda step: step[0], reverse=True):
            if value >= Decimal(str(minimum)):
                return Decimal(str(fraction)), f"{metric}={value} ({latest_year}) ≥ {minimum}"
        return Decimal("0"), f"{metric}={value} ({latest_year})"
    target = Decimal(str(spec["target"]))
    if kind == "ratio":
        return min(Decimal("1"), max(Decimal("0"), value / target)), f"{metric}={value} ({latest_year}) / {target}"
    if kind == "growth":
        previous = figures_by_year.get(latest_year - 1)
        if previous is None:
            raise MissingFigures(f"{metric}: no figures for {latest_year - 1}")
        before = Decimal(str(getattr(previous, metric)))
        if before <= 0:
            return Decimal("0"), f"{metric}: {latest_year - 1} is zero"
        growth = (value - before) / before * 100
        fraction = min(Decimal("1"), max(Decimal("0"), growth / target))
        return fraction, f"{metric} growth {_quantize(growth)}% ({latest_year - 1}→{latest_year}) / {target}%"
    raise ValueError(f"unknown spec type {kind!r}")


def indicator_points(max_points: int, spec: dict, figures_by_year: dict[int, object]) -> tuple[Decimal, str]:
    fraction, basis = indicator_fraction(spec, figures_by_year)
    return _quantize(Decimal(max_points) * fraction), basis


def expert_framework_for(framework, framework_model, criterion_model, method_model):
    """The part of an indicator tree the expert panel scores: every item not computed from data.

    workflows/review scores all items of a panel's framework, so the panel gets this derived
    framework (code "<code>-expert", kept in step with the methods each time it is asked for).
    The scoring and aggregation stay in workflows/review; only the item list is chosen here.
    """
    computed_ids = set(
        method_model.objects.filter(criterion__framework=framework, method="computed").values_list(
            "criterion_id", flat=True
        )
    )
    categories = []
    for category in criterion_model.objects.filter(framework=framework, parent=None).order_by("order"):
        items = [
            [item.code, item.title, item.max_points]
            for item in criterion_model.objects.filter(parent=category).order_by("order")
            if item.pk not in computed_ids
        ]
        if items:
            categories.append(
                {
                    "code": category.code,
                    "title": category.title,
                    "points": sum(points for _, _, points in items),
                    "kind": category.kind,
                    "items": items,
                }
            )
    spec = {
        "code": f"{framework.code}-expert"[:60],
        "name": f"{framework.name}（专家评分部分）",
        "version": framework.version,
        "total_points": sum(category["points"] for category in categories),
        "note": gettext("由“%(name)s”中非数据计算的指标生成。") % {"name": framework.name},
        "categories": categories,
    }
    derived = load_framework(spec, framework_model, criterion_model)
    wanted = {code for category in categories for code, _, _ in category["items"]} | {c["code"] for c in categories}
    criterion_model.objects.filter(framework=derived).exclude(code__in=wanted).delete()
    return derived
