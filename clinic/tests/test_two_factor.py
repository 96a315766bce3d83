"""Two-factor sign-in: enrolment with a QR code, login with a TOTP code or a single-use
recovery code, the REQUIRE_2FA_FOR roles sent to enrol or verify, the back office behind it."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuditEvent
from tests.support import make_user

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def require_two_factor(settings):
    settings.REQUIRE_2FA_FOR = ["practitioner", "clinic_admin"]


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=device.drift):06d}"


def _sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = ["abcd2345", "efgh6789"]
    static = user.staticdevice_set.create(name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return device, codes


@pytest.mark.django_db
def test_a_practitioner_without_an_authenticator_is_sent_to_enrol(client):
    user = make_user("practitioner", password=PASSWORD)
    _sign_in(client, user)
    response = client.get(reverse("patients:search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert "next=%2Fpatients%2F" in response["Location"]


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client):
    user = make_user("practitioner", password=PASSWORD)
    _sign_in(client, user)
    page = client.get(reverse("two_factor_setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="qr-code"' in html or "qr-code" in re.search(r"<svg[^>]*>", html).group(0)
    assert "style=" not in re.search(r"<svg.*?</svg>", html, re.S).group(0)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b32(device) in html.replace(" ", "")

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # the wrong code above throttles the next try

    done = client.post(reverse("two_factor_setup"), {"code": _code(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("patients:search")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, action="auth.two_factor_enrolled").exists()


def b32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@pytest.mark.django_db
def test_signing_in_asks_for_the_totp_code_then_lets_in(client):
    user = make_user("practitioner", password=PASSWORD)
    device, _codes = _enrolled(user)
    _sign_in(client, user)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("two_factor_verify"))

    refused = client.post(reverse("two_factor_verify"), {"code": "123456", "next": "/patients/"})
    assert refused.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # the wrong code above throttles the next try
    accepted = client.post(
        reverse("two_factor_verify"), {"code": _code(device), "next": "/patients/"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/patients/"
    assert client.get(reverse("dashboard")).status_code == 200
    methods = AuditEvent.objects.filter(actor=user, action="auth.two_factor_verified")
    assert [event.details["method"] for event in methods] == ["authenticator"]
    assert AuditEvent.objects.filter(actor=user, action="auth.two_factor_failed").count() == 1


@pytest.mark.django_db
def test_the_verify_page_never_redirects_off_site(client):
    user = make_user("practitioner", password=PASSWORD)
    device, _codes = _enrolled(user)
    _sign_in(client, user)
    response = client.post(
        reverse("two_factor_verify"), {"code": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard")


@pytest.mark.django_db
def test_a_recovery_code_works_once(client):
    user = make_user("practitioner", password=PASSWORD)
    _device, codes = _enrolled(user)
    _sign_in(client, user)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))

    _sign_in(client, user)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 1


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client):
    user = make_user("practitioner", password=PASSWORD)
    _device, codes = _enrolled(user)
    _sign_in(client, user)
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    status = client.get(reverse("two_factor_setup"))
    assert "1 recovery code left" in status.content.decode()
    client.post(reverse("two_factor_setup"))
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10 and codes[1] not in tokens


@pytest.mark.django_db
def test_the_front_desk_is_not_asked_when_its_role_is_not_listed(client):
    user = make_user("front_desk", password=PASSWORD)
    _sign_in(client, user)
    assert client.get(reverse("patients:search")).status_code == 200


@pytest.mark.django_db
def test_a_user_who_enrolled_is_asked_even_outside_the_listed_roles(client, settings):
    settings.REQUIRE_2FA_FOR = []
    user = make_user("front_desk", password=PASSWORD)
    _enrolled(user)
    _sign_in(client, user)
    response = client.get(reverse("patients:search"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_the_back_office_is_behind_the_same_check(client):
    admin_user = make_user("clinic_admin", password=PASSWORD)
    device, _codes = _enrolled(admin_user)
    _sign_in(client, admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_the_back_office_login_does_not_skip_the_second_step(client):
    admin_user = make_user("clinic_admin", password=PASSWORD)
    _enrolled(admin_user)
    client.post(reverse("admin:login"), {"username": admin_user.username, "password": PASSWORD})
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_an_unknown_role_in_the_setting_is_refused(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "clinic.settings_test",
            "REQUIRE_2FA_FOR": "practitioner,janitor",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "REQUIRE_2FA_FOR: unknown roles ['janitor']" in result.stderr


def test_the_issues_spelling_admin_means_the_clinic_admin():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.REQUIRE_2FA_FOR)",
        ],
        env={
            "DJANGO_SETTINGS_MODULE": "clinic.settings",  # the test settings turn 2FA off
            "SECRET_KEY": "test-only-secret-key-not-used-anywhere-else-0123456789",
            "DEBUG": "true",
            "REQUIRE_2FA_FOR": "practitioner,admin",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "['practitioner', 'clinic_admin']" in result.stdout
