"""Inter-rater reliability on a complete targets × raters matrix (small: one panel)."""

from __future__ import annotations

from collections.abc import Sequence


def icc_2k(matrix: Sequence[Sequence[float]]) -> float | None:
    """ICC(2,k), Shrout & Fleiss (1979): two-way random effects, average of k raters, absolute agreement.

    matrix[i][j] = score of target i by rater j. None when there are fewer than 2 targets or raters.
    """
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2:
        return None
    grand = sum(sum(row) for row in matrix) / (n * k)
    row_means = [sum(row) / k for row in matrix]
    col_means = [sum(matrix[i][j] for i in range(n)) / n for j in range(k)]
    ss_rows = k * sum((m - grand) ** 2 for m in row_means)
    ss_cols = n * sum((m - grand) ** 2 for m in col_means)
    ss_total = sum((x - grand) ** 2 for row in matrix for x in row)
    ss_error = ss_total - ss_rows - ss_cols
    bms = ss_rows / (n - 1)
    jms = ss_cols / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    denominator = bms + (jms - ems) / n
    if denominator == 0:
        return None
    return (bms - ems) / denominator


def _ranks(values: Sequence[float]) -> tuple[list[float], int]:
    """Average ranks (1 = lowest) and the tie term Σ(t³ − t) for one rater."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties = 0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for position in range(i, j + 1):
            ranks[order[position]] = average
        size = j - i + 1
        ties += size**3 - size
        i = j + 1
    return ranks, ties


def kendalls_w(matrix: Sequence[Sequence[float]]) -> float | None:
    """Kendall's coefficient of concordance W with the tie correction; matrix as for icc_2k."""
    n = len(matrix)
    m = len(matrix[0]) if n else 0
    if n < 2 or m < 2:
        return None
    rank_sums = [0.0] * n
    tie_total = 0
    for j in range(m):
        ranks, ties = _ranks([matrix[i][j] for i in range(n)])
        tie_total += ties
        for i in range(n):
            rank_sums[i] += ranks[i]
    mean = m * (n + 1) / 2
    s = sum((r - mean) ** 2 for r in rank_sums)
    denominator = m * m * (n**3 - n) - m * tie_total
    if denominator == 0:
        return None
    return 12 * s / denominator
