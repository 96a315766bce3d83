"""Mesoplan settings: one module, every value from the environment.

The defaults run the README's `make run` on one machine with nothing installed but Python:
SQLite and a file-based Celery broker under `var/`, e-mail written to files. Production sets
`DATABASE_URL`, `CELERY_BROKER_URL`, `SECRET_KEY`, `ALLOWED_HOSTS` and friends (README,
docs/deploy.md). With DEBUG off a missing SECRET_KEY is an error, never a silent default.
"""

import ipaddress
import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from clinic import roles

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Local state of the embedded default (SQLite file, file broker, e-mail files, private uploads).
VAR_DIR = Path(env("MESOPLAN_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG is off), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic.apps.ClinicConfig",
    "patients.apps.PatientsConfig",
    "protocols.apps.ProtocolsConfig",
    # The folder is `sessions/`; its label is "treatments" so it never clashes with
    # django.contrib.sessions (docs/architecture.md).
    "sessions.apps.TreatmentsConfig",
    # Exports (HL7 FHIR): reads every app above, so it sits on top of the layers.
    "interop.apps.InteropConfig",
    # Patient links (issue 17): pages a patient opens from a link, on top of the layers too.
    "portal.apps.PortalConfig",
    # Benchmarks (issue 14): data set and harness; nothing clinical imports it.
    "bench.apps.BenchConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in a person's own language wins over the browser's (LocaleMiddleware above
    # still picks the sign-in page's language from Accept-Language).
    "clinic.language.StaffLanguageMiddleware",
    # Every page needs a login unless its view is marked @login_not_required (tested).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.user.is_verified(), then: roles in REQUIRE_2FA_FOR pass a second factor first.
    "django_otp.middleware.OTPMiddleware",
    "clinic.twofactor.TwoFactorRequiredMiddleware",
    "clinic.middleware.NoStoreWhenSignedInMiddleware",
    "clinic.middleware.QuietPermissionDeniedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"

# The page benchmark (issue 14, `manage.py bench`): on, the bare twins are mounted under
# /bench/ and every response counts its SQL queries (X-Bench-Queries). Never in production.
MESOPLAN_BENCH = env.bool("MESOPLAN_BENCH", default=False)
if MESOPLAN_BENCH:
    ROOT_URLCONF = "bench.urls"
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountMiddleware")
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: WAL lets readers work beside a
    # writer, IMMEDIATE takes the write lock at BEGIN so check-then-write is serialised.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Persistent connections: a one-query page measured 6x faster here (docs/benchmarks.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions ------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One backend: django-axes' throttle in front of Django's ModelBackend (a locked-out user is
# refused before any password check). A single backend keeps User.objects.with_perm() working.
AUTHENTICATION_BACKENDS = ["clinic.backends.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Shared clinic workstations: a session ends after this much inactivity. Saving the session
# on every request turns Django's absolute cookie age into an idle timeout.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Login throttling (django-axes) ---------------------------------------------------------
# After LOGIN_FAILURE_LIMIT failures for one user name, or from one client address, sign-in is
# refused (429) for LOGIN_COOLOFF_MINUTES, whatever the password; a clinic admin can unlock
# earlier (/accounts/lockouts/). Each lockout is an audit event (auth.locked_out).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be 1 or more.")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
# The same address as the audit trail: X-Forwarded-For only from a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "clinic.audit.client_address"
AXES_LOCKOUT_CALLABLE = "clinic.views.login_locked_out"
AXES_ENABLE_ADMIN = False  # unlocking goes through our own page, which audits it
AXES_VERBOSE = False  # the audit trail records failures and lockouts
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated),
# e.g. TRUSTED_PROXIES=127.0.0.1 for Caddy or nginx on the same host. Empty: REMOTE_ADDR only.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address") from error

# --- Two-factor sign-in (django-otp: TOTP + recovery codes) ----------------------------------
# Roles (clinic/roles.py keys) that must pass an authenticator code after their password; the
# back office too. Off by default with DEBUG (the demo users of `make run` sign in with a
# password only); on by default in production. Anyone who enrols is asked for codes anyway.
# Role names as clinic/roles.py spells them; "admin" is accepted for the clinic admin.
REQUIRE_2FA_FOR = [
    roles.CLINIC_ADMIN if name.strip() == "admin" else name.strip()
    for name in env.list(
        "REQUIRE_2FA_FOR", default=[] if DEBUG else [roles.PRACTITIONER, roles.CLINIC_ADMIN]
    )
    if name.strip()
]
if unknown_roles := set(REQUIRE_2FA_FOR) - set(roles.GROUP_NAMES):
    raise ImproperlyConfigured(
        f"REQUIRE_2FA_FOR: unknown roles {sorted(unknown_roles)}; use {sorted(roles.GROUP_NAMES)}"
    )
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Mesoplan")

# --- Security headers -----------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: every template uses static files (tested).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls' icons with data: SVGs from its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Internationalisation -------------------------------------------------------------------
# LANGUAGE_CODE: the language of a page when neither the person's choice nor their browser's
# matches one of LANGUAGES. A further language needs no code change: its catalogue under
# locale/ and EXTRA_LANGUAGES=it:Italiano (docs/translating.md).
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("fr", _("Français"))]
for _extra in env.list("EXTRA_LANGUAGES", default=[]):
    _code, _sep, _name = _extra.partition(":")
    if not (_code.strip() and _name.strip()):
        raise ImproperlyConfigured(
            f"EXTRA_LANGUAGES: write code:Name, e.g. it:Italiano ({_extra!r})"
        )
    LANGUAGES.append((_code.strip(), _name.strip()))
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")  # the clinic's zone; stored in UTC
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from static/ when nothing was collected (development, tests).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_ROOT = VAR_DIR / "private"  # clinical files: never served directly
# Where `manage.py backup` writes (one folder per run); copy them off this machine.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@host:587, consolemail://, or filemail:// (the default,
# one file per message under var/mail).
_email = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mesoplan <no-reply@localhost>")

# --- Celery ---------------------------------------------------------------------------------
# Redis is only a broker: every follow-up is a database row, so losing the broker loses
# nothing (docs/architecture.md). The default needs no server: kombu's filesystem transport.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),  # in == out: one shared queue
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        # Files are polled; a short interval keeps delivery and shutdown quick.
        "polling_interval": 0.25,
    }
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Task modules live in packages (sessions/followups/, sessions/documents/): autodiscovery only
# looks for <app>.tasks, so name them here.
CELERY_IMPORTS = ("sessions.followups.tasks", "sessions.documents.tasks")
# The row is the truth, the message is a nudge: every minute, deliver what is due (the
# scale-out test sweeps every few seconds to see two workers race for the same rows).
FOLLOW_UP_SWEEP_SECONDS = env.float("FOLLOW_UP_SWEEP_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "clinic.tasks.worker_heartbeat_task", "schedule": 60.0},
    "follow-ups-sweep": {
        "task": "sessions.tasks.follow_ups_sweep_task",
        "schedule": FOLLOW_UP_SWEEP_SECONDS,
    },
}

