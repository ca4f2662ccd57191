import pytest

from accounts.models import Membership
from tests.factories import AwardApplicationFactory, OrganizationFactory, UserFactory, applicant_for

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_for_own_applications(client):
    AwardApplicationFactory()

    response = client.get("/api/v1/me/applications")

    assert response.status_code == 401


def test_member_sees_only_own_organisations_applications(client):
    own = AwardApplicationFactory()
    other = AwardApplicationFactory()  # another organisation's dossier that must not leak
    client.force_login(applicant_for(own.organization))

    body = client.get("/api/v1/me/applications").json()

    assert body["count"] == 1
    assert [(item["id"], item["credit_code"]) for item in body["items"]] == [(own.pk, own.organization.credit_code)]
    assert other.pk not in [item["id"] for item in body["items"]]


def test_user_in_two_organisations_sees_both_without_duplicates(client):
    first, second = AwardApplicationFactory(), AwardApplicationFactory()
    user = applicant_for(first.organization)
    Membership.objects.create(user=user, organization=second.organization)
    AwardApplicationFactory()
    client.force_login(user)

    body = client.get("/api/v1/me/applications").json()

    assert sorted(item["id"] for item in body["items"]) == sorted([first.pk, second.pk])


def test_status_is_the_public_label_not_the_internal_stage(client):
    application = AwardApplicationFactory()
    type(application).objects.filter(pk=application.pk).update(state="committee_deliberation")
    client.force_login(applicant_for(application.organization))

    item = client.get("/api/v1/me/applications").json()["items"][0]

    assert (item["state"], item["status"]) == ("committee_deliberation", "评审中")


def test_user_without_organisation_sees_nothing(client):
    AwardApplicationFactory()
    client.force_login(UserFactory())

    assert client.get("/api/v1/me/applications").json() == {"count": 0, "items": []}


@pytest.mark.parametrize("rows", [1, 4])
def test_own_applications_query_count_is_flat(client, django_assert_num_queries, rows):
    organization = OrganizationFactory()
    for _ in range(rows):
        AwardApplicationFactory(organization=organization)
    client.force_login(applicant_for(organization))

    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get("/api/v1/me/applications")

    assert response.json()["count"] == rows
