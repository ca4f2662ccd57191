import pytest

import accounts.demo
import awards.demo
import workflows.demo
from awards.models import AwardApplication

pytestmark = pytest.mark.django_db


def test_demo_dossiers_are_created_once_in_their_states():
    people = accounts.demo.seed()
    programs = workflows.demo.seed()

    awards.demo.seed(people=people, programs=programs)
    awards.demo.seed(people=people, programs=programs)

    states = dict(AwardApplication.objects.values_list("organization__short_name", "state"))
    assert states == {"海岳电器": "draft", "澜港啤酒": "submitted", "北洋轨道": "qualified"}
