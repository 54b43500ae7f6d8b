"""Django settings, read from the environment so one code base serves a laptop and a team server.

EARNEST_HOME           folder for the SQLite database and other local state
                       (default: the platform's user data folder)
EARNEST_DATABASE_URL   a database URL; PostgreSQL for teams (default: SQLite in EARNEST_HOME)
EARNEST_SECRET_KEY     the signing key (default: a random key kept in EARNEST_HOME/secret_key)
EARNEST_DEBUG          "1" to turn on Django's debug pages (never on a server; `earnest serve` ignores it)
EARNEST_ALLOWED_HOSTS  comma-separated host names the server answers to
EARNEST_REDIS_URL      a Redis URL: the read cache shared by several servers (default: a folder in EARNEST_HOME)
EARNEST_BACKGROUND_REFRESH  "1" to catch many stale verdicts up in a background thread (a long-lived
                       server: `earnest serve` and `earnest.web.wsgi` turn it on unless set to "0")
"""

from __future__ import annotations

import hashlib
import os
import secrets
from importlib import metadata
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs

from earnest.domain.rules_version import RULES_VERSION


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise RuntimeError(f"{name} must be 1 or 0, not {value!r}")


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


EARNEST_HOME = Path(os.environ.get("EARNEST_HOME") or platformdirs.user_data_dir("earnest"))


def _secret_key() -> str:
    if key := os.environ.get("EARNEST_SECRET_KEY"):
        return key
    if key_file := os.environ.get("EARNEST_SECRET_KEY_FILE"):
        return Path(key_file).read_text().strip()
    path = EARNEST_HOME / "secret_key"
    if path.exists():
        return path.read_text().strip()
    _private_home()
    key = secrets.token_urlsafe(50)
    _private_file(path)
    path.write_text(key)
    return key


def _private_home() -> None:
    """EARNEST_HOME holds the database, the cache (session data) and the key: only its owner may look in.

    A folder created here gets mode 0700; one that already exists (the user's own choice) is left alone.
    """
    if not EARNEST_HOME.exists():
        EARNEST_HOME.mkdir(parents=True, mode=0o700)
        EARNEST_HOME.chmod(0o700)  # mkdir's mode is masked by the umask


