"""Test settings: the real settings with a throwaway key and fast hashing.

DATABASE_URL is honoured, so `.ci/run` runs the same suite on PostgreSQL and on SQLite.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault(
    "MESOPLAN_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)

from clinic.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inline unless a test talks to a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = True
# Tests book "next Monday" and the like: with holidays on, a run on some dates would land on
# one. The holiday tests turn them on themselves.
HOLIDAYS_COUNTRY = ""
CELERY_TASK_EAGER_PROPAGATES = True
# Two-factor is on by default without DEBUG; tests that exercise it turn it on themselves
# (clinic/tests/test_two_factor.py), the rest sign in with force_login and a password only.
REQUIRE_2FA_FOR = []
# Pages count the follow-up badge afresh (a value kept from another test's rows would leak);
# sessions/tests/followups/test_ageing.py turns the keeping on to test it.
FOLLOW_UP_BADGE_SECONDS = 0
