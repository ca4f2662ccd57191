"""Query pins of the city government's list and the public directory: held results are read in the
list's own query (with_applicant_state), so the count does not grow with rows (1 and several)."""

import pytest

from tests.factories import applicant_for

from .factories import CityGovernmentFactory, city_in_state

pytestmark = pytest.mark.django_db

MY_CITIES_QUERIES = 13
DIRECTORY_QUERIES = 8


@pytest.mark.parametrize("rows", [1, 4])
def test_my_cities_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows, warm_content_types):
    government = CityGovernmentFactory()
    for n in range(rows):
        city_in_state("acceptance_review" if n % 2 else "creating", organization=government)
    client.force_login(applicant_for(government))
    with django_assert_num_queries(MY_CITIES_QUERIES):
        assert client.get("/cities/mine/").status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        city_in_state("named" if n % 2 else "creating")
    with django_assert_max_num_queries(DIRECTORY_QUERIES):
        assert client.get("/cities/").status_code == 200


def _queries(client, url: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_staff_desk_and_the_province_list_cost_the_same_at_1_and_5_rows(client, secretariat, shandong_group):
    """The secretariat's city desk and the provincial group's list: at most 15 queries, the same with 1 row
    as with 5 (issue 14/18: staff lists for real volumes). Each page is opened once first: the first page
    a process serves also loads the site's settings."""
    pages = [(secretariat, "/cities/staff/"), (shandong_group, "/cities/province/")]

    def measure(cities) -> list[int]:
        counts = []
        for user, url in pages:
            client.force_login(user)
            count, page = _queries(client, url)
            assert all(city.name in page for city in cities), url  # the rows are on the page
            counts.append(count)
        return counts

    cities = [city_in_state("applied")]
    measure(cities)
    one = measure(cities)
    cities += [city_in_state("applied") for _ in range(4)]
    five = measure(cities)

    assert one == five
    assert max(one) <= 15