def _private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 unless it exists, before SQLite or Python opens it with the umask's."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _database() -> dict[str, Any]:
    url = os.environ.get("EARNEST_DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _SQLITE_OPTIONS
        elif config["ENGINE"] == "django.db.backends.postgresql":
            # Let the server bind parameters: bulk writes of JSON no longer pay for client-side quoting.
            config.setdefault("OPTIONS", {})["server_side_binding"] = True
        return config
    _private_home()
    # SQLite gives the -wal and -shm files the database file's own mode, so 0600 covers them too.
    _private_file(EARNEST_HOME / "earnest.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(EARNEST_HOME / "earnest.sqlite3"),
        "OPTIONS": _SQLITE_OPTIONS,
    }


# WAL lets the web server read while the CLI writes; the busy timeout makes a
# writer wait for a lock instead of failing at once; IMMEDIATE transactions
# take the write lock up front so two writers cannot deadlock on upgrade.
# The timeout is short on purpose: a web request that still finds the database locked after it
# answers 503 with Retry-After (earnest.web.middleware) instead of holding a server thread for 20 s.
SQLITE_BUSY_TIMEOUT_SECONDS = 5
_SQLITE_OPTIONS = {
    "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}

SECRET_KEY = _secret_key()
DEBUG = _env_bool("EARNEST_DEBUG")
ALLOWED_HOSTS = _env_list("EARNEST_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "earnest.ledger",
    "earnest.api",
    "earnest.transfer",
    "django_htmx",
    # Only for its templates and static files: the API docs load Swagger UI from the package, not a CDN.
    "ninja",
    "earnest.accounts",
    "earnest.webui",
]

MIDDLEWARE = [
    "earnest.web.middleware.RequestIdMiddleware",
    "earnest.web.middleware.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "earnest.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "earnest.ledger.derived.audit.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "earnest.web.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "earnest.web.urls"
WSGI_APPLICATION = "earnest.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "earnest.webui.context.frame",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _code_version() -> str:
    """The release and the rules version: cached reads of one release are never served by another."""
    try:
        release = metadata.version("earnest")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        release = "0"
    return f"{release}-r{RULES_VERSION}"


def _cache_prefix() -> str:
    """Keys carry the database they describe and the code that computed them.

    Two databases used from one EARNEST_HOME (SQLite, then PostgreSQL) must never answer for
    each other, and after an upgrade no page cached by the old release is shown."""
    db = DATABASES["default"]
    identity = f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"
    return f"{hashlib.sha256(identity.encode()).hexdigest()[:12]}.{_code_version()}"


def _cache() -> dict:
    """One cache that every worker process, and with Redis every server, shares: one's work serves all.

    By default a folder in EARNEST_HOME, which serves the workers of one machine. Several
    servers on one database set EARNEST_REDIS_URL to share a Redis server instead, so that a
    change made through one retires the pages the others cached."""
    if redis_url := os.environ.get("EARNEST_REDIS_URL"):
        try:
            import redis  # noqa: F401  (Django's backend imports it only on first use)
        except ImportError as missing:
            raise RuntimeError("EARNEST_REDIS_URL needs the redis package: pip install 'earnest[redis]'") from missing
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": _cache_prefix(),
        }
    _private_home()
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(EARNEST_HOME / "cache"),
        "KEY_PREFIX": _cache_prefix(),
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    }


CACHES = {"default": _cache()}

# Catching many stale verdicts up in a thread needs a process that outlives the request: a server.
# `earnest serve` and `earnest.web.wsgi` turn it on unless it is set; commands and tests recompute
# inline (`earnest.ledger.derived.snapshots.background_enabled`).
EARNEST_BACKGROUND_REFRESH = _env_bool("EARNEST_BACKGROUND_REFRESH")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("EARNEST_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = EARNEST_HOME / "static"
# `earnest serve` collects static files into STATIC_ROOT; finders cover a server started without it.
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the root, /favicon.ico above all (pages link the SVG in webui/static).
WHITENOISE_ROOT = Path(__file__).resolve().parent / "root"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
# A password reset link (emailed, or printed by `earnest resetlink`) works once, for a day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

EMAIL_BACKEND = os.environ.get("EARNEST_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Uploaded files may be as large as the importers accept (20 MB: earnest.transfer.files.MAX_BYTES); the
# import pages refuse larger ones with a message in the page. Django does not count file data against
# DATA_UPLOAD_MAX_MEMORY_SIZE (it limits the form's other fields), and it streams files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file instead of holding them in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind a TLS-terminating reverse proxy (EARNEST_HTTPS=1): trust its X-Forwarded-Proto,
# send cookies only over HTTPS, redirect plain HTTP, and ask browsers to remember that.
EARNEST_HTTPS = _env_bool("EARNEST_HTTPS")
if EARNEST_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("EARNEST_HSTS_SECONDS", "31536000"))
CSRF_TRUSTED_ORIGINS = _env_list("EARNEST_CSRF_TRUSTED_ORIGINS", "")

# API lists: a page is at most 200 items, and no offset beyond what a database can answer.
NINJA_PAGINATION_CLASS = "earnest.api.pagination.BoundedPagination"

# Errors reach stderr with the request's id (also in the X-Request-ID header and on the 500 page);
# `earnest serve` adds gunicorn's access log there too. 4xx answers are logged only as warnings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "earnest.web.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "earnest": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# API rate limits (earnest.api.limits): requests per minute for each token, and for each person over
# all their tokens and their browser session. Interactive analysis has its own, smaller allowance.
API_RATE_PER_TOKEN = 240
API_RATE_PER_USER = 480
API_ANALYZE_RATE_PER_USER = 20
