"""Chromium against the production topology (scripts/prodlike): nginx over two gunicorn nodes, a Celery
worker and beat on Redis, PostgreSQL, OpenSearch and S3, DEBUG=false over TLS.

One application walks from submission to naming through the pages, each step pinned to one web node or the
other (nginx's X-QAP-Node), and the test proves that a session, a rate limit and a cached page hold whichever
node answers, and that e-mails and the certificate come from the worker, not a web node. Screenshots:
test-artifacts/prodlike-NN-name.png (1366 px) and prodlike-390-*.png (390 px).
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from tests.awards.browser_steps import fill_award_application, fill_committee_ballot, fill_preliminary_review
from tests.awards.factories import PDF_BYTES

pytestmark = [pytest.mark.e2e]

DEMO_PASSWORD = "demo-pass-2026"


def new_page(browser, width=1366):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", ignore_https_errors=True, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(30000)
    return page


class Walk:
    """The browser, the node every request is pinned to, and which node answered each page."""

    def __init__(self, page, topology, folder):
        self.page, self.topology, self.folder, self.count = page, topology, folder, 0
        self.served: list[tuple[str, str]] = []
        page.on(
            "response",
            lambda r: r.request.resource_type == "document" and self.served.append((r.url, r.headers["x-served-by"])),
        )

    def on(self, node: str) -> None:
        self.page.context.set_extra_http_headers({"X-QAP-Node": node})

    def goto(self, path: str):
        return self.page.goto(self.topology.url + path)

    def login(self, username: str, password: str, node: str) -> None:
        self.page.context.clear_cookies()
        self.on(node)
        self.goto("/accounts/login/")
        self.page.fill("[name=username]", username)
        self.page.fill("[name=password]", password)
        self.submit("main button[type=submit]")
        assert "/accounts/login/" not in self.page.url, self.page.locator("main").inner_text()

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def shot(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"prodlike-{self.count:02d}-{name}.png"), full_page=True)

    def wait_until(self, path: str, text: str, seconds: float = 90) -> None:
        """Reload until the worker's result shows (tasks run after commit, in another process)."""
        deadline = time.monotonic() + seconds
        while True:
            self.goto(path)
            if text in self.page.locator("body").inner_text():
                return
            assert time.monotonic() < deadline, f"{text!r} never appeared on {path}"
            time.sleep(1)


def test_a_session_a_rate_limit_and_a_cached_page_hold_on_either_node(prodlike, browser):
    # A session made on web1 is the same session on web2 (database sessions, one SECRET_KEY).
    walk = Walk(new_page(browser), prodlike, None)
    walk.login("staff", DEMO_PASSWORD, "web1")
    walk.on("web2")
    response = walk.goto("/accounts/")
    assert (response.headers["x-served-by"], "/accounts/login/" in walk.page.url) == ("web2", False)
    assert "王秘书" in walk.page.locator("body").inner_text()
    walk.page.context.close()

    # The registration limit (5 per hour per address) counts POSTs on both nodes together (Redis).
    page = new_page(browser)
    page.goto(prodlike.url + "/accounts/register/")
    token = page.locator("[name=csrfmiddlewaretoken]").first.input_value()
    statuses = []
    for node in ["web1", "web2", "web1", "web2", "web1", "web2", "web1"]:
        answer = page.request.post(
            prodlike.url + "/accounts/register/",
            form={"csrfmiddlewaretoken": token, "username": ""},
            headers={"X-QAP-Node": node, "Referer": prodlike.url + "/accounts/register/"},
        )
        statuses.append((answer.headers["x-served-by"], answer.status))
    assert statuses == [
        ("web1", 200),
        ("web2", 200),
        ("web1", 200),
        ("web2", 200),
        ("web1", 200),
        ("web2", 429),
        ("web1", 429),
    ]
    page.context.close()

    # An anonymous visitor's public page cached by web1 is served from the shared cache by web2.
    page = new_page(browser)
    first = page.request.get(prodlike.url + "/calls/", headers={"X-QAP-Node": "web1"})
    second = page.request.get(prodlike.url + "/calls/", headers={"X-QAP-Node": "web2"})
    assert [(r.headers["x-served-by"], r.headers.get("x-page-cache")) for r in (first, second)] == [
        ("web1", "miss"),
        ("web2", "hit"),
    ]
    page.context.close()


