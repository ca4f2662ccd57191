"""Arrange a city whose acceptance panel scored it, with the leader's sealed summary (feedback report tests)."""

from accounts.roles import Role
from cities.models import State
from tests.factories import UserFactory
from tests.review.factories import ExpertProfileFactory
from tests.review.helpers import declare_and_submit
from workflows.review import services
from workflows.review.models import ReviewSettings, Stage
from workflows.review.services.summary import save_summary, seal_summary, summary_categories

from .factories import city_in_state

EXPERT_NAMES = ["赵评审", "钱评审", "孙评审"]
INTERNAL_OPINION = "仅供评审组内部的综合意见"


def city_with_sealed_acceptance_summary(*, state=State.REJECTED, name="海岳市"):
    """Three named experts score the city's acceptance at 60, 65 and 70 %; the first leads and seals the
    summary with strengths and opportunities per category; the city ends in `state` (a non-named city)."""
    staff = UserFactory(roles=[Role.SECRETARIAT])
    city = city_in_state(State.ACCEPTANCE_REVIEW, name=name)
    ReviewSettings.objects.create(edition=city.edition, panel_size=3, deviation_limit=50)
    for expert in EXPERT_NAMES:
        ExpertProfileFactory(user__full_name=expert, region_code="110101")
    panel = services.create_panel(
        city.edition,
        stage=Stage.INDICATOR_REVIEW,
        name=f"{name}考核验收专家组",
        dossiers=[city],
        size=3,
        deadline=city.edition.closes_at,
        actor=staff,
        framework=city.edition.criteria_framework,
    )
    services.draw_panel(panel, actor=staff, seed="city-feedback")
    assignments = list(panel.assignments.select_related("expert").order_by("expert_id"))
    leader = assignments[0].expert
    services.set_panel_leader(panel, leader, actor=staff)
    panel.refresh_from_db()
    for assignment, pct in zip(assignments, [60, 65, 70], strict=True):
        declare_and_submit(assignment, pct, strengths=f"专家个人意见{assignment.expert_id}", opportunities="个人建议")
    texts = {c.pk: (f"组长归纳优势{c.code}", f"组长归纳改进机会{c.code}") for c in summary_categories(panel)}
    save_summary(panel, city, opinion=INTERNAL_OPINION, categories=texts, actor=leader)
    seal_summary(panel, city, actor=leader)
    type(city).objects.filter(pk=city.pk).update(state=state)
    city.refresh_from_db()
    return staff, city, panel
