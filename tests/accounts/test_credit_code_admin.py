"""Credit codes typed by staff in the Wagtail admin: unusual codes saved with a warning, invalid ones refused.

Issue 20 #7: the code tables' warnings were computed and never shown where staff enter a code.
Every admin screen holding a credit code is driven here by a secretariat user (not a superuser).
"""

import datetime as dt

import pytest

from accounts.credit_code import make_credit_code
from accounts.models import Organization
from accounts.roles import Role
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.review.factories import ExpertProfileFactory
from workflows.review.models import ConsultancyTie, PastEmployment

pytestmark = pytest.mark.django_db

# 9 (market regulation) with category 5: a valid check digit, but not a pair in the GB 32100 table.
UNUSUAL = make_credit_code("9511000060003734")
NORMAL = make_credit_code("91370200MA3C5E5Y")  # with its organisation-code check digit
BAD_CHECK_DIGIT = NORMAL[:-1] + ("0" if NORMAL[-1] != "0" else "1")
SAVED_WITH_WARNING = "统一社会信用代码已接受，但请核对：登记管理部门或机构类别代码不在已知代码表中"
CHECK_DIGIT_ERROR = "统一社会信用代码校验位错误，请核对。"


@pytest.fixture
def staff_client(client):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    assert client.login(username=staff.username, password=PASSWORD)
    return client


def _form_data(client, url):
    """What the edit page would post back unchanged."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def _organisation_post(**changes):
    data = {
        "kind": "enterprise",
        "name": "类别异常测试单位",
        "short_name": "",
        "credit_code": UNUSUAL.lower(),
        "region_code": "370212",
        "industry_code": "",
        "group_name": "",
        "founded_on": "",
        "address": "",
        "contact_name": "",
        "contact_phone": "",
    }
    return {**data, **changes}


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_new_organisation_with_an_unusual_code_is_saved_and_the_warning_shown(staff_client):
    response = staff_client.post("/admin/snippets/accounts/organization/add/", _organisation_post(), follow=True)
    organisation = Organization.objects.get(name="类别异常测试单位")
    assert organisation.credit_code == UNUSUAL
    assert response.redirect_chain and response.status_code == 200
    assert any(SAVED_WITH_WARNING in m for m in _messages(response))
    assert SAVED_WITH_WARNING in response.content.decode()


def test_a_normal_code_saves_without_a_warning(staff_client):
    response = staff_client.post(
        "/admin/snippets/accounts/organization/add/", _organisation_post(credit_code=NORMAL), follow=True
    )
    assert Organization.objects.get(name="类别异常测试单位").credit_code == NORMAL
    assert not any("请核对" in m for m in _messages(response))


def test_an_invalid_code_is_refused_with_the_reason_and_the_typed_value_kept(staff_client):
    typed = f"{BAD_CHECK_DIGIT[:8]}-{BAD_CHECK_DIGIT[8:].lower()}"
    response = staff_client.post("/admin/snippets/accounts/organization/add/", _organisation_post(credit_code=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Organization.objects.filter(name="类别异常测试单位").exists()
    assert CHECK_DIGIT_ERROR in body
    assert f'value="{typed}"' in body
    assert "已接受" not in body


def test_editing_an_organisation_shows_the_stored_codes_warning_next_to_the_field(staff_client):
    organisation = OrganizationFactory(credit_code=UNUSUAL)
    body = staff_client.get(f"/admin/snippets/accounts/organization/edit/{organisation.pk}/").content.decode()
    assert "请核对：登记管理部门或机构类别代码不在已知代码表中" in body
    normal = OrganizationFactory(credit_code=NORMAL)
    body = staff_client.get(f"/admin/snippets/accounts/organization/edit/{normal.pk}/").content.decode()
    assert "请核对" not in body


def test_an_organisation_edited_to_an_unusual_code_keeps_it_and_warns(staff_client):
    organisation = OrganizationFactory(credit_code=NORMAL)
    url = f"/admin/snippets/accounts/organization/edit/{organisation.pk}/"
    data = {**_form_data(staff_client, url), "credit_code": f" {UNUSUAL[:6]} {UNUSUAL[6:]} "}
    response = staff_client.post(url, data, follow=True)
    organisation.refresh_from_db()
    assert organisation.credit_code == UNUSUAL
    assert any(SAVED_WITH_WARNING in m for m in _messages(response))


def test_the_experts_employer_code_in_the_admin_warns_and_refuses(staff_client):
    expert = ExpertProfileFactory(employer_credit_code=NORMAL)
    url = f"/admin/snippets/review/expertprofile/edit/{expert.pk}/"
    data = _form_data(staff_client, url)
    refused = staff_client.post(url, {**data, "employer_credit_code": BAD_CHECK_DIGIT})
    assert CHECK_DIGIT_ERROR in refused.content.decode()
    assert f'value="{BAD_CHECK_DIGIT}"' in refused.content.decode()
    expert.refresh_from_db()
    assert expert.employer_credit_code == NORMAL
    saved = staff_client.post(url, {**data, "employer_credit_code": UNUSUAL.lower()}, follow=True)
    expert.refresh_from_db()
    assert expert.employer_credit_code == UNUSUAL
    assert any(SAVED_WITH_WARNING in m for m in _messages(saved))


@pytest.mark.parametrize(
    "model,path,extra",
    [
        (PastEmployment, "pastemployment", {"group_name": "", "started_on": "", "ended_on": "2020-06-30"}),
        (ConsultancyTie, "consultancytie", {"kind": "coaching", "ended_on": "", "note": ""}),
    ],
)
def test_past_employers_and_ties_added_in_the_admin_warn_and_refuse(staff_client, model, path, extra):
    expert = ExpertProfileFactory(employer_credit_code=NORMAL)
    url = f"/admin/snippets/review/{path}/add/"
    data = {"expert": expert.pk, "organization_name": "某检测公司", **extra}
    refused = staff_client.post(url, {**data, "credit_code": BAD_CHECK_DIGIT})
    assert refused.status_code == 200 and CHECK_DIGIT_ERROR in refused.content.decode()
    assert f'value="{BAD_CHECK_DIGIT}"' in refused.content.decode()
    assert not model.objects.exists()
    saved = staff_client.post(url, {**data, "credit_code": UNUSUAL.lower()}, follow=True)
    assert model.objects.get().credit_code == UNUSUAL
    assert any(SAVED_WITH_WARNING in m for m in _messages(saved))


def test_every_admin_form_with_a_credit_code_uses_the_warning_form(staff_client):
    """A new snippet with a credit code but without the warning view set would fail here."""
    from wagtail.snippets.models import get_snippet_models

    from accounts.admin_forms import CreditCodeSnippetViewSet
    from accounts.fields import CreditCodeField

    with_codes = [
        model
        for model in get_snippet_models()
        if any(isinstance(f, CreditCodeField) for f in model._meta.get_fields())
        # Avoidance requests show the applicant's code read-only; staff do not enter one there.
        and model._meta.model_name != "avoidancerequest"
    ]
    assert {m._meta.model_name for m in with_codes} >= {"organization", "expertprofile", "pastemployment", "consultancytie"}
    for model in with_codes:
        assert isinstance(model.snippet_viewset, CreditCodeSnippetViewSet), model


def test_the_warning_is_in_english_under_en(staff_client):
    response = staff_client.post(
        "/admin/snippets/accounts/organization/add/",
        _organisation_post(),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    messages = [m for m in _messages(response) if "credit code was accepted, but please check it" in m]
    assert messages and "已接受" not in messages[0]
