"""The public zones directory: filters, the province map counts and a pinned query count."""

import datetime as dt

import pytest
from django.urls import reverse

from brands.models import State, Zone
from brands.provinces import PALETTE, PROVINCE_TILES

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, zone_in_state

pytestmark = pytest.mark.django_db

# count, page of zones, industries, years, map counts; + site and site settings for base.html
DIRECTORY_QUERIES = 7


def make_public_zones(count):
    for n in range(count):
        zone_in_state(
            State.DEMONSTRATION,
            organization=CreatingBodyFactory(region_code=["370211", "440300", "330100"][n % 3]),
            leading_industry=["家电", "电子信息", "纺织"][n % 3],
        )


@pytest.mark.parametrize("rows", [1, 7])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    make_public_zones(rows)
    client.get(reverse("brands:directory"))  # warm per-process caches (content types, site settings)

    with django_assert_num_queries(DIRECTORY_QUERIES):
        response = client.get(reverse("brands:directory"))

    assert len(response.context["rows"]) == rows


def test_map_counts_zones_per_province_and_ignores_the_province_filter(client):
    make_public_zones(5)  # Shandong, Guangdong, Zhejiang, Shandong, Guangdong

    response = client.get(reverse("brands:directory"), {"province": "44"})

    tiles = {tile.code: tile for tile in response.context["tiles"]}
    assert (len(tiles), tiles["37"].count, tiles["44"].count, tiles["33"].count, tiles["11"].count) == (
        len(PROVINCE_TILES),
        2,
        2,
        1,
        0,
    )
    assert (tiles["11"].fill, tiles["44"].selected, tiles["37"].selected) == (PALETTE[0], True, False)
    assert {zone.province_code for zone, _name in response.context["rows"]} == {"44"}


def test_directory_filters_by_status_industry_and_year(client):
    rules = ZoneRulesFactory()
    wanted = zone_in_state(State.UNDER_CREATION, edition=rules.edition, leading_industry="家电")
    zone_in_state(State.DEMONSTRATION, edition=rules.edition, leading_industry="家电")  # other status
    zone_in_state(State.UNDER_CREATION, edition=rules.edition, leading_industry="纺织")  # other industry
    zone_in_state(State.UNDER_CREATION, leading_industry="家电")  # other edition year

    response = client.get(
        reverse("brands:directory"), {"status": "creating", "industry": "家电", "year": rules.edition.year}
    )

    assert [zone.pk for zone, _name in response.context["rows"]] == [wanted.pk]


def test_invalid_filters_are_ignored_and_valid_ones_still_apply(client):
    zone_in_state(State.DEMONSTRATION)
    revoked = zone_in_state(State.REVOKED)

    response = client.get(reverse("brands:directory"), {"year": "abc", "province": "99", "status": "ended"})

    assert (response.status_code, [zone.pk for zone, _name in response.context["rows"]]) == (200, [revoked.pk])


def test_profile_shows_the_demonstration_period_and_figures(client):
    zone = ZoneFactory(name="寿光蔬菜示范区")
    Zone.objects.filter(pk=zone.pk).update(
        state=State.DEMONSTRATION,
        recognized_on=dt.date(2026, 6, 1),
        demonstration_ends_on=dt.date(2029, 5, 31),
        recognition_doc_no="国市监〔2026〕9号",
    )

    response = client.get(reverse("brands:profile", args=[zone.pk]))

    assert "2026年6月1日 至 2029年5月31日" in response.content.decode()
