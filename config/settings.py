"""Settings for the Quality Awards Platform.

Everything comes from the environment (12-factor) with embedded defaults, so a fresh
checkout runs with no configuration at all: SQLite, local files, database search,
Celery in-process, console email. The README's settings table lists every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
# The embedded default keeps its SQLite file and documents here; a fresh checkout has no such folder.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)
# The "django-insecure-" prefix makes `check --deploy` refuse this key in production (W009).
SECRET_KEY = env("SECRET_KEY", "django-insecure-dev-key-change-me-in-production-3f9a7c1e5b2d")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def served_url(argv: list[str], default: str = "http://127.0.0.1:8000") -> str:
    """The address `manage.py runserver [addr:]port` serves, so that links in emails and certificates
    made by a development server point back at it; anything else gets `default` (`make run`'s address)."""
    if "runserver" not in argv:
        return default
    rest = [arg for arg in argv[argv.index("runserver") + 1 :] if not arg.startswith("-")]
    if not rest:
        return default
    host, _sep, port = rest[0].rpartition(":")
    if not port.isdigit():
        return default
    if host in ("", "0", "0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# Absolute base URL used in emails, certificate QR codes and Wagtail admin links. `make run` passes its
# own HOST and PORT; a development server started by hand is found from its command line.
SITE_URL = env("SITE_URL", served_url(sys.argv)).rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "workflows",
    "workflows.review",
    "workflows.documents",
    "workflows.eligibility",
    "workflows.notifications",
    "workflows.notices",
    "workflows.titles",
    "workflows.retention",
    "workflows.saved_filters",
    "workflows.surveys",
    "awards",
    "brands",
    "cities",
    "cms",
    "search",
    "api",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.language.LanguageFromQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL and other control characters in any input: 400/422 with a message (config/input_cleaning.py).
    "config.input_cleaning.RejectControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A download of a document erased at the end of its retention period: a page, 410 (docs/retention.md).
    "workflows.documents.middleware.RemovedDocumentMiddleware",
    # Hardening (accounts/middleware.py): headers on every response, 2FA gate, POST rate limits,
    # then the anonymous page cache (config/page_cache.py); axes must come last.
    "accounts.middleware.SecurityHeadersMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "accounts.middleware.RateLimitMiddleware",
    "config.page_cache.PublicPageCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "workflows.context_processors.staff_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while the dev server writes; transactions that lock on begin.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off on long analytical queries, and a request's queries are short.
    # The search statement's estimated cost crosses jit_above_cost, and compiling it took longer
    # than running it (docs/performance.md, "Database search backend").
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Files: local folder by default, private S3 bucket when S3_BUCKET is set -------------
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

S3_BUCKET = env("S3_BUCKET")
S3_PRESIGN_SECONDS = int(env("S3_PRESIGN_SECONDS", "300"))


S3_CONNECT_TIMEOUT_SECONDS = float(env("S3_CONNECT_TIMEOUT_SECONDS", "3"))
S3_READ_TIMEOUT_SECONDS = float(env("S3_READ_TIMEOUT_SECONDS", "10"))
S3_MAX_ATTEMPTS = int(env("S3_MAX_ATTEMPTS", "3"))


def s3_client_config():
    """Short timeouts and a few retries, so a down or hung store ends in a message, not a blocked worker."""
    from botocore.config import Config

    return Config(
        s3={"addressing_style": "path"},
        signature_version="s3v4",
        connect_timeout=S3_CONNECT_TIMEOUT_SECONDS,
        read_timeout=S3_READ_TIMEOUT_SECONDS,
        retries={"max_attempts": S3_MAX_ATTEMPTS, "mode": "standard"},
    )


def s3_storage_options(bucket: str, endpoint_url: str = "", region: str = "") -> dict:
    """django-storages options for a private bucket with short-lived v4 presigned URLs."""
    return {
        "client_config": s3_client_config(),
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": env("S3_ACCESS_KEY_ID") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
        "region_name": region or env("S3_REGION", "us-east-1"),
        "signature_version": "s3v4",
        "addressing_style": "path",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": S3_PRESIGN_SECONDS,
        "file_overwrite": False,
    }


if S3_BUCKET:
    DEFAULT_FILE_STORAGE_SETTINGS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(S3_BUCKET, env("S3_ENDPOINT_URL")),
    }
else:
    DEFAULT_FILE_STORAGE_SETTINGS = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }

STORAGES = {
    "default": DEFAULT_FILE_STORAGE_SETTINGS,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded documents larger than this are refused (bytes).
DOCUMENT_MAX_BYTES = int(env("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))

# Electronic seal on issued PDFs (workflows/documents/seal.py, docs/electronic-seal.md): a PAdES
# signature with this certificate and key (PEM); unsealed when they are not set.
SEAL_CERTIFICATE_FILE = env("SEAL_CERTIFICATE_FILE")
SEAL_KEY_FILE = env("SEAL_KEY_FILE")
SEAL_KEY_PASSWORD = env("SEAL_KEY_PASSWORD")
SEAL_CHAIN_FILE = env("SEAL_CHAIN_FILE")
SEAL_TRUST_ROOTS_FILE = env("SEAL_TRUST_ROOTS_FILE")
SEAL_SIGNER_NAME = env("SEAL_SIGNER_NAME")
SEAL_LOCATION = env("SEAL_LOCATION")
# Accepted upload types, detected from the file's content (magic bytes), not its extension.
DOCUMENT_ALLOWED_TYPES = env_list(
    "DOCUMENT_ALLOWED_TYPES",
    "application/pdf,image/jpeg,image/png,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Search: database backend by default, Elasticsearch/OpenSearch when SEARCH_URL is set --
SEARCH_URL = env("SEARCH_URL")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "qap")
# cjk (bigrams) works everywhere; ik_max_word or smartcn where the cluster has the plugin.
SEARCH_ANALYZER = env("SEARCH_ANALYZER", "cjk")
SEARCH_TIMEOUT_SECONDS = float(env("SEARCH_TIMEOUT_SECONDS", "10"))
# The database backend counts hits and facets exactly up to this many results, as Elasticsearch's
# track_total_hits does by default; beyond it the page says "10,000+" (docs/performance.md).
SEARCH_TRACK_TOTAL_HITS = int(env("SEARCH_TRACK_TOTAL_HITS", "10000"))

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background work and cache: in-process by default, Redis when REDIS_URL is set -------
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# Bounded memory per worker process (docs/performance.md): WeasyPrint and openpyxl keep caches that
# grow with every document, so a worker child is replaced after this many tasks or once its resident
# memory passes this many KiB (checked after each task), whichever comes first.
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(env("CELERY_WORKER_MAX_TASKS_PER_CHILD", "50"))
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(env("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(400 * 1024)))
# One long task (an export, a certificate batch) at a time per child: no prefetched backlog behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Certificates conferred together are rendered in batches of this many, one task each.
CERTIFICATE_BATCH_SIZE = int(env("CERTIFICATE_BATCH_SIZE", "20"))
# Eager Celery (the embedded default) runs background jobs (exports, certificate batches) on a
# thread of the web process so the request returns first (workflows/background.py).
BACKGROUND_EAGER_THREAD = env_bool("BACKGROUND_EAGER_THREAD", True)
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict = {}
# Expert review: remind experts with unsubmitted scores as panel deadlines approach.
CELERY_BEAT_SCHEDULE["review-reminders"] = {"task": "workflows.review.tasks.send_review_reminders", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["review-overdue"] = {"task": "workflows.review.tasks.escalate_overdue_experts", "schedule": 3600.0}
# Demonstration zones: creation deadlines (creation_failed) and reminders, checked hourly.
CELERY_BEAT_SCHEDULE["zones-overdue-creations"] = {
    "task": "brands.tasks.fail_overdue_zone_creations",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["zones-reminders"] = {"task": "brands.tasks.send_zone_reminders", "schedule": 3600.0}
# Quality cities: a creation period that ended without an acceptance application fails (daily; idempotent).
CELERY_BEAT_SCHEDULE["cities-overdue-creations"] = {
    "task": "cities.tasks.fail_overdue_city_creations",
    "schedule": 86400.0,
}
# Cities: a named city enters its renewal review the edition's lead days before its period ends.
CELERY_BEAT_SCHEDULE["cities-renewal-reviews"] = {
    "task": "cities.tasks.start_due_city_renewal_reviews",
    "schedule": 3600.0,
}
# Titles: active titles past their last valid day become expired (checked hourly; idempotent).
CELERY_BEAT_SCHEDULE["titles-expiry"] = {"task": "workflows.titles.tasks.expire_due_titles", "schedule": 3600.0}
# Award dossiers whose correction window ended become not recommended (awards/services.py).
CELERY_BEAT_SCHEDULE["awards-expire-corrections"] = {
    "task": "awards.tasks.expire_overdue_corrections",
    "schedule": 900.0,
}
# Audit chain (docs/audit-chain.md): the HMAC key lives in the environment, never in the database;
# a signed checkpoint of the chain head is written to the document store and published hourly.
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", "")
AUDIT_CHECKPOINT_FOLDER = env("AUDIT_CHECKPOINT_FOLDER", "audit-checkpoints")
AUDIT_CHECKPOINT_RETENTION_DAYS = int(env("AUDIT_CHECKPOINT_RETENTION_DAYS", "3650"))

# Credit screening (docs/credit-screening.md): the registries cannot be reached from here, so the
# default client answers from recorded responses; a bureau names its gateway client instead.
CREDIT_REGISTRY_CLIENT = env("CREDIT_REGISTRY_CLIENT", "workflows.eligibility.credit.RecordedResponses")
CREDIT_REGISTRY_RECORDINGS = env(
    "CREDIT_REGISTRY_RECORDINGS", str(BASE_DIR / "workflows" / "eligibility" / "data" / "credit_recordings.json")
)
CELERY_BEAT_SCHEDULE["audit-checkpoint"] = {
    "task": "workflows.tasks.write_audit_checkpoint_task",
    "schedule": float(env("AUDIT_CHECKPOINT_SECONDS", "3600")),
}
# Retention (docs/retention.md, "Schedule"): the purge runs daily; it erases only where the operator
# sets RETENTION_PURGE_APPLY=true once the bureau has confirmed the periods. Otherwise it is a dry run
# that logs what would be erased (a fresh checkout, the demo, a staging copy never erase).
RETENTION_PURGE_APPLY = env_bool("RETENTION_PURGE_APPLY", False)
CELERY_BEAT_SCHEDULE["retention-purge"] = {
    "task": "workflows.retention.tasks.purge_expired_task",
    "schedule": float(env("RETENTION_PURGE_SECONDS", "86400")),
}
# Search: drain the indexing outbox left by an outage (pushes normally run right after commit).
CELERY_BEAT_SCHEDULE["search-push-outbox"] = {"task": "search.tasks.push_outbox_task", "schedule": 60.0}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate-limit counters must be shared by every worker process and incremented atomically: Redis
# when there is one, else the accounts.RateLimitCounter table (docs/rate-limits.md). check
# --deploy warns when CACHES['ratelimit'] is set to a per-process cache.
RATE_LIMIT_CACHE = "ratelimit"
if REDIS_URL:
    CACHES[RATE_LIMIT_CACHE] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}

# --- Email -------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env("EMAIL_FILE_PATH"):
    # One file per message in this folder (scripts/prodlike gives each process kind its own).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@quality-awards.example")

# --- Auth --------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Failed-login lockout first (django-axes), then the normal model backend.
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"

# Single sign-on through the portal's 统一身份认证 (OpenID Connect, accounts/oidc.py): on when an
# issuer and a client id are set. Endpoints come from the issuer's discovery document.
OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env("OIDC_SCOPES", "openid profile phone")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", "RS256")
OIDC_TOKEN_USE_BASIC_AUTH = env("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic") == "client_secret_basic"
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "统一身份认证")
OIDC_CLAIMS = {
    "name": env("OIDC_CLAIM_NAME", "name"),
    "phone": env("OIDC_CLAIM_PHONE", "phone_number"),
    "id_number": env("OIDC_CLAIM_ID_NUMBER", "id_card_number"),
    "credit_code": env("OIDC_CLAIM_CREDIT_CODE", "org_credit_code"),
    "organization_name": env("OIDC_CLAIM_ORGANIZATION_NAME", "org_name"),
}
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
AUTHENTICATION_BACKENDS.append("accounts.oidc.PortalIdentityBackend")

# Two-factor (TOTP, django-otp) for secretariat, site admins and experts: always on in production
# (DEBUG=false); off in the local demo so the printed demo logins work without an authenticator app.
# Tests switch it off globally (tests/conftest.py) and on where they test it.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", not DEBUG)
OTP_TOTP_ISSUER = env("SITE_NAME", "质量奖与品牌示范区评审平台")

# Failed-login lockout (django-axes): per username + IP, so one office behind a NAT is not locked
# out by a single user's typos; covers our login, the Wagtail admin login and the Django admin.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(env("LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lockouts, rate limits and objection records key on the client's address (accounts/network.py), which
# believes X-Forwarded-For only from these reverse proxies (addresses or networks); see docs/deployment.md.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address"

# POST rate limits per client IP through the Django cache: URL name -> "count/seconds".
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMITS = {
    "accounts:login": env("LOGIN_RATE_LIMIT", "20/300"),
    "wagtailadmin_login": env("LOGIN_RATE_LIMIT", "20/300"),
    "admin:login": env("LOGIN_RATE_LIMIT", "20/300"),
    "wagtailcore_login": env("LOGIN_RATE_LIMIT", "20/300"),
    "accounts:register": env("REGISTRATION_RATE_LIMIT", "5/3600"),
    # Public objection form (no account): a person files a few, a flood is refused.
    "notices:file_objection": "5/3600",
    # Public satisfaction survey of a creating city (no account): SMS codes and answers per address.
    "cities:survey_code": "10/3600",
    "cities:survey": "20/3600",
}

# Anonymous GETs of Wagtail pages are cached this many seconds (0 turns it off).
PUBLIC_PAGE_CACHE_SECONDS = int(env("PUBLIC_PAGE_CACHE_SECONDS", "30"))
# How long a web process serves a copy it just read from the shared cache without asking again
# (config/page_cache.py, docs/performance.md): after a publish, other processes follow within this.
PUBLIC_PAGE_LOCAL_SECONDS = float(env("PUBLIC_PAGE_LOCAL_SECONDS", "1"))
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"

# --- Language and time -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", "质量奖与品牌示范区评审平台")
WAGTAILADMIN_BASE_URL = SITE_URL
# No Gravatar: the CSP blocks it and staff e-mail addresses must not leave the site; the admin shows its
# local default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call to wagtail.org from the admin (its release check): deployments sit on government networks and the
# CSP allows no third-party requests; upgrades are planned, not prompted by a banner.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Office (OOXML) uploads are ZIP archives: refuse those that inflate beyond this size or ratio (ZIP bombs).
DOCUMENT_OOXML_MAX_UNCOMPRESSED_BYTES = int(env("DOCUMENT_OOXML_MAX_UNCOMPRESSED_MB", "200")) * 1024 * 1024
DOCUMENT_OOXML_MAX_RATIO = int(env("DOCUMENT_OOXML_MAX_RATIO", "100"))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security (production: DEBUG=false) ----------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's live preview shows pages in a same-origin iframe, so framing stays SAMEORIGIN
# (the CSP's frame-ancestors 'self' says the same): other origins can never frame the site.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (accounts.middleware.SecurityHeadersMiddleware). The public site runs
# no inline script except the language switch's onchange handler, allowed by its hash.
CSP_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-hashes' "
    "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
# Wagtail's admin (rich-text editor, previews) still needs inline styles and scripts.
CSP_ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'; frame-src 'self'"
)
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
