"""The organisation profile the applicant keeps (docs/organisation-profile.md)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Membership
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "founded_on": "2009-04-20",
    "region_code": "370214",
    "industry_code": "C35",
    "address": "青岛市城阳区春阳路88号",
    "legal_representative": "吴总",
    "contact_name": "吴经理",
    "contact_phone": "0532-87777777",
}


def _member_of(organization):
    user = UserFactory()
    Membership.objects.create(user=user, organization=organization)
    return user


def test_a_member_saves_the_profile_and_is_sent_back_where_they_came_from(client):
    organization = OrganizationFactory(founded_on=None)
    client.force_login(_member_of(organization))

    response = client.post(
        reverse("accounts:organization", args=[organization.pk]), {**PROFILE, "next": "/portal/applications/7/edit/"}
    )

    organization.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/portal/applications/7/edit/"
    assert (organization.founded_on, organization.industry_code, organization.legal_representative) == (
        dt.date(2009, 4, 20),
        "C35",
        "吴总",
    )


def test_an_outside_next_address_is_not_followed(client):
    organization = OrganizationFactory()
    client.force_login(_member_of(organization))

    response = client.post(
        reverse("accounts:organization", args=[organization.pk]), {**PROFILE, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("accounts:organization", args=[organization.pk])


def test_a_region_code_the_picker_does_not_offer_is_refused(client):
    organization = OrganizationFactory(region_code="370212")
    client.force_login(_member_of(organization))

    response = client.post(
        reverse("accounts:organization", args=[organization.pk]), {**PROFILE, "region_code": "999999"}
    )

    organization.refresh_from_db()
    assert response.status_code == 422
    assert organization.region_code == "370212"
    assert response.context["form"].errors["region_code"]


def test_a_stored_code_outside_the_picker_stays_selectable():
    from accounts.forms import OrganizationProfileForm

    organization = OrganizationFactory(region_code="440305", industry_code="C3951")

    form = OrganizationProfileForm(instance=organization)

    assert form["region_code"].value() == "440305"
    assert ("440305", "440305") in form.fields["region_code"].choices
    assert ("C3951", "C3951") in form.fields["industry_code"].choices


def test_someone_elses_organisation_is_not_found(client):
    mine, theirs = OrganizationFactory(), OrganizationFactory(name="别家单位有限公司")
    client.force_login(_member_of(mine))

    response = client.get(reverse("accounts:organization", args=[theirs.pk]))

    assert response.status_code == 404


def test_the_service_refuses_a_non_member():
    organization = OrganizationFactory(address="旧地址")

    with pytest.raises(services.NotAMember):
        services.update_organization_profile(organization, user=UserFactory(), data={"address": "新地址"})

    organization.refresh_from_db()
    assert organization.address == "旧地址"
