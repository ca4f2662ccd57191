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
    assert Ban.objects.filter(organization__name="淄博市人民政府").exists()
