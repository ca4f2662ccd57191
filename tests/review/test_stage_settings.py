"""Per-stage review settings: others' scores visibility and the aggregation method, edition value as default."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import selectors, services
from workflows.review.models import ReviewSettings, StageSettings

from .factories import make_experts
from .helpers import declare_and_submit, small_framework

pytestmark = pytest.mark.django_db


def _panel(edition, stage, dossiers, staff, size):
    panel = services.create_panel(
        edition, stage=stage, name=stage, dossiers=dossiers, size=size, deadline=edition.closes_at, actor=staff
    )
    services.draw_panel(panel, actor=staff, seed="s")
    return panel


# --- visibility of others' scores ----------------------------------------------------------------
@pytest.mark.parametrize("edition_blind", [True, False])
def test_blind_is_set_per_stage_over_http(client, staff, edition_blind):
    """Material review hides others' scores until the expert submits; defence shows them at once.

    Whatever the edition's own value, each stage's row decides for that stage.
    """
    edition = EditionFactory()
    rules = ReviewSettings.objects.create(edition=edition, blind_until_submitted=edition_blind, deviation_limit=100)
    StageSettings.objects.create(settings=rules, stage="material_review", blind_until_submitted="hidden")
    StageSettings.objects.create(settings=rules, stage="defence", blind_until_submitted="visible")
    dossier = AwardApplicationFactory(edition=edition, state="defence")
    diligent, waiting = make_experts(2)
    pages = {}
    for stage in ("material_review", "defence"):
        panel = _panel(edition, stage, [dossier], staff, size=2)
        declare_and_submit(panel.assignments.get(expert=diligent), 85)  # 850 points: must not leak when blind
        mine = panel.assignments.get(expert=waiting)
        services.declare_conflict(mine, has_conflict=False, reason="", actor=waiting)
        client.force_login(waiting)
        pages[stage] = (
            client.get(f"/review/a/{mine.pk}/panel/"),
            client.get(f"/review/a/{mine.pk}/").content.decode(),
            f"/review/a/{mine.pk}/panel/",
        )

    hidden, hidden_page, hidden_link = pages["material_review"]
    shown, shown_page, shown_link = pages["defence"]
    assert hidden.status_code == 403 and "850" not in hidden.content.decode()
    assert hidden_link not in hidden_page and "850" not in hidden_page
    assert shown.status_code == 200 and "850" in shown.content.decode()
    assert shown_link in shown_page


def test_stage_without_a_row_uses_the_edition_value(client, staff):
    edition = EditionFactory()
    rules = ReviewSettings.objects.create(edition=edition, blind_until_submitted=False, deviation_limit=100)
    StageSettings.objects.create(settings=rules, stage="material_review", aggregation_method="median")
    dossier = AwardApplicationFactory(edition=edition, state="site_review")
    diligent, waiting = make_experts(2)
    panel = _panel(edition, "site_review", [dossier], staff, size=2)
    declare_and_submit(panel.assignments.get(expert=diligent), 85)
    mine = panel.assignments.get(expert=waiting)
    services.declare_conflict(mine, has_conflict=False, reason="", actor=waiting)
    client.force_login(waiting)

    response = client.get(f"/review/a/{mine.pk}/panel/")

    assert response.status_code == 200 and "850" in response.content.decode()
    assert (rules.blind_for("material_review"), rules.method_for("material_review")) == (False, "median")
    assert (rules.blind_for("site_review"), rules.method_for("site_review")) == (False, "mean")


# --- aggregation per stage -------------------------------------------------------------------------
# Totals out of 100 (both items at the same percentage); weights material 40, defence 60.
#                    e1  e2  e3
A_MATERIAL = [40, 50, 90]  # median 50, mean 60
A_DEFENCE = [60, 70, 95]  # mean 75, median 70
B_MATERIAL = [60, 60, 60]
B_DEFENCE = [70, 70, 70]


@pytest.fixture
def two_stages(staff):
    edition = EditionFactory(criteria_framework=small_framework("fw-stages"), award_quota=1, award_min_score=65.5)
    rules = ReviewSettings.objects.create(
        edition=edition,
        aggregation_method="mean",
        deviation_limit=100,
        stage_weights={"material_review": 40, "defence": 60},
    )
    StageSettings.objects.create(settings=rules, stage="material_review", aggregation_method="median")
    a = AwardApplicationFactory(edition=edition, state="defence")
    b = AwardApplicationFactory(edition=edition, state="defence")
    experts = make_experts(3)
    for stage, scores in (("material_review", (A_MATERIAL, B_MATERIAL)), ("defence", (A_DEFENCE, B_DEFENCE))):
        panel = _panel(edition, stage, [a, b], staff, size=3)
        for dossier, row in zip((a, b), scores, strict=True):
            for expert, pct in zip(experts, row, strict=True):
                declare_and_submit(panel.assignments.get(expert=expert, object_id=dossier.pk), pct)
    return edition, a, b


def test_two_stages_with_different_methods_give_the_hand_computed_composite(two_stages):
    edition, a, b = two_stages

    rows = selectors.rank_edition(edition)
    by_id = {row.object_id: row for row in rows}

    # A: 0.4 × median 50 + 0.6 × mean 75 = 65; B: 0.4 × 60 + 0.6 × 70 = 66.
    assert (by_id[a.pk].scores["chosen"], by_id[b.pk].scores["chosen"]) == (65.0, 66.0)
    # One method for every stage, for the sensitivity columns: mean 0.4 × 60 + 0.6 × 75 = 69; median 62.
    assert (by_id[a.pk].scores["mean"], by_id[a.pk].scores["median"]) == (69.0, 62.0)
    # The official order and tier follow the per-stage methods, not the edition's mean.
    assert [row.object_id for row in rows] == [b.pk, a.pk]
    assert (by_id[a.pk].ranks["mean"], by_id[a.pk].ranks["chosen"]) == (1, 2)
    assert (by_id[b.pk].tiers["chosen"], by_id[a.pk].tiers["chosen"], by_id[a.pk].tiers["mean"]) == (
        "award",
        "",
        "award",
    )
    assert by_id[a.pk].tier_changes is True


def test_one_stage_cut_uses_that_stages_method(two_stages):
    edition, a, _ = two_stages

    row = next(r for r in selectors.rank_edition(edition, stages=["material_review"]) if r.object_id == a.pk)

    assert (row.scores["chosen"], row.scores["mean"]) == (50.0, 60.0)


def test_ranking_page_shows_the_method_of_each_stage(client, two_stages):
    edition, _, _ = two_stages
    client.force_login(UserFactory(roles=[Role.SECRETARIAT]))

    page = client.get(f"/review/staff/edition/{edition.pk}/ranking/").content.decode()

    stages = page.split('id="stage-methods"', 1)[1].split("</p>", 1)[0]
    assert "材料评审：中位数" in stages
    assert "陈述答辩：平均分" in stages
    assert ">65.0 / 2<" in page and ">66.0 / 1<" in page


# --- settings validation and the admin --------------------------------------------------------------
def test_trimmed_mean_for_a_stage_needs_panels_of_five(edition):
    rules = edition.review_settings
    rules.panel_size = 4
    rules.save()
    row = StageSettings(settings=rules, stage="defence", aggregation_method="trimmed_mean")
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert "aggregation_method" in raised.value.message_dict


def test_staff_set_stage_rows_in_the_wagtail_admin(client, edition):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    rules = edition.review_settings
    data = {
        "edition": edition.pk,
        "former_employer_years": 3,
        "blind_until_submitted": "on",
        "identity_visible": "on",
        "deviation_limit": 20,
        "aggregation_method": "mean",
        "stage_weights": '{"material_review": 40, "defence": 40, "site_review": 20}',
        "panel_size": 5,
        "ballot_majority_numerator": 1,
        "ballot_majority_denominator": 2,
        "ballot_majority_strict": "on",
        "reminder_offsets": "2",
        "stage_settings-TOTAL_FORMS": 2,
        "stage_settings-INITIAL_FORMS": 0,
        "stage_settings-MIN_NUM_FORMS": 0,
        "stage_settings-MAX_NUM_FORMS": 1000,
        "stage_settings-0-stage": "defence",
        "stage_settings-0-blind_until_submitted": "visible",
        "stage_settings-0-aggregation_method": "",
        "stage_settings-1-stage": "site_review",
        "stage_settings-1-blind_until_submitted": "",
        "stage_settings-1-aggregation_method": "median",
    }

    form = client.get(f"/admin/snippets/review/reviewsettings/edit/{rules.pk}/")
    response = client.post(f"/admin/snippets/review/reviewsettings/edit/{rules.pk}/", data)

    assert form.status_code == 200 and 'name="stage_settings-TOTAL_FORMS"' in form.content.decode()
    assert response.status_code == 302
    fresh = ReviewSettings.objects.get(pk=rules.pk)
    assert (fresh.blind_for("defence"), fresh.method_for("defence")) == (False, "mean")
    assert (fresh.blind_for("site_review"), fresh.method_for("site_review")) == (True, "median")
    assert (fresh.blind_for("material_review"), fresh.method_for("material_review")) == (True, "mean")


def test_the_admin_refuses_two_rows_for_one_stage(client, edition):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    rules = edition.review_settings
    data = {
        "edition": edition.pk,
        "former_employer_years": 3,
        "deviation_limit": 20,
        "aggregation_method": "mean",
        "stage_weights": '{"material_review": 100}',
        "panel_size": 5,
        "ballot_majority_numerator": 1,
        "ballot_majority_denominator": 2,
        "reminder_offsets": "2",
        "stage_settings-TOTAL_FORMS": 2,
        "stage_settings-INITIAL_FORMS": 0,
        "stage_settings-MIN_NUM_FORMS": 0,
        "stage_settings-MAX_NUM_FORMS": 1000,
        "stage_settings-0-stage": "defence",
        "stage_settings-0-aggregation_method": "median",
        "stage_settings-1-stage": "defence",
        "stage_settings-1-aggregation_method": "mean",
    }

    response = client.post(f"/admin/snippets/review/reviewsettings/edit/{rules.pk}/", data)

    assert response.status_code == 200
    assert "请修改settings 和 stage的重复数据" in response.content.decode()  # Django's formset unique check
    assert StageSettings.objects.count() == 0
