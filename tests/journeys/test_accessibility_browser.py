"""Issue 13: axe-core (the npm package, injected by Playwright) over every public page and each role's main
desks finds no critical or serious violation of WCAG 2.1 A/AA (GB/T 37668-2019 follows WCAG 2.0/2.1).

The pages are the phone test's (tests/journeys/test_phone_width_browser.py), on the demo data, at 1366 px
and at 390 px. Wagtail's own user bar (shown to staff, with its own checker) is not our page and is excluded.
"""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.axe import axe_script
from tests.browser_login import login_as

from .test_phone_width_browser import PUBLIC, desk_paths, live_pages

pytestmark = pytest.mark.django_db(transaction=True)

RUN_AXE = """async () => {
  const result = await axe.run({exclude: [["wagtail-userbar"], [".w-userbar"]]},
                               {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  return result.violations.filter(v => v.impact === "critical" || v.impact === "serious")
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def findings(page, script) -> list[str]:
    page.add_script_tag(path=str(script))
    return [f"{v['impact']} {v['id']}: {', '.join(v['nodes'])}" for v in page.evaluate(RUN_AXE)]


@pytest.fixture
def page(browser):
    """A page whose context lets the injected axe script run (the site's CSP refuses inline scripts)."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_no_critical_or_serious_violations(demo, live_server, page, width):
    script = axe_script()
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, list[str]] = {}

    def check(who: str, path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response.status == 200, (who, path, response.status)
        if problems := findings(page, script):
            found[f"{who} {path}"] = problems

    for path in PUBLIC + live_pages():
        check("anonymous", path)
    for username, paths in desk_paths().items():
        login_as(page, live_server, User.objects.get(username=username))
        for path in paths:
            check(username, path)

    assert found == {}
