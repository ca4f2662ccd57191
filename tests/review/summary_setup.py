"""Arrange a panel whose experts have submitted scores with comments, for the leader's summary and feedback tests."""

from accounts.roles import Role
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import ReviewSettings
from workflows.review.services.summary import summary_categories

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

EXPERT_NAMES = ["甲专家", "乙专家", "丙专家"]


def scored_panel(*, state="material_review", dossiers=1, submit=True):
    """Three named experts score `dossiers` applications at 60, 65 and 70 %; the first expert leads."""
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3, deviation_limit=50)
    applications = [AwardApplicationFactory(edition=edition, state="material_review") for _ in range(dossiers)]
    for name in EXPERT_NAMES:
        ExpertProfileFactory(user__full_name=name)
    panel = services.create_panel(
        edition,
        stage="material_review",
        name="第一组",
        dossiers=applications,
        size=3,
        deadline=edition.closes_at,
        actor=staff,
    )
    services.draw_panel(panel, actor=staff, seed="summary")
    assignments = list(panel.assignments.select_related("expert").order_by("expert_id", "object_id"))
    leader = assignments[0].expert
    services.set_panel_leader(panel, leader, actor=staff)
    panel.refresh_from_db()
    if submit:
        percentages = dict(zip(sorted({a.expert_id for a in assignments}), [60, 65, 70], strict=True))
        for assignment in assignments:
            pct = percentages[assignment.expert_id]
            declare_and_submit(
                assignment, pct, strengths=f"优势来自{assignment.expert_id}", opportunities="改进测量体系"
            )
    for application in applications:
        if state != "material_review":
            type(application).objects.filter(pk=application.pk).update(state=state)
            application.refresh_from_db()
    return staff, edition, panel, applications, assignments, leader


def full_texts(panel, prefix="组长"):
    return {c.pk: (f"{prefix}归纳优势{c.code}", f"{prefix}归纳改进{c.code}") for c in summary_categories(panel)}


def shots(page, artifacts_dir, name: str) -> None:
    """Screenshots at 1366 and 390 px; at 390 px nothing may scroll sideways. Ends at 1366 px."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(artifacts_dir / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
