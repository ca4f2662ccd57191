"""Every list view: the same, pinned number of queries at 1 and at several rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.factories import (
    AwardApplicationFactory,
    EditionFactory,
    OrganizationFactory,
    ProgramFactory,
    UserFactory,
    applicant_for,
)

pytestmark = pytest.mark.django_db

# Includes the base template's fixed cost (site + AuthoritySettings, created on first use) and
# auth's permission lookups for the Wagtail user bar; the list itself is one query (+ one count).
DASHBOARD_QUERIES = 12  # + the holder's titles (one query, any number of rows)
RECOMMENDER_QUERIES = 12  # the role grants are read once per request (accounts.User.role_grants_held)
STAFF_QUERIES = (
    14  # + the staff navigation (one count query for every desk), the state tabs, saved filters; issue 14: ≤ 15
)


def submitted_applications(n: int, organization=None):
    program = ProgramFactory()
    apps = []
    for _ in range(n):
        app = AwardApplicationFactory(
            edition=EditionFactory(program=program),
            organization=organization or OrganizationFactory(region_code="370212"),
        )
        AwardApplication.objects.filter(pk=app.pk).update(state=State.SUBMITTED, submitted_at=timezone.now())
        apps.append(app)
    return apps


@pytest.mark.parametrize("rows", [1, 5])
def test_dashboard_query_count(client, django_assert_num_queries, rows, warm_content_types):
    organization = OrganizationFactory()
    user = applicant_for(organization)
    submitted_applications(rows, organization)
    client.force_login(user)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("awards:dashboard"))

    assert len(response.context["applications"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_recommender_queue_query_count(client, django_assert_num_queries, rows):
    user = UserFactory(roles=[(Role.RECOMMENDER, "370200")])
    submitted_applications(rows)
    client.force_login(user)

    with django_assert_num_queries(RECOMMENDER_QUERIES):
        response = client.get(reverse("awards:recommender_queue"))

    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_staff_list_query_count(client, django_assert_num_queries, rows):
    user = UserFactory(roles=[Role.SECRETARIAT])
    submitted_applications(rows)
    client.force_login(user)

    with django_assert_num_queries(STAFF_QUERIES):
        response = client.get(reverse("awards:staff_list"), {"state": "submitted"})

    assert len(response.context["page"]) == rows
