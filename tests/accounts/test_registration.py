import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import Membership, Organization, User
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

VALID = {
    "organization_name": "青岛测试电子有限公司",
    "credit_code": "91110000600037341L",
    "kind": "enterprise",
    "region_code": "370212",
    "founded_on": "2010-05-01",
    "industry_code": "C39",
    "full_name": "张三",
    "phone": "13800000000",
    "email": "zhang@example.test",
    "username": "zhangsan",
    "password1": "a-Long-passw0rd!",
    "password2": "a-Long-passw0rd!",
}


def test_registration_creates_inactive_user_and_verification_activates(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/register/", VALID)
    assert response.status_code == 200
    user = User.objects.get(username="zhangsan")
    assert user.is_active is False
    assert Membership.objects.filter(user=user, organization__credit_code="91110000600037341L").exists()

    link = re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    client.get(urlsplit(link).path)
    user.refresh_from_db()
    assert user.is_active is True and user.email_verified is True
    assert client.login(username="zhangsan", password="a-Long-passw0rd!") is True


def test_bad_credit_code_gives_a_clear_message_and_writes_nothing(client):
    response = client.post("/accounts/register/", {**VALID, "credit_code": "91110000600037341M"})
    html = response.content.decode()
    assert "校验位错误" in html and "check digit" not in html
    assert User.objects.count() == 0 and Organization.objects.count() == 0


def test_taken_credit_code_is_refused_without_half_written_user(client):
    OrganizationFactory(credit_code="91110000600037341L")
    response = client.post("/accounts/register/", VALID)
    assert "已注册" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_forged_verification_link_is_refused(client):
    response = client.get("/accounts/verify/not-a-token/", follow=True)
    assert "验证链接无效" in response.content.decode()
