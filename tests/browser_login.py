"""Browser tests log in by session cookie: the password and one-time-code flows have their own tests
(tests/accounts, tests/quality/test_two_factor.py), so the walk-throughs need not repeat them."""

from django.conf import settings
from django.test import Client


def login_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
