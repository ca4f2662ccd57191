import pytest
from django.core.management import call_command


@pytest.fixture
def demo(settings):
    """The data `make run` serves: seed_demo, as the independent checks start from it."""
    settings.RATE_LIMIT_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def shoot(page, folder, name: str) -> None:
    """Full-page screenshots at desktop (1366 px) and phone (390 px) widths."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
