"""Browser: an expert logs in, opens the queue, scores a dossier, meets the deviation prompt, submits."""

import pytest

from accounts.roles import Role
from tests.factories import PASSWORD, AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import ReviewSettings, Scorecard

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_expert_scores_through_the_deviation_prompt(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3, deviation_limit=20)
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    for _ in range(3):
        ExpertProfileFactory()
    panel = services.create_panel(
        edition,
        stage="material_review",
        name="第一组",
        dossiers=[dossier],
        size=3,
        deadline=edition.closes_at,
        actor=staff,
    )
    services.draw_panel(panel, actor=staff, seed="e2e")
    first, second, mine = list(panel.assignments.order_by("id"))
    declare_and_submit(first, 50)
    declare_and_submit(second, 55)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", mine.expert.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.click("text=专家评审")
    assert mine.code in page.locator("#review-queue").inner_text()
    page.click("#review-queue a.button")
    page.click("text=确认声明")
    for select in page.locator("#score-form select").all():
        select.select_option("95")
    page.click("button[value=submit]")

    prompt = page.locator("#deviation-prompt")
    assert "偏离说明" in prompt.inner_text()
    page.screenshot(path=str(artifacts_dir / "review-deviation-prompt.png"), full_page=True)
    for reason in page.locator("textarea[name^=reason_]").all():
        reason.fill("现场核实：关键指标优于行业标杆")
    page.click("button[value=submit]")

    assert "评分已提交并封存" in page.locator(".messages").inner_text()
    card = Scorecard.objects.get(assignment=mine)
    assert (card.status, card.items.count()) == ("submitted", 23)
    assert set(card.items.values_list("deviation_reason", flat=True)) == {"现场核实：关键指标优于行业标杆"}
