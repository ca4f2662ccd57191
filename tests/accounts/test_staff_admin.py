import pytest

import accounts.demo
import cms.demo
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_printed_staff_login_opens_the_wagtail_admin(client):
    cms.demo.seed()
    accounts.demo.seed()
    assert client.login(username="staff", password=accounts.demo.DEMO_PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get("/admin/snippets/workflows/edition/").status_code == 200


def test_applicant_cannot_enter_the_admin(client):
    user = UserFactory(roles=[Role.APPLICANT])
    client.login(username=user.username, password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_removing_the_grant_removes_admin_access(client):
    user = UserFactory(roles=[Role.SECRETARIAT])
    user.role_grants.all().delete()
    # QuerySet.delete sends post_delete per row, so access follows the grants.
    user.refresh_from_db()
    client.login(username=user.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/workflows/edition/",
        "/admin/snippets/workflows/calendaroverride/",
        "/admin/snippets/accounts/organization/",
        "/admin/snippets/awards/awardeditionsettings/",
        "/admin/snippets/eligibility/eligibilityrule/",
        "/admin/snippets/eligibility/ban/",
        "/admin/snippets/review/reviewsettings/",
        "/admin/snippets/review/expertprofile/",
        "/admin/snippets/titles/titlerules/",
        "/admin/snippets/brands/zonerules/",
        "/admin/snippets/brands/indicatormethod/",
    ],
)
def test_secretariat_can_open_every_settings_screen(client, path):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    client.login(username=staff.username, password=PASSWORD)
    assert client.get(path).status_code == 200
