"""ICC(2,k) and Kendall's W against published worked examples; panel statistics and charts."""

import pytest

from workflows.review import selectors
from workflows.review.charts import histogram_svg, radar_svg
from workflows.review.statistics import icc_2k, kendalls_w

from .helpers import declare_and_submit

# Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
# Psychological Bulletin 86(2), 420–428. Table 2: 6 targets rated by 4 judges; Table 4 reports
# ICC(2,4) = .62 for these data.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Siegel, S. & Castellan, N. J. (1988). Nonparametric Statistics for the Behavioral Sciences, 2nd ed.,
# McGraw-Hill, §9.4 (Kendall coefficient of concordance W), worked example: three raters (ids 4, 21, 11)
# rank eight attributes of a travel offer. Rank sums 10, 18, 14, 6, 7, 16, 13, 24; W = 0.656,
# chi-square = 13.78 with 7 df. Data and result as reproduced in the R package DescTools, KendallW()
# ("example from Siegel and Castellan (1988)"), which prints W = 0.6560847 for them; the book itself
# was not at hand to check the page number.
# Rows: attributes (airfare, climate, season, people, program, publicity, present, interest);
# columns: raters 4, 21, 11.
SIEGEL_CASTELLAN_RANKS = [
    [5, 1, 4],
    [6, 7, 5],
    [7, 6, 1],
    [1, 2, 3],
    [2, 3, 2],
    [4, 5, 7],
    [3, 4, 6],
    [8, 8, 8],
]

# Tie correction: the `anxiety` data (20 subjects × 3 raters on a 1–6 scale, many ties) of the R package
# irr, as used in the DescTools KendallW() documentation, whose example output for
# KendallW(anxiety, correct = TRUE) is W = 0.5396569. A software reference, not a textbook: it checks
# the tie term, which the Siegel & Castellan example (no ties) does not exercise.
ANXIETY = [
    [3, 3, 2], [3, 6, 1], [3, 4, 4], [4, 6, 4], [5, 2, 3], [5, 4, 2], [2, 2, 1], [3, 4, 6], [5, 3, 1], [2, 3, 1],
    [2, 2, 1], [6, 3, 2], [1, 3, 3], [5, 3, 3], [2, 2, 1], [2, 2, 1], [1, 1, 3], [2, 3, 3], [4, 3, 2], [3, 4, 2],
]  # fmt: skip

# ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1":
# 3 competitors ranked by 4 judges; rank sums 7, 9, 8; S = 2; W = 1/16.
PROOFWIKI_RANKS = [
    [1, 1, 2, 3],
    [3, 2, 3, 1],
    [2, 3, 1, 2],
]


def test_icc_2k_matches_shrout_and_fleiss():
    assert round(icc_2k(SHROUT_FLEISS), 2) == 0.62


def test_kendalls_w_matches_siegel_and_castellan():
    assert round(kendalls_w(SIEGEL_CASTELLAN_RANKS), 3) == 0.656
    assert kendalls_w(SIEGEL_CASTELLAN_RANKS) == pytest.approx(0.6560847, abs=1e-7)
    # Friedman chi-square = m (n − 1) W = 3 × 7 × W
    assert round(3 * 7 * kendalls_w(SIEGEL_CASTELLAN_RANKS), 2) == 13.78


def test_kendalls_w_tie_correction_matches_desctools():
    assert kendalls_w(ANXIETY) == pytest.approx(0.5396569, abs=1e-7)


def test_kendalls_w_matches_the_proofwiki_example():
    assert kendalls_w(PROOFWIKI_RANKS) == pytest.approx(1 / 16)


def test_kendalls_w_is_one_for_identical_orderings_and_handles_ties():
    assert kendalls_w([[1, 10], [2, 20], [3, 30]]) == pytest.approx(1.0)
    assert kendalls_w([[1, 1], [1, 1], [2, 2]]) == pytest.approx(1.0)


def test_degenerate_matrices_give_none():
    assert (icc_2k([[1, 2]]), kendalls_w([[1], [2]])) == (None, None)


@pytest.mark.django_db
def test_panel_statistics_severity_and_spread(drawn_panel):
    panel, dossiers, _ = drawn_panel
    panel.edition.review_settings.deviation_limit = 100
    panel.edition.review_settings.save()
    for dossier, scores in zip(dossiers, ([60, 60, 60, 60, 90], [40, 40, 40, 40, 70]), strict=True):
        for assignment, pct in zip(
            panel.assignments.filter(object_id=dossier.pk).order_by("expert_id"), scores, strict=True
        ):
            declare_and_submit(assignment, pct)
    panel.edition.review_settings.deviation_limit = 20
    panel.edition.review_settings.save()

    stats = selectors.panel_statistics(panel)

    lenient = max(stats.severity, key=stats.severity.get)
    assert stats.severity[lenient] == 240.0  # 900 − mean 660 on one, 700 − 460 on the other
    assert sorted(stats.spread_flags) == sorted([(dossiers[0].pk, 300.0), (dossiers[1].pk, 300.0)])
    assert len(stats.matrix) == 2 and len(stats.experts) == 5
    assert stats.categories[dossiers[0].pk][0][0] == "4.1"


def test_svg_charts_are_self_contained_and_escape_labels():
    svg = histogram_svg([100, 550, 560, 990], maximum=1000, title="<分布>")
    radar = radar_svg([("4.1", "领导", 60.0), ("4.2", "战略", 40.0), ("4.3", "<x>", 80.0)])
    assert (
        svg.startswith("<svg") and "&lt;分布&gt;" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    )
    assert radar.count("<polygon") == 5 and "&lt;x&gt;" in radar
