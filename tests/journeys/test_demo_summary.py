"""`make run` tells the truth: links point at the server it starts, and seed_demo ends with a summary of
who to log in as and where to start, not raw MIME emails (issue 18, "Demo that tells the truth")."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from config.settings import served_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["manage.py", "runserver"], "http://127.0.0.1:8000"),
        (["manage.py", "runserver", "8123"], "http://127.0.0.1:8123"),
        (["manage.py", "runserver", "--noreload", "localhost:9001"], "http://localhost:9001"),
        (["manage.py", "runserver", "0.0.0.0:8080"], "http://127.0.0.1:8080"),
        (["manage.py", "seed_demo"], "http://127.0.0.1:8000"),
    ],
)
def test_a_development_server_started_by_hand_is_where_links_point(argv, expected):
    assert served_url(argv) == expected


def test_make_run_hands_its_host_and_port_to_the_seed_and_the_server():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    seeding = [line for line in dry_run if "manage.py seed_demo" in line]
    serving = [line for line in dry_run if "manage.py runserver" in line]
    assert seeding == ["SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py seed_demo"]
    assert serving == ["SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py runserver 127.0.0.1:8123"]


@pytest.mark.django_db(transaction=True)
def test_seed_demo_prints_logins_roles_and_where_to_start_instead_of_emails(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    printed = out.getvalue() + capsys.readouterr().out
    assert "Content-Type:" not in printed and "MIME-Version" not in printed
    summary = printed[printed.index("演示账号") :].splitlines()
    assert "密码均为" in summary[0] and "http://127.0.0.1:8123/accounts/login/" in summary[0]
    staff = summary.index(next(line for line in summary if line.strip().startswith("staff ")))
    assert "评审办" in summary[staff]
    assert "http://127.0.0.1:8123/portal/staff/" in summary[staff + 1]
    assert any(line.strip().startswith("ent_xinrui") and "自行注册" in line for line in summary)
    held = next(line for line in summary if "封通知邮件未打印" in line)
    assert not held.startswith("演示数据产生的0封")
