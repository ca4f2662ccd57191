"""The Content-Security-Policy in a real browser: no violations, and the language switch still works."""

import pytest

import cms.demo
from tests.factories import EditionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console", lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None
    )
    return messages


def test_public_pages_run_under_the_policy_without_violations(live_server, page, artifacts_dir):
    cms.demo.seed(editions={"demo-call": EditionFactory()})
    violations = csp_violations(page)

    for path in ("/", "/calls/demo-call/", "/accounts/login/", "/api/v1/docs"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir / "api-docs.png"), full_page=True)

    assert violations == []


def test_language_switch_works_under_the_policy(live_server, page):
    cms.demo.seed()
    violations = csp_violations(page)
    page.goto(live_server.url + "/")

    with page.expect_navigation():
        page.click("button[name=language][value=en]")

    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []
