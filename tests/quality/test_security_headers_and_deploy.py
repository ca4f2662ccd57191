"""Security headers on every response, and production settings that pass `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import cms.demo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


def test_public_pages_forbid_inline_script_and_foreign_sources(client):
    cms.demo.seed()

    response = client.get("/")

    policy = directives(response["Content-Security-Policy"])
    assert response.status_code == 200
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "http" not in policy["script-src"]


def test_admin_gets_its_own_policy_for_the_rich_text_editor(client):
    response = client.get("/admin/login/")

    assert "'unsafe-inline'" in directives(response["Content-Security-Policy"])["script-src"]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_standard_security_headers(client, header, value):
    assert client.get("/accounts/login/")[header] == value


def test_permissions_policy_denies_camera_and_location(client):
    policy = client.get("/accounts/login/")["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy


def test_api_responses_carry_the_headers_too(client):
    response = client.get("/api/v1/calls")

    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def production_environment(tmp_path) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="zlj.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://zlj.example.gov.cn",
        SITE_URL="https://zlj.example.gov.cn",
        DATA_DIR=str(tmp_path),
    )
    return env


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_fail_with_the_development_secret_key(tmp_path):
    env = production_environment(tmp_path)
    del env["SECRET_KEY"]  # the embedded development key

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "security.W009" in result.stderr