# --- Follow-ups (the rules live in sessions/followups/rules.py) -----------------------------
FOLLOW_UP_POST_TREATMENT_CHECK_HOURS = env.int("FOLLOW_UP_POST_TREATMENT_CHECK_HOURS", default=48)
FOLLOW_UP_REMINDER_DAYS_BEFORE = env.int("FOLLOW_UP_REMINDER_DAYS_BEFORE", default=2)
FOLLOW_UP_ADVERSE_EVENT_CHECK_HOURS = env.int("FOLLOW_UP_ADVERSE_EVENT_CHECK_HOURS", default=24)
FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS = env.int("FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS", default=30)
FOLLOW_UP_MAX_ATTEMPTS = env.int("FOLLOW_UP_MAX_ATTEMPTS", default=5)
# The aftercare sheet's e-mail (with its patient link) goes at this clinic time the evening of
# the session, HH:MM (a chart signed later sends it at once).
FOLLOW_UP_AFTERCARE_TIME = env("FOLLOW_UP_AFTERCARE_TIME", default="18:00")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", FOLLOW_UP_AFTERCARE_TIME):
    raise ImproperlyConfigured("FOLLOW_UP_AFTERCARE_TIME: write HH:MM, e.g. 18:00")
# A failed delivery stays in the open queue and the badge this many days after it was due,
# then ages out of them (still listed under the queue's "Failed" filter and on the patient).
FOLLOW_UP_FAILED_OPEN_DAYS = env.int("FOLLOW_UP_FAILED_OPEN_DAYS", default=30)
# The navigation's follow-up badge is counted at most once per this many seconds per user (each
# process's cache); 0 counts on every page. The queue page itself always reads the rows.
FOLLOW_UP_BADGE_SECONDS = env.int("FOLLOW_UP_BADGE_SECONDS", default=20)
# Uploaded photos and scanned images above this many pixels are refused (issue 13: two
# 80-megapixel PNGs of 92 KB each slowed the course report to 2.7 s); clinic/uploads.py.
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)

