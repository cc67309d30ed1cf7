"""Sealdesk settings: every value comes from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from audit.beat import BEAT_SCHEDULE as AUDIT_BEAT_SCHEDULE
from config.database import prepared_statement_options
from config.env import env_bool, env_int, env_list, env_secret, env_str
from helpdesk.beat import EMAIL_BEAT_SCHEDULE
from privacy.beat import BEAT_SCHEDULE as RETENTION_BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SEALDESK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", debug=DEBUG, dev_default="dev-only-insecure-secret-key-" + "x" * 40)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts.admin_apps.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "privacy.crypto.apps.CryptoConfig",
    "audit",
    "accounts",
    "privacy",
    "privacy.masking",
    "privacy.redaction",
    "helpdesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionGuardMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.sudo.SudoRoutesMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.crypto_errors.KeyUnavailableMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sealdesk.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server, and each statement prepared on its connection after this many
    # runs: PostgreSQL parses and plans it once instead of on every request (docs/performance.md).
    # "off" keeps Django's default (values bound in the client, nothing prepared) for a pooler in
    # transaction mode that cannot carry prepared statements (PgBouncer before 1.21). Options from
    # the URL's query string (sslmode, ...) stay as they are.
    prepared = prepared_statement_options(env_str("DATABASE_PREPARE_THRESHOLD"))
    DATABASES["default"].setdefault("OPTIONS", {}).update(prepared)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run: web, worker and beat share one file; wait for the write lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;",
    )
    # The access log's covering index carries extra columns PostgreSQL reads from the index alone;
    # SQLite builds it without them, which changes speed, not results.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Redis down: a miss, not an error (config/cache.py); short timeouts so an outage costs no request long.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "helpdesk:queue"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.BreachedPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.SealdeskOIDCBackend",
]

# Sign-in hardening (docs/authentication.md). Roles listed here must pass a second factor.
SEALDESK_2FA_REQUIRED_ROLES = env_list(
    "SEALDESK_2FA_REQUIRED_ROLES", ["agent", "senior_agent", "light_agent", "admin", "compliance"]
)
SEALDESK_SESSION_IDLE_MINUTES = env_int("SEALDESK_SESSION_IDLE_MINUTES", 15)
SEALDESK_SESSION_ABSOLUTE_HOURS = env_int("SEALDESK_SESSION_ABSOLUTE_HOURS", 12)
SEALDESK_SUDO_MINUTES = env_int("SEALDESK_SUDO_MINUTES", 10)
# Routes of apps that cannot import accounts.sudo (they sit below it) but need re-authentication.
SEALDESK_SUDO_ROUTES = ("audit:export",)
SEALDESK_LOGIN_ACCOUNT_LIMIT = env_int("SEALDESK_LOGIN_ACCOUNT_LIMIT", 5)
SEALDESK_LOGIN_IP_LIMIT = env_int("SEALDESK_LOGIN_IP_LIMIT", 50)
SEALDESK_LOGIN_WINDOW_MINUTES = env_int("SEALDESK_LOGIN_WINDOW_MINUTES", 15)
SEALDESK_LOGIN_LOCKOUT_MINUTES = env_int("SEALDESK_LOGIN_LOCKOUT_MINUTES", 30)
SEALDESK_API_TOKEN_RATE = env_str("SEALDESK_API_TOKEN_RATE", "600/minute")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Sealdesk")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on through OpenID Connect; off unless the provider's endpoints are set.
SEALDESK_OIDC_ENABLED = env_bool("SEALDESK_OIDC_ENABLED", False)
SEALDESK_OIDC_CREATE_USERS = env_bool("SEALDESK_OIDC_CREATE_USERS", False)
SEALDESK_OIDC_DEFAULT_ROLE = env_str("SEALDESK_OIDC_DEFAULT_ROLE", "light_agent")
SEALDESK_OIDC_TRUST_MFA = env_bool("SEALDESK_OIDC_TRUST_MFA", False)
SEALDESK_OIDC_MFA_AMR = env_list("SEALDESK_OIDC_MFA_AMR", ["mfa", "otp", "hwk", "swk", "fido"])
SEALDESK_OIDC_MFA_ACR = env_list("SEALDESK_OIDC_MFA_ACR")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments live outside the web root and are only served by an authorized view.
ATTACHMENT_ROOT = Path(env_str("ATTACHMENT_ROOT", str(VAR_DIR / "attachments")))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Form fields other than files (files stream to disk and count against ATTACHMENT_MAX_BYTES only):
# the longest message is 100,000 characters, so 3 MB is ample, and no anonymous POST makes a worker
# parse (and copy several times over) a 10 MB form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sealdesk Support <support@sealdesk.localhost>")

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: the identity provider's redirect back to the SSO callback must carry the cookie.
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE adds a fresh nonce only on responses whose template asked for one; we have no inline script.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "helpdesk.api_errors.json_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "helpdesk.api_pagination.CodeCursorPagination",
    "PAGE_SIZE": 25,
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.ApiTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": SEALDESK_API_TOKEN_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sealdesk API",
    "DESCRIPTION": "Tickets, comments, customers and attachments. Authenticate with `Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: works offline and under script-src 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "helpdesk.models.Ticket.Status",
        "TicketPriorityEnum": "helpdesk.models.Ticket.Priority",
        "TicketChannelEnum": "helpdesk.models.Ticket.Channel",
    },
}

# Celery: Redis when REDIS_URL is set, otherwise the file-system broker that needs no server.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ACKS_LATE = True
# A broker outage fails an enqueue within about a second; callers enqueue after commit with
# robust=True and leave the work to the reconcilers (see docs/security.md, "Faults").
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {**AUDIT_BEAT_SCHEDULE, **RETENTION_BEAT_SCHEDULE, **EMAIL_BEAT_SCHEDULE}

# Public web form: submissions allowed per client IP per hour.
WEB_FORM_RATE_PER_HOUR = env_int("WEB_FORM_RATE_PER_HOUR", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

from config.settings_crypto import *  # noqa: E402,F403
