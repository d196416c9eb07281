"""Django settings for dualpath. Every value comes from the environment (docs/settings.md).

Safe by default: DEBUG off, no secret key unless one is given (``DUALPATH_SECRET_KEY`` or
``DUALPATH_SECRET_KEY_FILE``) or development mode is on (``DUALPATH_DEV``, set by
``dualpath serve`` and the tests), SQLite in ``DUALPATH_DATA_DIR`` unless ``DATABASE_URL``
names another database, and sessions kept in a signed cookie so an anonymous self-check
writes nothing to the database unless the person chooses to save it.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from dualpath.web.lib.database_url import parse_database_url
from dualpath.web.lib.env import env_bool, env_choice, env_int, env_list, env_str

WEB_DIR = Path(__file__).resolve().parent

DEV = env_bool("DUALPATH_DEV", False)
DEBUG = env_bool("DUALPATH_DEBUG", False)
DATA_DIR = Path(env_str("DUALPATH_DATA_DIR", "var")).resolve()

SECRET_KEY = env_str("DUALPATH_SECRET_KEY")
if not SECRET_KEY and DEV:
    SECRET_KEY = "dualpath-development-only-key-never-use-in-production-0123456789"  # noqa: S105
# Without a key, Django refuses to sign anything and the selfcheck app's system check stops
# every management command with a message naming DUALPATH_SECRET_KEY; importing the settings
# (mypy's Django plugin, docs tools) still works.

ALLOWED_HOSTS = env_list(
    "DUALPATH_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEV else []
)
CSRF_TRUSTED_ORIGINS = env_list("DUALPATH_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "dualpath.web.audit",
    "dualpath.web.selfcheck",
    "dualpath.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "dualpath.web.lib.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Pick the language from the browser only once translations exist: until then a Spanish or
# Hindi browser would get English text marked lang="es"/"hi", read aloud with the wrong voice.
if env_bool("DUALPATH_NEGOTIATE_LANGUAGE", False):
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
        "django.middleware.locale.LocaleMiddleware",
    )

ROOT_URLCONF = "dualpath.web.urls"
WSGI_APPLICATION = "dualpath.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "dualpath.web.selfcheck.context.crisis",
            ],
        },
    }
]

_database_url = env_str("DATABASE_URL")
DATABASES = {
    "default": parse_database_url(_database_url)
    if _database_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "dualpath.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A deployment's licensed item wording (SHAPS, C-SSRS, ...), loaded at start-up by the api app.
WORDING_FILE = env_str("DUALPATH_WORDING_FILE")

# The cache holds only rate-limit counters (keyed by hashes, never addresses). "local" counts
# per process; "database" shares the counts between every process and app server that uses
# the same database (the table is created by every ``migrate``).
CACHE_TABLE = "dualpath_cache"
if env_choice("DUALPATH_CACHE", "local", ("local", "database")) == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Signed-cookie sessions: the self-check's answers live on the person's own device until they
# choose to save them; nothing is written server-side.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = env_int("DUALPATH_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("DUALPATH_SECURE_COOKIES", not DEV)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True

# Security headers (CSP is below).
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": no other site ever receives a referrer. ("no-referrer" would make browsers
# send "Origin: null" on this site's own forms, which Django's CSRF check rightly refuses.)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("DUALPATH_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_SSL_REDIRECT = env_bool("DUALPATH_SSL_REDIRECT", False)
if env_bool("DUALPATH_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Nothing from outside, no inline code: a nonce is added only on pages that ask for one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [NONE],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "manifest-src": [SELF],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("DUALPATH_LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("hi", _("Hindi"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("DUALPATH_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# After collectstatic (``dualpath serve`` runs it) WhiteNoise serves the collected files with
# their pre-compressed .gz twins; before it (tests, a fresh checkout) straight from the apps.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "dualpath" / "site.css").exists()
WHITENOISE_MAX_AGE = 3600

# Self-check: default country for crisis contacts (ISO 3166 alpha-2), how long a shared result
# is kept, and the submission rate limits ("LIMIT/SECONDS", per client).
DUALPATH_DEFAULT_COUNTRY = env_str("DUALPATH_DEFAULT_COUNTRY", "US").upper()
DUALPATH_SHARE_DAYS = env_int("DUALPATH_SHARE_DAYS", 30, minimum=1)
DUALPATH_RATE_ANSWERS = env_str("DUALPATH_RATE_ANSWERS", "240/600")
DUALPATH_RATE_SAVE = env_str("DUALPATH_RATE_SAVE", "10/3600")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "dualpath.web.lib.logfilter.RedactPersonalData"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DUALPATH_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Demo data loaded by ``dualpath serve`` (manage.py load_demo): one ``load() -> str`` per app.
DUALPATH_DEMO_LOADERS = ["dualpath.web.selfcheck.demo.load"]
