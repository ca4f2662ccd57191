"""The objection service checks identities itself, whatever calls it (not only the public form)."""

import datetime as dt

import pytest
import time_machine

from accounts.credit_code import make_credit_code
from workflows.notices import services
from workflows.workdays import SHANGHAI

from .factories import individual_objection, notice_edition, open_notice, pdf_upload, proposed_candidate

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI)
UNIT_CODE = make_credit_code("91370200MA3C5E5Y1")


@pytest.fixture
def line():
    candidate = proposed_candidate(notice_edition())
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])
    return notice.candidates.get()


def _file(data):
    with time_machine.travel(DURING, tick=False):
        return services.file_objection(data)


@pytest.mark.parametrize("name", ["匿名", " 无名氏 ", "某某", "XXX", "***", "Anonymous"])
def test_a_placeholder_name_is_anonymous(line, name):
    objection = _file(individual_objection(line, objector_name=name))
    assert (objection.status, objection.rejection_reason) == (
        "rejected_anonymous",
        "匿名异议不予受理（未署真实姓名或单位名称）。",
    )


@pytest.mark.parametrize("id_number", ["1", "110105194912310021", "11010519491331002X"])
def test_a_resident_id_that_fails_its_check_is_not_an_identity(line, id_number):
    objection = _file(individual_objection(line, id_number=id_number))
    assert (objection.status, "身份证号码无效" in objection.rejection_reason) == ("rejected_anonymous", True)


def test_a_unit_credit_code_that_fails_its_check_is_not_an_identity(line):
    unit = {"objector_type": "unit", "objector_name": "青岛质量协会", "id_number": "", "sealed_letter": pdf_upload()}
    bad = _file(individual_objection(line, credit_code=UNIT_CODE[:-1] + ("0" if UNIT_CODE[-1] != "0" else "1"), **unit))
    unit["sealed_letter"] = pdf_upload()
    good = _file(individual_objection(line, credit_code=UNIT_CODE.lower(), **unit))
    assert (bad.status, "统一社会信用代码无效" in bad.rejection_reason) == ("rejected_anonymous", True)
    assert (good.status, good.credit_code) == ("under_verification", UNIT_CODE)


def test_a_valid_identity_is_accepted_and_stored_normalised(line):
    objection = _file(individual_objection(line, id_number="11010519491231002x"))
    assert (objection.status, objection.id_number) == ("under_verification", "11010519491231002X")
