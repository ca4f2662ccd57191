"""Browser: the secretariat uploads an expert list with one bad row (nothing imported, the row named), fixes it,
previews and imports; screenshots at 1366 and 390 px."""

import csv

import pytest

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import UserFactory
from workflows.review import pool_sheet
from workflows.review.models import ExpertProfile

from .test_pool_import import BAD_CODE, row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def write_csv(path, rows) -> str:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([pool_sheet.header_row(), *rows])
    return str(path)


def test_import_with_one_bad_row_imports_nothing_and_names_the_row(live_server, page, artifacts_dir, tmp_path):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    login_as(page, live_server, staff)
    bad = write_csv(
        tmp_path / "experts.csv", [row("甲专家", "a@example.cn"), row("乙专家", "b@example.cn", code=BAD_CODE)]
    )

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/review/staff/")
    page.click("#staff-pool")
    page.click("#pool-import")
    page.set_input_files("input[name=file]", bad)
    page.click("#upload-pool")

    errors = page.locator("#import-errors").inner_text()
    assert "未导入任何专家" in errors
    assert "第3行" in errors and "现单位统一社会信用代码" in errors
    assert ExpertProfile.objects.count() == 0
    page.screenshot(path=str(artifacts_dir / "pool-import-errors-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "pool-import-errors-390.png"), full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    good = write_csv(tmp_path / "fixed.csv", [row("甲专家", "a@example.cn"), row("乙专家", "b@example.cn")])
    page.set_input_files("input[name=file]", good)
    page.click("#upload-pool")
    assert "乙专家" in page.locator("#import-preview").inner_text()
    page.screenshot(path=str(artifacts_dir / "pool-import-preview-1366.png"), full_page=True)
    page.click("#confirm-import")

    assert "已导入2名专家" in page.locator(".messages").inner_text()
    assert page.locator("#expert-pool tbody tr").count() == 2
    assert "待接受邀请" in page.locator("#expert-pool").inner_text()
    page.screenshot(path=str(artifacts_dir / "pool-list-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "pool-list-390.png"), full_page=True)
    assert sorted(ExpertProfile.objects.values_list("user__email", flat=True)) == ["a@example.cn", "b@example.cn"]
