import pytest

import accounts.demo
import cms.demo
import workflows.demo
import workflows.review.demo
from cities.models import City, State
from workflows.eligibility.models import Ban
from workflows.programs import get_program

pytestmark = pytest.mark.django_db


def test_demo_cities_come_through_the_registry_hook_once_at_their_stages():
    people = accounts.demo.seed()
    programs = workflows.demo.seed()
    cms.demo.seed(editions=programs["editions"])
    workflows.review.demo.seed(None, people=people, programs=programs)
    hook = get_program("cities").demo

    hook(None, people=people, programs=programs)
    hook(None, people=people, programs=programs)  # idempotent

    assert dict(City.objects.values_list("name", "state")) == {
        "潍坊市": State.PLANNING,
        "烟台市": State.CREATING,
        "青岛市": State.NAMED,
        "淄博市": State.REVOKED,
    }
    named = City.objects.get(name="青岛市")
    assert named.named_on and named.demonstration_ends_on
    # The named city went through its acceptance panel and a closed survey with answers (real services).
    from cities.services import acceptance_panel
    from workflows.selectors import transition_history
    from workflows.surveys.selectors import survey_results

    assert acceptance_panel(named).finalized_at is not None
    results = survey_results(named)
    assert (named.survey_running, named.survey_closed_at is not None, results.responses) == (False, True, 36)
    assert named.final_score == named.expert_score + named.survey_score and named.survey_score == results.points
    moves = [log.transition for log in transition_history(named)]
    for move in ("accept_progress_report", "apply_for_acceptance", "start_acceptance_review", "open_survey"):
        assert move in moves
    assert moves.index("close_survey") < moves.index("propose") < moves.index("award")
    creating = City.objects.get(name="烟台市")
    assert (creating.survey_running, survey_results(creating).responses) == (True, 6)
    assert Ban.objects.filter(organization__name="淄博市人民政府").exists()
