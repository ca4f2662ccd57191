"""Test infrastructure: real services over HTTP, started once per session.

- S3: moto's server in its own process on 127.0.0.1; every test's default storage is a
  private bucket there, reached through django-storages and presigned URLs.
- Search: a real OpenSearch node when Java and Maven are present (CI), else osmem-server
  (tests/search_engine.py); each test gets an isolated view so tests never see each other's documents.
- PostgreSQL when DATABASE_URL is set (CI), else SQLite.
- Browser tests: Playwright driving Debian's chromium (marker e2e).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

S3_BUCKET = "qap-test-documents"
S3_KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}
for _name, _value in S3_KEYS.items():
    os.environ.setdefault(_name, _value)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # the server answers, even if not with 200
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up within {timeout} s") from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 API server in its own process; yields its endpoint URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/moto-api/")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_storage_settings(s3_server):
    import boto3

    from config.settings import s3_storage_options

    boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=S3_BUCKET)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options(S3_BUCKET, s3_server)}


@pytest.fixture(scope="session")
def search_engine(request, tmp_path_factory):
    """The session's search engine (tests/search_engine.py): OpenSearch or osmem-server."""
    from tests.search_engine import OpenSearchNode, OsmemEngine, engine_kind

    if engine_kind() == "opensearch":
        engine = OpenSearchNode(tmp_path_factory.mktemp("opensearch"))
    else:
        engine = OsmemEngine(request.getfixturevalue("osmem_server"))
    yield engine
    engine.close()


@pytest.fixture(scope="session", autouse=True)
def _services_for_the_session(s3_storage_settings, search_engine):
    """Point default storage at the S3 server and search at the session's engine for every test."""
    from django.conf import settings
    from django.test import override_settings

    storages = {**settings.STORAGES, "default": s3_storage_settings}
    override = override_settings(
        STORAGES=storages,
        SEARCH_URL=search_engine.url,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CELERY_TASK_ALWAYS_EAGER=True,
        # Background jobs run in the caller on commit, so tests can assert their outcome; the thread
        # of the embedded default has its own test (tests/review/test_export_jobs.py).
        BACKGROUND_EAGER_THREAD=False,
        # Hardening that would get in the way of other tests (client.login as staff, repeated
        # registrations, pages changing between tests); tests/quality turns each one on.
        OTP_REQUIRED_FOR_STAFF=False,
        RATE_LIMIT_ENABLED=False,
        PUBLIC_PAGE_CACHE_SECONDS=0,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def isolated_search(search_engine, settings):
    """Each test searches an empty view of its own (see tests/search_engine.py)."""
    with search_engine.isolated(settings) as view:
        yield view


# --- browser -----------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Where browser tests save screenshots (kept out of git)."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def pytest_collection_modifyitems(config, items):
    """Transactional tests do not use serialized rollback: a late request to the live server can
    re-create content types after the flush, and the restore then collides with them (UNIQUE on SQLite,
    a reference-index foreign key on PostgreSQL). They re-create what data migrations provide instead
    (`_migration_data_for_transactional_tests`)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use pytest.mark.django_db(transaction=True) without serialized_rollback"
            )


def restore_migration_data() -> None:
    """Re-create, when missing, the rows data migrations provide: Wagtail's locale, root page and root
    collection, the audit-chain head and the seeded criteria frameworks. A transactional test's flush
    removes them (content types and permissions come back through post_migrate)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    from brands.indicators import load_bundled_zone_framework
    from cities.frameworks import load_frameworks as load_city_frameworks
    from workflows.criteria import load_bundled_framework
    from workflows.models import AuditChainHead, CriteriaFramework, Criterion
    from workflows.retention.defaults import load_default_periods
    from workflows.retention.models import RetentionPeriod

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings_language_code())
    )
    if not Page.objects.filter(depth=1).exists():
        Page.objects.create(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=locale,
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if not CriteriaFramework.objects.filter(code="gbt19580-2012").exists():
        load_bundled_framework("gbt19580-2012", CriteriaFramework, Criterion)
    if not CriteriaFramework.objects.exclude(code="gbt19580-2012").exists():
        load_bundled_zone_framework(CriteriaFramework, Criterion, apps.get_model("brands", "IndicatorMethod"))
    load_city_frameworks(CriteriaFramework, Criterion)  # get_or_create: the hearing and acceptance sets
    AuditChainHead.objects.get_or_create(pk=1)
    load_default_periods(RetentionPeriod)


def settings_language_code() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE


@pytest.fixture
def warm_content_types():
    """Every model's ContentType row read before a query pin counts a request.

    Django keeps content types per process on purpose (ContentTypeManager's cache, never cleared
    between tests, valid for the whole run since the rows come from migrations): the first
    `get_for_model` of a model in a process is a query, every later one none. A pin counts the
    queries of a request in a warm process, whichever test happens to run first."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture(autouse=True)
def _forget_remembered_rows():
    # The site and settings rows public pages remember between requests (cms/memo.py) belong to the
    # test that read them: a rolled-back test's site must not route the next test's pages.
    from cms.memo import forget

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _default_language():
    # A request served in English leaves English active in this thread (LocaleMiddleware activates
    # per request and never resets); every test starts in the site's default language.
    from django.utils import translation

    translation.activate(settings_language_code())
    yield
    translation.activate(settings_language_code())


@pytest.fixture(autouse=True)
def _migration_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # the database is set up (and flushed after) first
    clear_content_type_cache()
    restore_migration_data()
    yield


def clear_content_type_cache() -> None:
    # After a flush the content-type ids can change; a cached id would point nowhere.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def seal(settings, tmp_path):
    """A test CA and a seal certificate it issued, configured as the bureau's seal (tests/seal_ca.py)."""
    from tests.seal_ca import configure_seal, make_seal

    files = make_seal(tmp_path / "seal")
    configure_seal(settings, files)
    return files
