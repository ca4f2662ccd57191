"""Expert pool import (XLSX/CSV), its template, the export, invitations and their acceptance."""

import csv
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.credit_code import make_credit_code
from accounts.roles import Role
from tests.factories import UserFactory
from workflows.exceptions import NotPermitted
from workflows.review import pool_sheet, services
from workflows.review.models import ConsultancyTie, ExpertProfile, PastEmployment

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

GOOD_CODE = make_credit_code("1237000042740000")
PAST_CODE = make_credit_code("9137020016356268")
BAD_CODE = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")  # check digit wrong


def row(name: str, email: str, code: str = GOOD_CODE, **extra) -> list[str]:
    cells = {
        "full_name": name,
        "email": email,
        "phone": "13800000000",
        "region_code": "370202",
        "specialties": "C38, C39",
        "employer_name": "青岛大学",
        "employer_credit_code": code,
        "employer_group": "",
        "titles": "教授",
        "qualifications": "",
        "past_employments": f"某电器股份有限公司|{PAST_CODE}|2019-06-30",
        "ties": f"辅导|某咨询有限公司|{PAST_CODE}|",
        **extra,
    }
    return [cells[c.key] for c in pool_sheet.COLUMNS]


def csv_upload(rows, encoding="utf-8-sig") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([pool_sheet.header_row(), *rows])
    return SimpleUploadedFile("experts.csv", buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(rows) -> SimpleUploadedFile:
    book = Workbook()
    for cells in [pool_sheet.header_row(), *rows]:
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("experts.xlsx", out.getvalue())


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_one_bad_row_imports_nothing_and_names_row_and_column(staff_client):
    upload = csv_upload(
        [row("甲", "a@example.cn"), row("乙", "b@example.cn", code=BAD_CODE), row("丙", "c@example.cn")]
    )

    response = staff_client.post("/review/staff/pool/import/", {"file": upload})

    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "现单位统一社会信用代码")]
    assert "第3行" in response.content.decode()
    assert ExpertProfile.objects.count() == 0
    assert mail.outbox == []


def test_clean_xlsx_previews_then_confirm_imports_all_and_invites(staff_client, django_capture_on_commit_callbacks):
    upload = xlsx_upload([row("甲", "A@Example.cn"), row("乙", "b@example.cn")])
    preview = staff_client.post("/review/staff/pool/import/", {"file": upload})
    assert preview.status_code == 200
    assert [r["email"] for r in preview.context["rows"]] == ["a@example.cn", "b@example.cn"]
    assert ExpertProfile.objects.count() == 0  # the preview writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = staff_client.post("/review/staff/pool/import/", {"payload": preview.context["payload"]})

    assert confirmed.status_code == 302
    profile = ExpertProfile.objects.get(user__email="a@example.cn")
    assert (profile.user.is_active, profile.user.has_usable_password(), profile.specialties) == (
        False,
        False,
        "C38,C39",
    )
    assert profile.user.has_role(Role.EXPERT) is False  # inactive until accepted
    assert list(PastEmployment.objects.filter(expert=profile).values_list("credit_code", "ended_on__year")) == [
        (PAST_CODE, 2019)
    ]
    assert list(ConsultancyTie.objects.filter(expert=profile).values_list("kind", "ended_on")) == [("coaching", None)]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "b@example.cn"]


def test_invitation_link_sets_password_once(client, staff, django_capture_on_commit_callbacks):
    check = pool_sheet.check_table(
        [pool_sheet.header_row(), row("甲", "a@example.cn")], taken_emails=services.taken_emails
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_experts(check.rows, actor=staff)
    link = re.search(r"https?://\S+/review/invitation/\S+/", mail.outbox[0].body).group(0)
    path = link[link.index("/review/") :]

    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": "Expert-pass-2026", "new_password2": "Expert-pass-2026"})

    assert response.status_code == 302
    user = ExpertProfile.objects.get().user
    assert (user.is_active, user.check_password("Expert-pass-2026"), user.has_role(Role.EXPERT)) == (True, True, True)
    assert client.get(path).status_code == 400  # used


def test_duplicate_and_taken_emails_are_row_errors(staff_client):
    ExpertProfileFactory(user__email="old@example.cn")
    upload = csv_upload([row("甲", "a@example.cn"), row("乙", "A@example.cn"), row("丙", "old@example.cn")])

    response = staff_client.post("/review/staff/pool/import/", {"file": upload})

    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "邮箱"), (4, "邮箱")]
    assert ExpertProfile.objects.count() == 1


def test_rows_checked_in_preview_are_refused_whole_when_an_address_was_taken_since(staff):
    check = pool_sheet.check_table(
        [pool_sheet.header_row(), row("甲", "a@example.cn"), row("乙", "b@example.cn")],
        taken_emails=services.taken_emails,
    )
    UserFactory(email="b@example.cn")

    with pytest.raises(services.PoolImportRejected) as caught:
        services.import_experts(check.rows, actor=staff)

    assert [e.row for e in caught.value.errors] == [3]
    assert ExpertProfile.objects.count() == 0


