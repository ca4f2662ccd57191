"""Two threads make conflicting transitions on one application (PostgreSQL only, see conftest)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from awards import services
from awards.models import AwardApplication, PreliminaryReview, State
from tests.awards.factories import Cast, complete_application, pdf
from workflows.documents.services import store_document
from workflows.exceptions import StaleState
from workflows.selectors import transition_history

pytestmark = pytest.mark.django_db(transaction=True)


def test_conflicting_transitions_one_wins_one_log_one_email():
    cast = Cast()
    app = complete_application(cast.application, cast.applicant)
    AwardApplication.objects.filter(pk=app.pk).update(state=State.SUBMITTED)
    PreliminaryReview.objects.create(
        application=app, reviewer=cast.recommender, complete=True, authentic=True, well_formed=True, opinion="同意"
    )
    store_document(owner=app, slot="recommendation_letter", uploaded_file=pdf())
    mail.outbox = []
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(action):
        try:
            barrier.wait(timeout=10)
            action(AwardApplication.objects.get(pk=app.pk))
            outcomes.append("won")
        except StaleState:
            outcomes.append("stale")
        finally:
            connection.close()

    recommend = lambda a: services.recommend_application(a, user=cast.recommender, expected_state=State.SUBMITTED)  # noqa: E731
    refuse = lambda a: services.not_recommend_application(  # noqa: E731
        a, user=cast.recommender, expected_state=State.SUBMITTED, reason="材料不实"
    )
    threads = [threading.Thread(target=act, args=(recommend,)), threading.Thread(target=act, args=(refuse,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    app.refresh_from_db()
    assert sorted(outcomes) == ["stale", "won"]
    assert len(transition_history(app)) == 1
    assert transition_history(app).get().to_state == app.state
    assert [m.to for m in mail.outbox] == [[cast.applicant.email]]
