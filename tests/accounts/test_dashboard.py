"""The signed-in home sends each role to its workspaces and offers nobody a desk they cannot open."""

import pytest
from django.test import Client

from accounts.models import Organization
from accounts.roles import Role
from tests.factories import OrganizationFactory, UserFactory, applicant_for

pytestmark = pytest.mark.django_db

STAFF_DESKS = {
    "/portal/staff/", "/review/staff/", "/objections/staff/", "/titles/staff/", "/zones/staff/", "/cities/staff/",
    "/objections/staff/#objections", "/review/staff/#exports", "/admin/",
}


def workspace_links(user) -> set[str]:
    client = Client()
    client.force_login(user)
    response = client.get("/accounts/")
    assert response.status_code == 200
    return {href for href, _label, _count in response.context["workspaces"]}


def test_an_enterprise_applicant_gets_the_portal_only():
    links = workspace_links(applicant_for(OrganizationFactory(kind=Organization.Kind.ENTERPRISE)))

    assert links == {"/portal/"}


@pytest.mark.parametrize(
    "kind, expected",
    [
        # A city government may also create a quality-strong demonstration city; a park committee may not.
        (Organization.Kind.LOCAL_GOVERNMENT, {"/portal/", "/zones/mine/", "/cities/mine/"}),
        (Organization.Kind.PARK_COMMITTEE, {"/portal/", "/zones/mine/"}),
    ],
)
def test_a_creating_body_also_gets_its_zones(kind, expected):
    links = workspace_links(applicant_for(OrganizationFactory(kind=kind)))

    assert links == expected


def test_a_recommender_gets_award_and_zone_queues():
    links = workspace_links(UserFactory(roles=[(Role.RECOMMENDER, "370000")]))

    assert links == {"/portal/recommender/", "/zones/recommender/", "/cities/province/"}


def test_a_committee_member_gets_the_ranking_but_no_staff_desk():
    links = workspace_links(UserFactory(roles=[Role.COMMITTEE]))

    assert links == {"/review/staff/"}


def test_the_secretariat_gets_every_desk_and_every_desk_opens():
    user = UserFactory(roles=[Role.SECRETARIAT])

    links = workspace_links(user)

    assert links == STAFF_DESKS
    client = Client()
    client.force_login(user)
    assert {href: client.get(href).status_code for href in links} == dict.fromkeys(links, 200)
