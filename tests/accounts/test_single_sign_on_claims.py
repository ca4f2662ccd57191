"""How the claims of a 统一身份认证 login become users and memberships (the provider itself runs in
tests/accounts/test_single_sign_on.py)."""

import pytest

from accounts.credit_code import make_credit_code
from accounts.models import ExternalIdentity, Membership
from accounts.roles import Role
from accounts.services import IdentityClaims, SingleSignOnRefused, sign_in_with_identity
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://portal.example.gov.cn"
CODE = make_credit_code("9137021277000022")


def claims(**overrides) -> IdentityClaims:
    values = {
        "issuer": ISSUER,
        "subject": "s-1",
        "full_name": "赵敏",
        "phone": "139 0000 1111",
        "credit_code": CODE,
        "organization_name": "青岛链接测试有限公司",
    }
    return IdentityClaims(**{**values, **overrides})


def test_a_local_applicant_of_the_claimed_organisation_with_the_same_mobile_is_linked_not_duplicated():
    organization = OrganizationFactory(credit_code=CODE)
    local = UserFactory(phone="13900001111", roles=[Role.APPLICANT])
    Membership.objects.create(user=local, organization=organization, is_admin=True)

    user = sign_in_with_identity(claims())

    assert (user.pk, local.memberships.count(), ExternalIdentity.objects.get().user_id) == (local.pk, 1, local.pk)


def test_an_expert_with_the_same_mobile_is_never_linked():
    organization = OrganizationFactory(credit_code=CODE)
    expert = UserFactory(phone="13900001111", roles=[Role.EXPERT])
    Membership.objects.create(user=expert, organization=organization)

    user = sign_in_with_identity(claims())

    assert user.pk != expert.pk
    assert (user.has_usable_password(), Membership.objects.get(user=user).is_admin) == (False, False)


def test_a_deactivated_user_cannot_come_back_through_the_portal():
    user = sign_in_with_identity(claims())
    user.is_active = False
    user.save()

    with pytest.raises(SingleSignOnRefused):
        sign_in_with_identity(claims())


def test_a_new_organisation_needs_its_name_in_the_claims_and_nothing_is_left_half_written():
    with pytest.raises(SingleSignOnRefused):
        sign_in_with_identity(claims(organization_name=""))

    assert (ExternalIdentity.objects.count(), Membership.objects.count()) == (0, 0)


def test_a_government_credit_code_makes_a_local_government_organisation():
    government_code = make_credit_code("1137020000000033")

    user = sign_in_with_identity(claims(credit_code=government_code, organization_name="某区人民政府"))

    assert user.memberships.get().organization.kind == "local_government"


def test_without_configuration_there_is_no_portal_button_and_no_portal_login(client, settings):
    settings.OIDC_ISSUER = ""

    login_page = client.get("/accounts/login/")
    sso = client.get("/accounts/sso/login/")

    assert ("single-sign-on" in login_page.content.decode(), sso.status_code) == (False, 404)


def test_an_unreachable_provider_sends_the_person_back_to_the_login_page_with_a_message(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_RP_CLIENT_ID = "client"

    response = client.get("/accounts/sso/login/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "统一身份认证登录未成功" in response.content.decode()
