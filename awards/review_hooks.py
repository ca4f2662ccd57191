"""What the expert review needs to know about award dossiers (discovered by workflows.review)."""

from workflows.review.recommenders import register_recommender_source

from .models import AwardApplication, PreliminaryReview


def preliminary_reviewers(application_ids: list[int]) -> dict[int, set[int]]:
    """Who wrote each application's 初审 record (one query)."""
    found: dict[int, set[int]] = {}
    for application_id, reviewer_id in PreliminaryReview.objects.filter(
        application_id__in=application_ids
    ).values_list("application_id", "reviewer_id"):
        found.setdefault(application_id, set()).add(reviewer_id)
    return found


register_recommender_source(
    AwardApplication,
    transitions=(
        "open_recommendation_notice",
        "recommend",
        "recommend_after_notice",
        "not_recommend",
        "return_for_correction",
    ),
    extra=preliminary_reviewers,
)
