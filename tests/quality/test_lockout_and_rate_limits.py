"""Failed-login lockout (django-axes) and POST rate limits through the Django cache."""

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def fail_logins(client, url, username, times):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong-password"})


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    fail_logins(client, "/accounts/login/", user.username, 3)

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_block_other_users_from_the_same_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    victim, colleague = UserFactory(), UserFactory()
    fail_logins(client, "/accounts/login/", victim.username, 3)

    response = client.post("/accounts/login/", {"username": colleague.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_failures_at_the_wagtail_admin_login_count_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    staff = UserFactory(is_staff=True)
    fail_logins(client, "/admin/login/", staff.username, 3)

    response = client.post("/accounts/login/", {"username": staff.username, "password": PASSWORD})

    assert response.status_code == 429


def test_success_before_the_limit_resets_the_counter(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    fail_logins(client, "/accounts/login/", user.username, 2)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    client.logout()
    fail_logins(client, "/accounts/login/", user.username, 2)

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302


def test_registration_posts_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:register": "2/3600"}
    for _ in range(2):
        assert client.post("/accounts/register/", {"username": "x"}).status_code == 200

    response = client.post("/accounts/register/", {"username": "x"})

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "请求过于频繁" in response.content.decode() and "请求过于频繁" in response.content.decode()


def test_rate_limit_is_per_client_address(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:login": "1/300"}
    client.post("/accounts/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="10.0.0.1")

    other_address = client.post("/accounts/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="10.0.0.2")
    same_address = client.post("/accounts/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="10.0.0.1")

    assert (other_address.status_code, same_address.status_code) == (200, 429)


def test_get_requests_are_never_rate_limited(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:login": "1/300"}

    statuses = [client.get("/accounts/login/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
