"""Winners (titles) and zones became searchable through a registration each."""

import pytest

from brands.models import State as ZoneState
from search import selectors
from search.services import index_later
from tests.brands.factories import zone_in_state
from tests.titles.factories import awarded_title
from workflows.services import perform_transition

from .factories import secretariat

pytestmark = pytest.mark.django_db


def test_winner_is_public_and_a_revoked_title_stays_findable_marked_revoked(backend, indexed):
    with indexed():
        title = awarded_title("青岛海岳精密制造有限公司")
    active = selectors.search("海岳精密").hits

    with indexed():
        perform_transition(title, "revoke", actor=secretariat())
    revoked = selectors.search("海岳精密", {"type": ["winner"]})

    assert [(hit.doc_type, hit.state) for hit in active if hit.doc_type == "winner"] == [("winner", "有效")]
    assert [hit.title for hit in revoked.hits] == ["青岛海岳精密制造有限公司"]
    assert revoked.facet_counts("state") == {"已撤销": 1}


def test_zone_is_public_once_approved_and_hidden_before(backend, indexed):
    with indexed():
        approved = zone_in_state(ZoneState.UNDER_CREATION, name="青岛西海岸质量品牌提升示范区")
        applied = zone_in_state(ZoneState.APPLIED, name="烟台芝罘质量品牌提升示范区")
        index_later(approved)  # arranged with queryset.update(), which sends no signal
        index_later(applied)

    results = selectors.search("示范区", {"type": ["zone"]})

    assert [hit.title for hit in results.hits] == ["青岛西海岸质量品牌提升示范区"]
    assert "<em>示范区</em>" in results.hits[0].title_html
    assert results.hits[0].url == f"/zones/{approved.pk}/"


def test_named_and_creating_cities_are_public_and_a_city_before_approval_is_staff_only(backend, indexed):
    from cities.models import State as CityState
    from tests.cities.factories import city_in_state

    with indexed():
        named = city_in_state(CityState.NAMED, name="青岛市", summary="家电与轨道交通装备质量领先。")
        creating = city_in_state(CityState.CREATING, name="宁波市", summary="以质量强市推动制造业升级。")
        applied = city_in_state(CityState.RECOMMENDED, name="烟台市", summary="质量强市申报。")
        for city in (named, creating, applied):
            index_later(city)  # arranged with queryset.update(), which sends no signal

    public = selectors.search("质量", {"type": ["city"]})
    staff = selectors.search("烟台市", {"type": ["city_case"]}, user=secretariat())

    assert sorted((hit.title, hit.url) for hit in public.hits) == [
        ("宁波市", f"/cities/{creating.pk}/"),
        ("青岛市", f"/cities/{named.pk}/"),
    ]
    assert sorted(public.facet_counts("state")) == ["创建期", "示范城市（示范期）"]
    assert [hit.url for hit in staff.hits] == [f"/cities/staff/{applied.pk}/"]
    assert selectors.search("烟台市", {"type": ["city_case"]}).hits == []  # the public never sees cases
