"""Single sign-on through a real OpenID Connect provider (npm `oidc-provider` on 127.0.0.1).

The provider stands in for a provincial portal's 统一身份认证; the flow is the real one: the
browser goes to the provider's login and consent pages and comes back with a code, which the
server exchanges for tokens and userinfo over HTTP.
"""

import json

import pytest

from accounts.credit_code import make_credit_code
from accounts.models import ExternalIdentity, Membership, Organization
from accounts.resident_id import resident_id_check_character
from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.awards.browser_steps import fill_award_application
from tests.awards.factories import PDF_BYTES
from tests.factories import EditionFactory
from tests.oidc_provider import running_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLIENT_ID = "quality-awards"
CLIENT_SECRET = "test-client-secret-not-real"
CREDIT_CODE = make_credit_code("9137021277000011")
ID_NUMBER = "37020219800101123" + resident_id_check_character("37020219800101123")


def person(**overrides) -> dict:
    return {
        "name": "王海燕",
        "phone_number": "13912345678",
        "id_card_number": ID_NUMBER,
        "org_credit_code": CREDIT_CODE,
        "org_name": "青岛统一认证装备有限公司",
        **overrides,
    }


@pytest.fixture
def provider(live_server, settings, tmp_path):
    """Yields a function that starts the provider with the given people (login -> claims) and points
    the settings at it; calling it again while it runs only changes the people's claims."""
    from contextlib import ExitStack

    stack = ExitStack()
    accounts_file = tmp_path / "accounts.json"

    def start(accounts: dict) -> str:
        accounts_file.write_text(json.dumps(accounts, ensure_ascii=False))
        if settings.OIDC_ISSUER:
            return settings.OIDC_ISSUER
        client = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{live_server.url}/accounts/sso/callback/"],
        }
        issuer = stack.enter_context(running_provider(client=client, accounts_file=accounts_file))
        settings.OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_RP_SCOPES = "openid profile phone gov_identity"
        settings.OIDC_PROVIDER_NAME = "山东省政务服务网统一身份认证"
        return issuer

    settings.RATE_LIMIT_ENABLED = False
    settings.OIDC_ISSUER = ""
    yield start
    stack.close()


def log_in_at_provider(page, base_url: str, login: str) -> None:
    page.goto(base_url + "/accounts/login/")
    with page.expect_navigation():
        page.click("#single-sign-on")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any-password")
    with page.expect_navigation():
        page.click("button[type=submit]")
    if page.locator("button[autofocus], button[type=submit]").filter(has_text="Continue").count():
        with page.expect_navigation():
            page.click("button:has-text('Continue')")
    page.wait_for_load_state()


def test_first_login_through_the_portal_creates_the_organisation_and_an_application_can_be_submitted(
    live_server, page, provider, artifacts_dir, tmp_path
):
    edition = EditionFactory(has_defence=False, has_site_review=False, title="2026年度青岛市市长质量奖")
    provider({"wanghy": person()})
    url = live_server.url
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(url + "/accounts/login/")
    page.screenshot(path=str(artifacts_dir / "login-single-sign-on-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=str(artifacts_dir / "login-single-sign-on-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})

    log_in_at_provider(page, url, "wanghy")

    assert page.url == url + "/accounts/"
    organization = Organization.objects.get(credit_code=CREDIT_CODE)
    assert (organization.name, organization.region_code, organization.kind) == (
        "青岛统一认证装备有限公司",
        "370212",
        Organization.Kind.ENTERPRISE,
    )
    membership = Membership.objects.select_related("user").get(organization=organization)
    user = membership.user
    assert (user.full_name, user.phone, user.has_usable_password(), membership.is_admin) == (
        "王海燕",
        "13912345678",
        False,
        True,
    )
    assert user.has_role(Role.APPLICANT)
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.subject, identity.id_number_masked) == ("wanghy", "3702**********" + ID_NUMBER[-4:])

    pdf_path = tmp_path / "材料.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    fill_award_application(
        page, base_url=url, edition_id=edition.pk, contact_name="王海燕", email="wanghy@example.test", pdf_path=pdf_path
    )
    page.click("#submit-application")
    page.wait_for_load_state()

    application = AwardApplication.objects.get(edition=edition)
    assert (application.organization_id, application.state) == (organization.pk, State.SUBMITTED)


def test_a_second_login_finds_the_same_user_and_takes_the_new_name(live_server, page, provider):
    provider({"wanghy": person()})
    url = live_server.url
    log_in_at_provider(page, url, "wanghy")
    page.context.clear_cookies()
    provider({"wanghy": person(name="王海艳")})

    log_in_at_provider(page, url, "wanghy")

    identity = ExternalIdentity.objects.select_related("user").get()
    assert (identity.user.full_name, Membership.objects.count(), page.url) == ("王海艳", 1, url + "/accounts/")


def test_claims_with_an_invalid_credit_code_log_nobody_in_and_say_why(live_server, page, provider, artifacts_dir):
    provider({"wrong": person(org_credit_code="91370212MA3C00000X")})

    log_in_at_provider(page, live_server.url, "wrong")

    assert page.url == live_server.url + "/accounts/login/"
    assert "统一社会信用代码无效" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "login-single-sign-on-refused.png"), full_page=True)
    assert (ExternalIdentity.objects.count(), Organization.objects.count()) == (0, 0)
    page.goto(live_server.url + "/accounts/")
    assert "/accounts/login/" in page.url
