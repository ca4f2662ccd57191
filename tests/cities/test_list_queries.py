"""Query pins of the city government's list and the public directory: held results are read in the
list's own query (with_applicant_state), so the count does not grow with rows (1 and several)."""

import pytest

from tests.factories import applicant_for

from .factories import CityGovernmentFactory, city_in_state

pytestmark = pytest.mark.django_db

MY_CITIES_QUERIES = 13
DIRECTORY_QUERIES = 8


@pytest.mark.parametrize("rows", [1, 4])
def test_my_cities_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    government = CityGovernmentFactory()
    for n in range(rows):
        city_in_state("acceptance_review" if n % 2 else "creating", organization=government)
    client.force_login(applicant_for(government))
    with django_assert_max_num_queries(MY_CITIES_QUERIES):
        assert client.get("/cities/mine/").status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        city_in_state("named" if n % 2 else "creating")
    with django_assert_max_num_queries(DIRECTORY_QUERIES):
        assert client.get("/cities/").status_code == 200

