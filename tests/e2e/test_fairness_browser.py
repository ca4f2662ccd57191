"""What people see of the fairness and integrity work, in Chromium at 1366 and 390 px.

The public audit checkpoints, the message for control characters, the precise empty-file message, and a panel drawn with "specialty required" whose
draw record names its rules.
"""

import uuid

import pytest
from django.db import transaction

from accounts.roles import Role
from tests.awards.factories import Cast
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory
from tests.review.factories import ExpertProfileFactory
from workflows.review.models import Draw, ReviewSettings
from workflows.services import append_transition_log, write_audit_checkpoint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def shots(page, artifacts_dir, name, check_overflow=True):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"fairness-{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if check_overflow:
            assert overflow <= 0, f"{name} scrolls sideways at {width} px"


def test_the_public_checkpoints_page_lists_signed_heads(live_server, page, artifacts_dir, settings):
    settings.AUDIT_CHECKPOINT_FOLDER = f"audit-checkpoints-test/e2e-{uuid.uuid4().hex}"
    org = OrganizationFactory()
    with transaction.atomic():  # as in perform_transition: the log row belongs to the change's transaction
        for i in range(3):
            append_transition_log(org, transition=f"step{i}", from_state=f"s{i}", to_state=f"s{i + 1}")
    checkpoint = write_audit_checkpoint()

    page.goto(live_server.url + "/titles/winners/")
    page.click("footer >> text=审计链检查点")

    assert page.locator("h1").inner_text() == "审计链检查点"
    row = page.locator("tr.checkpoint").first
    assert checkpoint.head_hash in row.inner_text()
    assert checkpoint.signature in row.inner_text()
    shots(page, artifacts_dir, "checkpoints")


def test_a_control_character_in_a_link_gives_a_page_with_the_message(live_server, page, artifacts_dir):
    response = page.goto(live_server.url + "/titles/winners/?program=%00")
    assert response.status == 400
    assert "输入中含有不可见的控制字符" in page.locator(".bad-input-message").inner_text()
    shots(page, artifacts_dir, "control-character")


def test_an_empty_file_is_named_as_empty(live_server, page, artifacts_dir):
    cast = Cast()
    login_as(page, live_server, cast.applicant)
    page.goto(f"{live_server.url}/portal/applications/{cast.application.pk}/edit/")
    page.set_input_files(
        "input[data-slot=business_licence]",
        files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": b""}],
    )
    with page.expect_navigation():
        page.click("button[name=upload][value=business_licence]")
    assert "“营业执照.pdf”是空文件（0 字节）" in page.locator(".messages").inner_text()
    shots(page, artifacts_dir, "empty-file", check_overflow=False)  # the edit page's layout is not this test's


def test_staff_create_a_panel_with_specialty_required_and_the_draw_names_its_rules(live_server, page, artifacts_dir):
    edition = EditionFactory(title="2026年度青岛市市长质量奖")
    ReviewSettings.objects.create(edition=edition, former_employer_years=3)
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    for i in range(4):
        ExpertProfileFactory(specialties="C38", region_code=["110101", "310104"][i % 2])
    for _ in range(4):
        ExpertProfileFactory(specialties="C15")
    staff = UserFactory(roles=[Role.SECRETARIAT])
    login_as(page, live_server, staff)

    page.goto(live_server.url + "/review/staff/panel/new/")
    page.fill("#id_name", "电气装备组")
    page.check(f"input[name=dossiers][value$='{dossier.pk}']")
    page.fill("#id_deadline", "2026-12-31T17:00")
    page.fill("#id_size", "3")
    page.fill("#id_specialty_codes", "c38")
    page.check("input[name=specialty_rule][value=required]")
    shots(page, artifacts_dir, "create-panel")
    page.click("button:has-text('创建评审组')")
    page.click("button:has-text('抽取专家')")
    page.click("details.draw-rules summary")

    draw = Draw.objects.get()
    summary = page.locator("details.draw-rules").inner_text()
    assert "本次抽取适用 8 条规则，排除专家 4 人" in summary
    assert "必须具备所需专业：C38" in summary
    assert "近年曾任职（回溯3年）" in summary
    assert len(draw.drawn_ids) == 3
    shots(page, artifacts_dir, "draw-rules")
