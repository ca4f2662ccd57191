"""TOTP two-factor login for staff and experts (django-otp), enforced by OTP_REQUIRED_FOR_STAFF."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, applicant_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforce_two_factor(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def password_login(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, "next": "/accounts/"})


def test_staff_after_password_is_sent_to_enrol_with_a_qr_code(client):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    password_login(client, staff)

    response = client.get("/accounts/", follow=True)

    assert response.redirect_chain == [("/accounts/two-factor/?next=%2Faccounts%2F", 302)]
    assert "<svg" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=False).count() == 1


def test_staff_enrols_with_a_correct_code_and_reaches_the_workspace(client):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    password_login(client, staff)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=staff)

    response = client.post("/accounts/two-factor/", {"token": code_for(device), "next": "/accounts/"})

    assert response.status_code == 302 and response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed is True


def test_wrong_code_is_refused_with_a_clear_message(client):
    expert = UserFactory(roles=[Role.EXPERT])
    password_login(client, expert)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=expert)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/two-factor/", {"token": wrong})

    assert "动态口令错误或已过期" in response.content.decode()
    assert client.get("/accounts/").status_code == 302
    assert TOTPDevice.objects.get(user=expert).confirmed is False


def test_enrolled_user_is_asked_for_a_code_and_cannot_re_enrol(client):
    expert = UserFactory(roles=[Role.EXPERT])
    device = TOTPDevice.objects.create(user=expert, name="phone", confirmed=True)
    password_login(client, expert)

    page = client.get("/accounts/two-factor/").content.decode()

    assert "<svg" not in page
    assert TOTPDevice.objects.filter(user=expert).count() == 1
    assert client.post("/accounts/two-factor/", {"token": code_for(device)}).status_code == 302
    assert client.get("/accounts/").status_code == 200


def test_wagtail_admin_login_is_gated_too(client):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_applicants_need_no_second_factor(client):
    applicant = applicant_for(OrganizationFactory())
    password_login(client, applicant)

    assert client.get("/accounts/").status_code == 200


def test_setting_off_lets_staff_in_with_password_only(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    staff = UserFactory(roles=[Role.SECRETARIAT])
    password_login(client, staff)

    assert client.get("/accounts/").status_code == 200


def test_next_cannot_send_the_user_to_another_site(client):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    password_login(client, staff)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=staff)

    response = client.post("/accounts/two-factor/", {"token": code_for(device), "next": "https://evil.example/"})

    assert response["Location"] == "/accounts/"
