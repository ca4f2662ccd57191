import pytest

import accounts.demo
import brands.demo
import workflows.demo
import workflows.review.demo
from brands.models import State, Zone

pytestmark = pytest.mark.django_db


def test_demo_zones_are_seeded_once_in_various_states():
    people = accounts.demo.seed()
    programs = workflows.demo.seed()
    workflows.review.demo.seed(None, people=people, programs=programs)

    brands.demo.seed(None, people=people, programs=programs)
    brands.demo.seed(None, people=people, programs=programs)

    assert sorted(Zone.objects.values_list("state", flat=True)) == sorted(
        [State.DEMONSTRATION, State.PUBLIC_NOTICE, State.UNDER_CREATION, State.APPLIED, State.RECOMMENDED]
    )
    # The zone under creation has an extension request waiting on the secretariat's desk.
    assert Zone.objects.get(state=State.UNDER_CREATION).extension_request.decision == "pending"
