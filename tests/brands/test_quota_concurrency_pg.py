"""Two recommenders of one province take the last place at the same moment (PostgreSQL only, see conftest)."""

import threading

import pytest
from django.db import connection

from brands import services
from brands.models import State, Zone
from tests.factories import UserFactory

from .factories import CreatingBodyFactory, ZoneRulesFactory, zone_in_state

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_one_of_two_simultaneous_recommendations_gets_the_last_place():
    rules = ZoneRulesFactory(provincial_quota=1)
    zones = [
        zone_in_state(
            State.PROVINCIAL_REVIEW, edition=rules.edition, organization=CreatingBodyFactory(region_code=code)
        )
        for code in ("370211", "370783")
    ]
    recommenders = [UserFactory(roles=[("recommender", "370000")]) for _ in zones]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def recommend(zone, recommender):
        try:
            barrier.wait(timeout=10)
            services.recommend_zone(Zone.objects.get(pk=zone.pk), actor=recommender)
            outcomes.append("recommended")
        except services.QuotaReached:
            outcomes.append("quota")
        finally:
            connection.close()

    threads = [threading.Thread(target=recommend, args=pair) for pair in zip(zones, recommenders, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["quota", "recommended"]
    assert Zone.objects.filter(edition=rules.edition, state=State.RECOMMENDED).count() == 1