def test_one_application_from_submission_to_naming(prodlike, browser, artifacts_dir, tmp_path):
    arranged = prodlike.run("arrange")
    edition_id = arranged["edition_id"]
    pdf_path = tmp_path / "材料.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    walk = Walk(new_page(browser), prodlike, artifacts_dir)
    page = walk.page

    # 1. The enterprise logs in on web1, fills in and uploads on web2 (documents go to S3), submits.
    walk.login(arranged["username"], arranged["password"], "web1")
    walk.on("web2")
    fill_award_application(
        page,
        base_url=prodlike.url,
        edition_id=edition_id,
        contact_name="王五",
        email=arranged["email"],
        pdf_path=pdf_path,
    )
    walk.shot("application-draft")
    walk.on("web1")
    walk.submit("#submit-application")
    walk.shot("application-submitted")
    detail_path = re.search(r"/portal/applications/\d+/", page.url).group(0)

    # 2. The recommender (web2) records the preliminary review and recommends.
    walk.login("rec_qd", DEMO_PASSWORD, "web2")
    walk.goto(detail_path)
    fill_preliminary_review(page, pdf_path)
    walk.submit("#save-preliminary-review")
    page.select_option("[name=action]", "recommend")
    walk.submit("#decide")

    # 3. The secretariat accepts, qualifies and starts the material review (alternating nodes).
    walk.login("staff", DEMO_PASSWORD, "web1")
    walk.goto(detail_path)
    walk.submit("button[value=accept]")
    walk.on("web2")
    page.click("text=资格审查")
    page.check("[name=passed][value='1']")
    page.fill("[name=detail]", "营业执照注册地核验")
    walk.submit("button:has-text('记录结论')")
    walk.on("web1")
    walk.goto(detail_path)
    walk.submit("button[value=qualify]")
    walk.submit("button[value=start_material_review]")
    walk.shot("material-review-started")

    # 4. A panel of three is drawn from the demo's expert pool.
    walk.on("web2")
    walk.goto("/review/staff/")
    page.click("text=组建评审组")
    page.fill("[name=name]", "生产拓扑第一组")
    page.select_option("[name=stage]", "material_review")
    page.get_by_label(re.compile("青岛拓扑装备有限公司")).check()
    page.fill("[name=deadline]", (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=size]", "3")
    walk.submit("#create-panel button[type=submit]")
    panel_path = re.search(r"/review/staff/panel/\d+/", page.url).group(0)
    page.fill("#seed", "prodlike")
    walk.submit("button:has-text('抽取专家')")
    walk.shot("panel-drawn")

    # 5. Each drawn expert declares no conflict and scores, on alternating nodes.
    for number, username in enumerate(prodlike.run("experts", str(edition_id))):
        walk.login(username, DEMO_PASSWORD, ["web1", "web2"][number % 2])
        walk.goto("/review/")
        page.locator("#review-queue tr", has_text="青岛拓扑装备有限公司").locator("a.button").first.click()
        page.wait_for_load_state()
        walk.submit("button:has-text('确认声明')")
        for select in page.locator("#score-form select").all():
            select.select_option("95")
        walk.submit("button[value=submit]")
        assert "评分已提交并封存" in page.locator(".messages").inner_text()

    # 6. The secretariat finalises the scores and sends the dossier to the committee.
    walk.login("staff", DEMO_PASSWORD, "web2")
    walk.goto(panel_path)
    walk.submit("button:has-text('确定本组评分')")
    walk.goto(detail_path)
    walk.submit("button[value=advance_from_material_review]")
    walk.submit("button[value=start_committee_deliberation]")

    # 7. The committee records its ballot on the ranking page.
    walk.login("committee", DEMO_PASSWORD, "web1")
    walk.goto(f"/review/staff/edition/{edition_id}/ranking/")
    fill_committee_ballot(page)
    walk.submit("#ranking button:has-text('记录')")
    walk.shot("committee-ballot")

    # 8. The secretariat opens the public notice; the worker publishes its page, anyone reads it.
    walk.login("staff", DEMO_PASSWORD, "web2")
    walk.goto(f"/objections/staff/open/{edition_id}/")
    page.check("[name=candidates]")
    page.fill("[name=title]", "2026年度青岛市市长质量奖（生产拓扑）拟授奖名单公示")
    walk.submit("button:has-text('发布公示')")
    walk.wait_until("/notices/", "生产拓扑）拟授奖名单公示")
    walk.shot("public-notices")

    # 9. The window ends (moved into the past: the one step not done through the pages); close, approve, name.
    notice_id = prodlike.run("end-notice", str(edition_id))
    walk.on("web1")
    walk.goto(f"/objections/staff/notice/{notice_id}/")
    walk.submit("button:has-text('结束公示')")
    page.check("[name=approved][value='1']")
    page.fill("[name=document_no]", "青政字〔2026〕99号")
    page.fill("[name=approved_on]", timezone.localdate().isoformat())
    walk.on("web2")
    walk.submit("button:has-text('登记')")
    walk.shot("winner-named")

    # 10. The certificate's serial verifies on the public page, and its PDF (rendered by the worker) opens.
    walk.goto("/titles/staff/")
    serial_no = (
        page.locator("tr.title-row", has_text="青岛拓扑装备有限公司").locator("a[href*='/verify/']").inner_text()
    )
    page.context.clear_cookies()
    walk.goto("/titles/verify/")
    page.fill("[name=serial]", serial_no)
    walk.submit("main form button[type=submit]")
    result = page.locator(".verify-result")
    walk.shot("certificate-valid")
    assert (result.get_attribute("data-status"), "青岛拓扑装备有限公司" in result.inner_text()) == ("valid", True)

    # Both nodes answered the walk's pages.
    assert {node for _, node in walk.served} == {"web1", "web2"}

    # E-mails were written by the worker only: the applicant's status updates are in its folder.
    worker_mail = "\n".join(prodlike.mail("worker"))
    assert arranged["email"] in worker_mail
    assert (prodlike.mail("web1"), prodlike.mail("web2")) == ([], [])
    # The certificate was rendered by the worker's task (the web nodes queue it and never render).
    deadline = time.monotonic() + 90
    while not re.search(r"render_certificate(_batch)?\[[^\]]+\] succeeded", prodlike.log("worker")):
        assert time.monotonic() < deadline, prodlike.log("worker")[-3000:]
        time.sleep(1)

    # The same pages at 390 px.
    small = new_page(browser, width=390)
    small.goto(prodlike.url + "/notices/")
    small.screenshot(path=str(artifacts_dir / "prodlike-390-notices.png"), full_page=True)
    small.goto(prodlike.url + "/titles/verify/")
    small.fill("[name=serial]", serial_no)
    with small.expect_navigation():
        small.click("main form button[type=submit]")
    small.screenshot(path=str(artifacts_dir / "prodlike-390-certificate-valid.png"), full_page=True)
    small.context.close()