# HL7 FHIR export (docs/fhir.md): the clinic's own base URL. Bundle entries are named under it
# and resource ids are derived from it, so set it once per clinic and never change it.
FHIR_BASE_URL = env("FHIR_BASE_URL", default="https://mesoplan.invalid/fhir").rstrip("/")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Patient-link tokens are secrets in a URL path: redacted from every line
    # (portal/log_redaction.py).
    "filters": {"redact_link_tokens": {"()": "portal.log_redaction.RedactLinkTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_link_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # six INFO lines per document
        "axes": {"level": "WARNING"},  # the audit trail records sign-ins and lockouts
        # The file broker has no host name: kombu warns about it on every connection.
        "kombu.connection": {"level": "ERROR"},
        # One line per request; `make run` turns it down so its banner stays in sight.
        "django.server": {
            "handlers": ["console"],
            "level": env("REQUEST_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
        # Django's own default handlers would write these lines a second time, unfiltered.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Mesoplan -------------------------------------------------------------------------------
# Shown on documents (a session's location address and phone win over these).
CLINIC_NAME = env("CLINIC_NAME", default="Mesoplan demo clinic")
CLINIC_ADDRESS = env("CLINIC_ADDRESS", default="")
CLINIC_PHONE = env("CLINIC_PHONE", default="")
CLINIC_EMAIL = env("CLINIC_EMAIL", default="")
CLINIC_WEBSITE = env("CLINIC_WEBSITE", default="")
CLINIC_OUT_OF_HOURS_PHONE = env("CLINIC_OUT_OF_HOURS_PHONE", default="")
CLINIC_EMERGENCY_NUMBER = env("CLINIC_EMERGENCY_NUMBER", default="112")
CLINIC_LOGO = env("CLINIC_LOGO", default="")  # a path under static/, e.g. pdf/logo.png
# Public holidays are never proposed nor booked (the `holidays` library): a country code
# (ISO 3166, e.g. FR, IT, ES; empty for none) and optionally a subdivision (e.g. "57" for
# Moselle, with its own Good Friday and St Stephen's Day).
HOLIDAYS_COUNTRY = env("HOLIDAYS_COUNTRY", default="FR")
HOLIDAYS_SUBDIVISION = env("HOLIDAYS_SUBDIVISION", default="")

# --- Patient links (issue 17; portal/) ------------------------------------------------------
# The clinic's public address, to build the links e-mailed to patients.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://localhost:8000")
# How long a link lives, in hours, per purpose (short: a link sits in a mailbox).
PORTAL_LINK_HOURS = {
    "questionnaire": env.int("PORTAL_QUESTIONNAIRE_HOURS", default=72),
    "consent": env.int("PORTAL_CONSENT_HOURS", default=72),
    "booking": env.int("PORTAL_BOOKING_HOURS", default=72),
    "aftercare": env.int("PORTAL_AFTERCARE_HOURS", default=72),
    "check": env.int("PORTAL_CHECK_HOURS", default=7 * 24),
}
# A patient moves or cancels their own session up to this many hours before it; later the
# booking page tells them to call the clinic.
PORTAL_BOOKING_NOTICE_HOURS = env.int("PORTAL_BOOKING_NOTICE_HOURS", default=24)
# The date-of-birth check: this many wrong dates lock the link (and, counted apart, the
# client address) for PORTAL_GATE_LOCK_MINUTES; a right one is remembered this long.
PORTAL_GATE_FAILURES = env.int("PORTAL_GATE_FAILURES", default=5)
PORTAL_GATE_LOCK_MINUTES = env.int("PORTAL_GATE_LOCK_MINUTES", default=15)
PORTAL_VERIFIED_MINUTES = env.int("PORTAL_VERIFIED_MINUTES", default=20)
# Channels tried in order for a patient who agreed to them; SMS goes through a pluggable
# backend (no provider is wired: the default writes files under var/sms).
PORTAL_CHANNELS = env.list("PORTAL_CHANNELS", default=["email", "sms"])
PORTAL_SMS_BACKEND = env("PORTAL_SMS_BACKEND", default="portal.senders.FileSmsBackend")
PORTAL_SMS_FILE_PATH = env("PORTAL_SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
if PORTAL_GATE_FAILURES < 1 or PORTAL_GATE_LOCK_MINUTES < 1 or PORTAL_VERIFIED_MINUTES < 1:
    raise ImproperlyConfigured("PORTAL_GATE_* and PORTAL_VERIFIED_MINUTES must be 1 or more.")
if unknown_channels := set(PORTAL_CHANNELS) - {"email", "sms"}:
    raise ImproperlyConfigured(f"PORTAL_CHANNELS: unknown {sorted(unknown_channels)}")
