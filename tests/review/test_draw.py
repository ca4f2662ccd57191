"""Random draw: reproducible from its seed, stratified, excludes conflicts; replacements logged."""

import pytest

from tests.factories import AwardApplicationFactory
from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.exceptions import NotEnoughExperts
from workflows.review.models import Assignment, Draw, ExpertProfile, Panel

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    regions = ["110101", "310104", "320106", "330106"]
    specialties = ["C38", "C15", "C37"]
    return [ExpertProfileFactory(region_code=regions[i % 4], specialties=specialties[i % 3]) for i in range(12)]


def make_panel(edition, staff, size=5, dossiers=None):
    dossiers = dossiers or [AwardApplicationFactory(edition=edition, state="material_review")]
    return services.create_panel(
        edition,
        stage="material_review",
        name="组",
        dossiers=dossiers,
        size=size,
        deadline=edition.closes_at,
        actor=staff,
    )


def test_rerun_from_the_recorded_seed_gives_the_same_panel(edition, staff, pool):
    panel = make_panel(edition, staff)
    draw = services.draw_panel(panel, actor=staff)

    members = sorted(panel.members.values_list("expert_id", flat=True))

    assert sorted(services.reproduce_draw(Draw.objects.get(pk=draw.pk))) == members
    assert len(draw.seed) == 16


def test_same_seed_same_pool_same_panel_across_panels(edition, staff, pool):
    first = services.draw_panel(make_panel(edition, staff), actor=staff, seed="2026-材料评审")
    second = services.draw_panel(make_panel(edition, staff), actor=staff, seed="2026-材料评审")
    assert first.drawn_ids == second.drawn_ids


def test_different_seeds_usually_differ(edition, staff, pool):
    drawn = {
        tuple(services.run_draw([p.user_id for p in pool], {str(p.user_id): "x" for p in pool}, 5, str(s)))
        for s in range(5)
    }
    assert len(drawn) > 1


def test_draw_is_stratified_across_specialty_and_region(edition, staff, pool):
    draw = services.draw_panel(make_panel(edition, staff, size=4), actor=staff, seed="s")
    strata = {draw.strata[str(user_id)] for user_id in draw.drawn_ids}
    assert len(strata) == 4  # one from each of four strata before any stratum gives a second


def test_conflicted_and_unavailable_experts_are_never_drawn(edition, staff, pool):
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    conflicted = ExpertProfileFactory(employer_credit_code=dossier.organization.credit_code)
    ExpertProfile.objects.filter(pk=pool[0].pk).update(is_available=False)
    panel = make_panel(edition, staff, size=11, dossiers=[dossier])

    draw = services.draw_panel(panel, actor=staff, seed="s")

    assert conflicted.user_id not in draw.candidate_ids
    assert pool[0].user_id not in draw.candidate_ids
    assert len(draw.drawn_ids) == 11


def test_too_small_a_pool_writes_nothing(edition, staff, pool):
    panel = make_panel(edition, staff, size=13)
    with pytest.raises(NotEnoughExperts):
        services.draw_panel(panel, actor=staff)
    assert (Draw.objects.count(), panel.members.count()) == (0, 0)


def test_recusal_draws_a_logged_reproducible_replacement(edition, staff, pool):
    panel = make_panel(edition, staff)
    services.draw_panel(panel, actor=staff, seed="s")
    leaving = panel.assignments.first()

    services.declare_conflict(leaving, has_conflict=True, reason="曾为该企业提供咨询", actor=leaving.expert)

    replacement = Draw.objects.get(panel=panel, kind=Draw.Kind.REPLACEMENT)
    assert services.reproduce_draw(replacement) == replacement.drawn_ids
    assert Assignment.objects.get(pk=leaving.pk).status == Assignment.Status.RECUSED
    new = Assignment.objects.get(panel=panel, expert_id=replacement.drawn_ids[0])
    assert new.object_id == leaving.object_id
    assert leaving.expert_id not in replacement.candidate_ids
    assert TransitionLog.objects.filter(transition="review.draw.replacement").count() == 1


def test_decline_replaces_the_expert_for_the_whole_panel(edition, staff, pool):
    dossiers = [AwardApplicationFactory(edition=edition, state="material_review") for _ in range(2)]
    panel = make_panel(edition, staff, dossiers=dossiers)
    services.draw_panel(panel, actor=staff, seed="s")
    leaving = panel.members.exclude(expert_id=Panel.objects.get(pk=panel.pk).leader_id).first().expert

    new_id = services.decline_panel(panel, expert=leaving, reason="出差", actor=leaving)

    assert Assignment.objects.filter(panel=panel, expert_id=new_id).count() == 2
    assert set(Assignment.objects.filter(panel=panel, expert=leaving).values_list("status", flat=True)) == {"declined"}
