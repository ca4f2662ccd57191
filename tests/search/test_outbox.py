"""The outbox: written with the change, pushed after commit, kept until the backend accepts it."""

import socket

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from awards.models import AwardApplication, State
from search import selectors
from search.backends import ElasticsearchBackend, get_backend
from search.exceptions import SearchUnavailable
from search.models import IndexOutbox
from search.services import index_later, push_outbox
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory

from .factories import secretariat


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.django_db
def test_change_writes_outbox_row_in_its_own_transaction():
    edition = EditionFactory()
    with transaction.atomic():
        application = AwardApplicationFactory(edition=edition, state=State.SUBMITTED)
        rows_inside = list(IndexOutbox.objects.values_list("doc_type", "object_id"))

    assert rows_inside == [("application", str(application.pk))]


@pytest.mark.django_db
def test_rolled_back_change_leaves_no_outbox_row():
    edition = EditionFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        AwardApplicationFactory(edition=edition, state=State.SUBMITTED)
        raise RuntimeError("the write fails")

    assert IndexOutbox.objects.count() == 0


@pytest.mark.django_db
def test_push_after_commit_empties_outbox_and_makes_document_findable(indexed):
    with indexed():
        AwardApplicationFactory(organization=OrganizationFactory(short_name="海岳电子"), state=State.SUBMITTED)

    assert IndexOutbox.objects.count() == 0
    assert selectors.search("海岳电子", user=secretariat()).total == 1


@pytest.mark.django_db
def test_many_writes_in_one_transaction_push_once_in_bulk(indexed):
    edition = EditionFactory()
    with indexed():
        for _ in range(20):
            AwardApplicationFactory(edition=edition, state=State.SUBMITTED)

    assert IndexOutbox.objects.count() == 0
    assert get_backend().counts_by_type() == {"application": 20}


@pytest.mark.django_db
def test_index_later_queues_changes_signals_cannot_see(indexed):
    application = AwardApplicationFactory(state=State.SUBMITTED)
    with indexed():
        AwardApplication.objects.filter(pk=application.pk).update(reference_no="QA-2026-007")
        index_later(application)

    assert selectors.search("QA-2026-007", user=secretariat()).total == 1


@pytest.mark.django_db
def test_index_later_refuses_models_that_are_not_searchable():
    with pytest.raises(ValueError):
        index_later(EditionFactory())


@pytest.mark.django_db
def test_write_succeeds_while_search_is_down_and_rows_wait(settings, django_capture_on_commit_callbacks):
    settings.SEARCH_URL = closed_port_url()
    with django_capture_on_commit_callbacks(execute=True):
        application = AwardApplicationFactory(state=State.SUBMITTED)

    row = IndexOutbox.objects.get()
    assert (row.object_id, row.attempts) == (str(application.pk), 1)
    assert "不可用" in row.last_error


@pytest.mark.django_db
def test_failed_push_backs_off_then_retries(settings, django_capture_on_commit_callbacks):
    settings.SEARCH_URL = closed_port_url()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            AwardApplicationFactory(state=State.SUBMITTED)
        during_backoff = push_outbox()
        clock.shift(2)
        with pytest.raises(SearchUnavailable) as failure:
            push_outbox()

    assert during_backoff.skipped_for_backoff is True
    assert IndexOutbox.objects.get().attempts == 2
    assert "不可用" in str(failure.value)


@pytest.mark.django_db
def test_rows_survive_outage_and_drain_when_search_returns(
    settings, isolated_search, django_capture_on_commit_callbacks
):
    settings.SEARCH_URL = closed_port_url()
    with django_capture_on_commit_callbacks(execute=True):
        AwardApplicationFactory(organization=OrganizationFactory(short_name="朗港机械"), state=State.SUBMITTED)
    settings.SEARCH_URL = isolated_search.url

    call_command("search_drain")
    get_backend().refresh()

    assert IndexOutbox.objects.count() == 0
    assert selectors.search("朗港机械", user=secretariat()).total == 1


@pytest.mark.slow
@pytest.mark.django_db
def test_outage_of_search_server_loses_no_update(settings, isolated_search, django_capture_on_commit_callbacks):
    """The engine goes away (its address stops answering), 1,000 indexed writes all succeed, the
    engine comes back, drain: nothing lost."""
    ElasticsearchBackend().ensure_index()
    settings.SEARCH_URL = closed_port_url()  # the outage starts

    edition = EditionFactory()
    for _ in range(1000):
        # Each write "commits" on its own: its after-commit push runs (and fails) right away.
        with django_capture_on_commit_callbacks(execute=True):
            AwardApplicationFactory(edition=edition, state=State.SUBMITTED)

    pending_during_outage = IndexOutbox.objects.count()
    settings.SEARCH_URL = isolated_search.url  # back
    call_command("search_drain")
    backend = get_backend()
    backend.refresh()

    assert AwardApplication.objects.count() == 1000
    assert pending_during_outage == 1000
    assert backend.counts_by_type() == {"application": AwardApplication.objects.count()}
    assert IndexOutbox.objects.count() == 0
