"""NUL and other control characters in any input are refused with a message, on every URL.

On PostgreSQL a NUL in a query parameter used to reach the database and end in a 500.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _example_paths(patterns, prefix: str = "") -> list[str]:
    """One concrete path per route of the URL configuration (regex routes without groups)."""
    paths: list[str] = []
    for entry in patterns:
        pattern = entry.pattern
        route = getattr(pattern, "_route", None)
        if route is None:
            regex = pattern.regex.pattern
            if "(" in regex:
                continue
            route = regex.lstrip("^").rstrip("$").replace("\\", "")
        route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "x"), route)
        if isinstance(entry, URLResolver):
            paths += _example_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


ALL_PATHS = _example_paths(get_resolver().url_patterns)


def test_the_walk_covers_the_whole_site():
    for expected in ["/api/v1/winners", "/titles/winners/", "/objections/", "/review/", "/audit/checkpoints/"]:
        assert any(path.startswith(expected) for path in ALL_PATHS), expected
    assert len(ALL_PATHS) > 100


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f"])
def test_every_url_refuses_a_control_character_in_a_query_parameter(client, character):
    answers = {path: client.get(path, {"q": f"a{character}b"}).status_code for path in ALL_PATHS}
    expected = {path: 422 if path.startswith("/api/") else 400 for path in ALL_PATHS}
    assert answers == expected


def test_every_url_refuses_a_nul_in_a_posted_form_field_even_when_signed_in(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    answers = {path: client.post(path, {"name": "ok", "note": "x\x00"}).status_code for path in ALL_PATHS}
    expected = {path: 422 if path.startswith("/api/") else 400 for path in ALL_PATHS}
    assert answers == expected


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/winners?program=%00",
        "/api/v1/calls?program=%00",
        "/api/v1/notices?program=%00",
        "/api/v1/zones?industry=%00",
        "/api/v1/zones?province=%00",
    ],
)
def test_the_api_names_the_offending_parameter(client, url):
    response = client.get(url)
    name = url.split("?")[1].split("=")[0]
    assert (response.status_code, response.json()["errors"][0]["loc"]) == (422, ["query", name])
    assert "控制字符" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/titles/winners/?program=%00", "/zones/?industry=%00", "/search/?q=a%00"])
def test_pages_answer_400_with_a_message_naming_the_field(client, url):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 400
    assert "控制字符" in body
    assert f"<code>{url.split('?')[1].split('=')[0]}</code>" in body


def test_tab_and_newlines_in_a_text_area_are_still_accepted(client):
    response = client.get("/titles/winners/", {"program": "a\tb\r\nc"})
    assert response.status_code == 200


def test_a_json_body_with_a_nul_is_refused(client):
    response = client.post("/api/v1/calls", data='{"title": "a\\u0000"}', content_type="application/json")
    assert (response.status_code, response.json()["errors"][0]["loc"]) == (422, ["body", "title"])