@pytest.mark.parametrize(
    ("key", "value", "column"),
    [
        ("region_code", "3702", "所在地区代码"),
        ("specialties", "C38,水电", "专业领域（行业代码，逗号分隔）"),
        ("past_employments", f"某厂|{PAST_CODE}", "曾任职单位（单位名称|信用代码|离职日期，多条用；分隔）"),
        ("ties", f"朋友|某厂|{PAST_CODE}|", "咨询辅导关系（类型|单位名称|信用代码|结束日期，多条用；分隔）"),
        ("full_name", "", "姓名"),
    ],
)
def test_each_column_is_checked(key, value, column):
    check = pool_sheet.check_table(
        [pool_sheet.header_row(), row("甲", "a@example.cn", **{key: value})], taken_emails=lambda emails: set()
    )
    assert [(e.row, e.column) for e in check.errors] == [(2, column)]


def test_gb18030_csv_and_missing_header_column(staff_client):
    ok = staff_client.post("/review/staff/pool/import/", {"file": csv_upload([row("甲", "a@example.cn")], "gb18030")})
    assert [r["full_name"] for r in ok.context["rows"]] == ["甲"]

    buffer = "姓名,手机\n甲,1\n".encode()
    bad = staff_client.post("/review/staff/pool/import/", {"file": SimpleUploadedFile("x.csv", buffer)})
    assert [(e.row, e.column) for e in bad.context["errors"]] == [(1, "邮箱、所在地区代码")]


def test_not_a_spreadsheet_keeps_the_form_with_a_message(staff_client):
    response = staff_client.post(
        "/review/staff/pool/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip file")}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["无法读取该XLSX文件，请使用下载的模板。"]


def test_template_example_row_passes_the_check(staff_client):
    book = load_workbook(io.BytesIO(staff_client.get("/review/staff/pool/template.xlsx").content))
    table = [[pool_sheet._cell_text(v) for v in r] for r in book.active.iter_rows(values_only=True)]

    check = pool_sheet.check_table(table, taken_emails=lambda emails: set())

    assert (check.errors, [r["full_name"] for r in check.rows]) == ([], ["张明"])


def test_export_round_trips_through_the_import_check(staff_client):
    profile = ExpertProfileFactory(employer_credit_code=GOOD_CODE, user__email="x@example.cn", user__full_name="许")
    PastEmployment.objects.create(
        expert=profile, organization_name="某厂", credit_code=PAST_CODE, ended_on="2020-01-31"
    )
    ConsultancyTie.objects.create(expert=profile, kind="consultancy", organization_name="某所", credit_code=PAST_CODE)

    body = staff_client.get("/review/staff/pool/export.csv").content.decode("utf-8-sig")
    check = pool_sheet.check_table(list(csv.reader(io.StringIO(body))), taken_emails=lambda emails: set())

    assert check.errors == []
    (exported,) = check.rows
    assert (exported["email"], exported["past_employments"], exported["ties"]) == (
        "x@example.cn",
        [{"organization_name": "某厂", "credit_code": PAST_CODE, "ended_on": "2020-01-31"}],
        [{"kind": "consultancy", "organization_name": "某所", "credit_code": PAST_CODE, "ended_on": ""}],
    )


@pytest.mark.parametrize("experts", [1, 4])
def test_pool_list_query_count_does_not_grow(staff_client, django_assert_num_queries, experts):
    for _ in range(experts):
        profile = ExpertProfileFactory()
        PastEmployment.objects.create(
            expert=profile, organization_name="某厂", credit_code=PAST_CODE, ended_on="2020-01-31"
        )
    staff_client.get("/review/staff/pool/")  # warm the session and content types
    # The list, its 共 N 条 count (50 a page) and the staff navigation's one count query (issue 14: ≤ 15).
    with django_assert_num_queries(10):
        response = staff_client.get("/review/staff/pool/")
    assert len(response.context["profiles"]) == experts


def test_import_is_for_the_secretariat_only(client):
    expert = ExpertProfileFactory().user
    client.force_login(expert)
    upload = csv_upload([row("甲", "a@example.cn")])
    assert client.post("/review/staff/pool/import/", {"file": upload}).status_code == 403
    with pytest.raises(NotPermitted):
        services.import_experts([], actor=expert)
    assert ExpertProfile.objects.count() == 1


def test_a_code_outside_the_code_tables_is_accepted_with_a_warning_in_the_preview(staff_client):
    """Issue 20: where a credit code is entered, the code tables' warning is shown for staff to confirm."""
    unusual = make_credit_code("9511000060003734")  # 9 (market regulation) with category 5: not in the table
    upload = csv_upload([row("甲", "a@example.cn"), row("乙", "b@example.cn", code=unusual)])

    preview = staff_client.post("/review/staff/pool/import/", {"file": upload})

    assert preview.status_code == 200
    assert [r["row"] for r in preview.context["warned_rows"]] == [3]
    warnings = preview.content.decode().split('id="import-warnings"', 1)[1].split("</ul>", 1)[0]
    assert "第3行" in warnings and unusual in warnings and "登记管理部门或机构类别代码不在已知代码表中" in warnings
    assert "第2行" not in warnings
