"""Per-edition review settings validation, the Wagtail admin screens, and the demo seeder."""

import pytest
from django.core.exceptions import ValidationError

import accounts.demo
import cms.demo
import workflows.demo
import workflows.review.demo
from workflows.review import services
from workflows.review.models import ExpertProfile, ReviewSettings

pytestmark = pytest.mark.django_db


def test_trimmed_mean_needs_panels_of_five(edition):
    rules = edition.review_settings
    rules.aggregation_method = "trimmed_mean"
    rules.panel_size = 4
    with pytest.raises(ValidationError) as raised:
        rules.full_clean()
    assert "aggregation_method" in raised.value.message_dict


def test_stage_weights_must_name_known_stages(edition):
    rules = edition.review_settings
    rules.stage_weights = {"material_review": 40, "tea_break": 60}
    with pytest.raises(ValidationError) as raised:
        rules.full_clean()
    assert "stage_weights" in raised.value.message_dict


@pytest.mark.parametrize(
    "numerator,denominator,strict,votes_for,present,passes",
    [(1, 2, True, 5, 9, True), (1, 2, True, 4, 8, False), (2, 3, False, 6, 9, True), (2, 3, False, 5, 9, False)],
)
def test_ballot_majority_rule(edition, numerator, denominator, strict, votes_for, present, passes):
    rules = ReviewSettings(
        edition=edition,
        ballot_majority_numerator=numerator,
        ballot_majority_denominator=denominator,
        ballot_majority_strict=strict,
    )
    assert rules.ballot_passes(votes_for, present) is passes


def test_staff_open_the_review_admin_screens(client):
    cms.demo.seed()
    people = accounts.demo.seed()
    programs = workflows.demo.seed()
    workflows.review.demo.seed(people=people, programs=programs)
    assert client.login(username="staff", password=accounts.demo.DEMO_PASSWORD)
    for model in ("reviewsettings", "expertprofile", "pastemployment", "consultancytie", "avoidancerequest"):
        assert client.get(f"/admin/snippets/review/{model}/").status_code == 200
    assert client.get("/review/staff/").status_code == 200


def test_demo_seeder_is_idempotent_and_plants_a_conflict():
    people = accounts.demo.seed()
    programs = workflows.demo.seed()
    workflows.review.demo.seed(people=people, programs=programs)
    workflows.review.demo.seed(people=people, programs=programs)

    assert ExpertProfile.objects.count() == 8
    assert ReviewSettings.objects.count() == len(programs["editions"])
    expert5 = ExpertProfile.objects.get(user__username="expert5")
    assert expert5.ties.get().credit_code == people["organizations"]["海岳电器"].credit_code
    assert services.review_settings_for(next(iter(programs["editions"].values()))).panel_size == 5
