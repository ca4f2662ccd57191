"""The survey's arithmetic, on plain numbers (docs/surveys.md states the formulas).

A response's score in a dimension is the mean of its items mapped from 1–5 onto 0–100
((mean − 1) / 4 × 100); its weighted score is Σ weightᵢ × scoreᵢ / Σ weightᵢ.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Z_95 = 1.96
SATISFIED_FROM = 75.0  # a weighted score of 75 (= 4 on the 1–5 scale, 比较满意) or more counts as satisfied


def likert_to_100(mean: float) -> float:
    return (mean - 1) / 4 * 100


def weighted(scores: dict[int, float], weights: dict[int, float]) -> float:
    """Σ wᵢ·sᵢ / Σ wᵢ over the dimensions that have a score."""
    total = sum(weights[key] for key in scores)
    return sum(weights[key] * value for key, value in scores.items()) / total if total else 0.0


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def margin_of_mean(values: Sequence[float]) -> float | None:
    """Half-width of the 95 % interval of a mean: 1.96 × s / √n (s the sample standard deviation)."""
    n = len(values)
    if n < 2:
        return None
    centre = sum(values) / n
    variance = sum((value - centre) ** 2 for value in values) / (n - 1)
    return Z_95 * math.sqrt(variance / n)


def margin_of_proportion(share: float, n: int) -> float | None:
    """Half-width of the 95 % interval of a proportion: 1.96 × √(p(1 − p) / n), p in 0..1."""
    if n < 1:
        return None
    return Z_95 * math.sqrt(share * (1 - share) / n)


def worst_case_margin(n: int) -> float | None:
    """The margin at p = 0.5, the largest any proportion can have for this sample size."""
    return margin_of_proportion(0.5, n)
