import io

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.services import count_indexable

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_every_searchable_object_indexed(backend):
    call_command("seed_demo", stdout=io.StringIO())
    get_backend().refresh()

    indexable = {key: count for key, count in count_indexable().items() if count}
    assert indexable.get("call", 0) > 0
    assert get_backend().counts_by_type() == indexable
