"""Screenshots of converted pages in both languages at 1366 and 390 px. Usage: shots.py BASE_URL OUTDIR"""
import sys
from playwright.sync_api import sync_playwright

BASE, OUT = sys.argv[1], sys.argv[2]
PAGES = [
    (None, "home", "/"),
    (None, "notices", "/notices/"),
    (None, "calls", "/calls/"),
    ("ent_haiyue", "portal", "/portal/"),
    ("expert1", "expert-queue", "/review/"),
    ("staff", "staff-award-desk", "/portal/staff/"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
    for lang in ("zh-hans", "en"):
        for who, name, path in PAGES:
            ctx = b.new_context(locale="zh-CN")
            page = ctx.new_page()
            page.set_default_timeout(60000)
            if who:
                page.goto(BASE + "/accounts/login/")
                page.fill("input[name=username]", who)
                page.fill("input[name=password]", "demo-pass-2026")
                page.click("main button[type=submit]")
                page.wait_for_load_state()
            sep = "&" if "?" in path else "?"
            page.goto(BASE + path + sep + "lang=" + lang)
            if name == "calls":
                link = page.locator("main a[href^='/calls/']").first
                if link.count():
                    link.click()
                    page.wait_for_load_state()
                    name = "call-page"
            for width in (1366, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=f"{OUT}/{name}-{lang}-{width}.png", full_page=True)
            ctx.close()
    b.close()
