"""Settings come from the environment; production-like variables pass `check --deploy`."""

import os
import subprocess
import sys

from tests.support import PROJECT_ROOT

PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": "x9!v-production-like-key-for-the-deploy-check-0f3a8c1d2e5b7a9c4d6e8f0a",
    "ALLOWED_HOSTS": "clinic.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_TLS_PROXY": "true",
}


def manage(*args, env_overrides, tmp_path):
    """Run manage.py in a fresh process with only the given configuration variables."""
    configuration = ("DJANGO_", "SECRET_KEY", "DEBUG", "DATABASE_URL", "CELERY_BROKER_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(configuration)}
    env.update(MESOPLAN_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="clinic.settings")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_like_variables_pass_the_deploy_check_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides=PRODUCTION_LIKE,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_missing_secret_key_with_debug_off_is_a_clear_error(tmp_path):
    without_key = {k: v for k, v in PRODUCTION_LIKE.items() if k != "SECRET_KEY"}
    result = manage("check", env_overrides=without_key, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_embedded_default_is_sqlite_and_a_file_broker_under_var(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], s.CELERY_BROKER_URL)"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, env_overrides={"DEBUG": "true"}, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    engine, name, broker = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "db.sqlite3")
    assert broker == "filesystem://"


def test_database_and_broker_urls_switch_to_postgresql_and_redis(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['HOST'], d['NAME'], d['CONN_MAX_AGE'], s.CELERY_BROKER_URL)"
    )
    env = {
        "DEBUG": "true",
        "DATABASE_URL": "postgres://meso:pw@db.internal:5432/mesoplan",
        "CELERY_BROKER_URL": "redis://broker.internal:6379/0",
    }
    result = manage("shell", "--no-imports", "-c", code, env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "mesoplan",
        "60",
        "redis://broker.internal:6379/0",
    ]


def test_a_further_language_is_configuration_not_code(tmp_path):
    shown = "from django.conf import settings; print(settings.LANGUAGES[-1][0])"
    result = manage(
        "shell",
        "-c",
        shown,
        env_overrides={"DEBUG": "true", "EXTRA_LANGUAGES": "it:Italiano"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "it"
    wrong = manage(
        "check", env_overrides={"DEBUG": "true", "EXTRA_LANGUAGES": "it"}, tmp_path=tmp_path
    )
    assert "EXTRA_LANGUAGES: write code:Name" in wrong.stderr
