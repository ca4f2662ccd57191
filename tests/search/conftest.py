"""Search tests run against the session's engine (OpenSearch or osmem-server, tests/search_engine.py) and,
parametrised, against the database backend."""

import contextlib

import pytest
from django.core.cache import cache

from search.backends import get_backend

BACKENDS = ["elasticsearch", "database"]


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    """Run the test once per backend; the database backend is chosen by an empty SEARCH_URL."""
    if request.param == "database":
        settings.SEARCH_URL = ""
    return request.param


@pytest.fixture(autouse=True)
def _clear_push_backoff():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """`with indexed(): ...writes...` commits, runs the outbox push and makes the index searchable."""

    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        get_backend().refresh()

    return run
