"""Every field that holds a credit code stores the normal form, validates it and shows warnings.

Conflict rules compare codes exactly, so a code typed in lower case or full-width by an expert
must become the organisation's code (issue 20 #1, #7).
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from accounts.credit_code import make_credit_code, normalize_credit_code
from accounts.models import Organization
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory
from tests.review.factories import ExpertProfileFactory
from workflows.notices.models import Objection
from workflows.review import services
from workflows.review.forms import AvoidanceRequestForm, ConsultancyTieForm, PastEmploymentForm
from workflows.review.models import AvoidanceRequest, ConsultancyTie, ExpertProfile, PastEmployment, ReviewSettings
from workflows.review.services import Rule

from .test_registration import VALID

pytestmark = pytest.mark.django_db

CODE = make_credit_code("91370200MA3C5E5Y1")
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@pytest.fixture
def edition():
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    return edition


def full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(ch, ch) for ch in text)


@pytest.mark.parametrize(
    "typed",
    [CODE.lower(), f" {CODE[:6]} {CODE[6:]} ", f"{CODE[:8]}-{CODE[8:]}", full_width(CODE), full_width(CODE.lower())],
    ids=["lower", "spaces", "dash", "full-width", "full-width-lower"],
)
def test_normalisation_folds_case_spaces_dashes_and_full_width(typed):
    assert normalize_credit_code(typed) == CODE


def test_a_former_employer_typed_in_lower_case_in_the_experts_form_is_still_a_conflict(edition):
    organization = OrganizationFactory(credit_code=CODE)
    applicant = AwardApplicationFactory(edition=edition, organization=organization, state="material_review")
    expert = ExpertProfileFactory()
    form = PastEmploymentForm(
        {"job-organization_name": "x", "job-credit_code": full_width(CODE.lower()), "job-ended_on": "2099-01-01"},
        prefix="job",
    )
    assert form.is_valid(), form.errors
    row = form.save(commit=False)
    row.expert = expert
    row.save()
    assert PastEmployment.objects.get().credit_code == CODE
    assert services.conflicts_between(expert.user, applicant) == [Rule.FORMER_EMPLOYER]


@pytest.mark.parametrize("model", [PastEmployment, ConsultancyTie, ExpertProfile, AvoidanceRequest])
def test_every_review_code_field_stores_and_looks_up_the_normal_form(model):
    field = {
        PastEmployment: "credit_code",
        ConsultancyTie: "credit_code",
        ExpertProfile: "employer_credit_code",
        AvoidanceRequest: "organization_credit_code",
    }[model]
    assert model._meta.get_field(field).get_prep_value(CODE.lower()) == CODE
    assert model._meta.get_field(field).formfield().clean(full_width(CODE)) == CODE


def test_expert_profile_and_organisation_codes_are_normalised_on_save_and_update():
    expert = ExpertProfileFactory(employer_credit_code=CODE.lower())
    organization = OrganizationFactory()
    Organization.objects.filter(pk=organization.pk).update(credit_code=f" {CODE.lower()} ")
    expert.refresh_from_db()
    assert (expert.employer_credit_code, Organization.objects.get(pk=organization.pk).credit_code) == (CODE, CODE)
    assert Organization.objects.filter(credit_code=CODE.lower()).get() == organization


@pytest.mark.parametrize("form_class,prefix", [(PastEmploymentForm, "job"), (ConsultancyTieForm, "tie")])
def test_an_invalid_code_in_the_experts_forms_is_refused_with_the_reason(form_class, prefix):
    data = {f"{prefix}-organization_name": "x", f"{prefix}-credit_code": CODE[:-1] + "0", f"{prefix}-kind": "coaching"}
    form = form_class(data, prefix=prefix)
    assert form.is_valid() is False
    assert "校验位错误" in form.errors["credit_code"][0]


def test_the_avoidance_form_normalises_and_validates_its_code():
    good = AvoidanceRequestForm({"organization_credit_code": CODE.lower(), "reason": "竞争对手"})
    bad = AvoidanceRequestForm({"organization_credit_code": "9137", "reason": "竞争对手"})
    assert (good.is_valid(), good.cleaned_data["organization_credit_code"], bad.is_valid()) == (True, CODE, False)


def test_the_data_migrations_normalise_codes_stored_as_typed():
    organization = OrganizationFactory()
    expert = ExpertProfileFactory()
    tie = ConsultancyTie.objects.create(expert=expert, kind="coaching", organization_name="x", credit_code=CODE)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_organization SET credit_code = %s WHERE id = %s", [CODE.lower(), organization.pk]
        )
        cursor.execute(
            "UPDATE review_consultancytie SET credit_code = %s WHERE id = %s",
            [full_width(CODE.lower())[:18], tie.pk],
        )
    for module in (
        "accounts.migrations.0003_normalise_credit_codes",
        "workflows.review.migrations.0005_normalise_credit_codes",
    ):
        # Not entered: SQLite refuses a schema editor inside the test's transaction, and the data
        # migrations only use its quoting and its connection.
        importlib.import_module(module).normalise(apps, connection.schema_editor())
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_code FROM accounts_organization WHERE id = %s", [organization.pk])
        stored_org = cursor.fetchone()[0]
        cursor.execute("SELECT credit_code FROM review_consultancytie WHERE id = %s", [tie.pk])
        stored_tie = cursor.fetchone()[0]
    assert (stored_org, stored_tie) == (CODE, CODE)


def test_objection_codes_are_normalised():
    assert Objection._meta.get_field("credit_code").get_prep_value(full_width(CODE)) == CODE


def test_registration_with_an_unknown_category_is_accepted_and_says_so(client):
    unusual = make_credit_code("9511000060003734")  # 9 (market regulation) with category 5: not in the table
    response = client.post("/accounts/register/", {**VALID, "credit_code": unusual.lower()}, follow=True)
    body = response.content.decode()
    assert Organization.objects.get().credit_code == unusual
    assert "统一社会信用代码已接受，但请核对：登记管理部门或机构类别代码不在已知代码表中" in body


def test_staff_see_the_warning_in_the_organisation_list(client, django_user_model):
    unusual = OrganizationFactory(credit_code=make_credit_code("9511000060003734"), name="类别异常单位")
    OrganizationFactory(name="正常单位")
    admin = django_user_model.objects.create_superuser("root", "root@example.test", "pw")
    client.force_login(admin)
    body = client.get("/admin/snippets/accounts/organization/").content.decode()
    assert unusual.credit_code_warnings.startswith("登记管理部门或机构类别代码不在已知代码表中")
    assert unusual.credit_code_warnings in body
