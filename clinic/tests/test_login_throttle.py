"""Login throttling (django-axes): lockout per user name and per address, the client address
from trusted proxies only, the lockout audited, and a clinic admin's unlock page."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from clinic.audit import client_address
from clinic.models import AuditEvent
from tests.support import make_user

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXIES = []


def _sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client):
    user = make_user("practitioner", username="dana", password=PASSWORD)
    for _ in range(30):
        _sign_in(client, user.username, "wrong-guess-123")
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_few_wrong_passwords_do_not_lock_and_success_resets_the_count(client):
    user = make_user("practitioner", username="dana", password=PASSWORD)
    for _ in range(4):
        _sign_in(client, user.username, "wrong-guess-123")
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302 and _signed_in(client)
    assert not AccessAttempt.objects.filter(username="dana").exists()


@pytest.mark.django_db
def test_the_lockout_is_per_user_name_from_any_address(client):
    user = make_user("practitioner", username="dana", password=PASSWORD)
    for number in range(5):
        _sign_in(client, user.username, "wrong-guess-123", REMOTE_ADDR=f"198.51.100.{number}")
    response = _sign_in(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_lockout_is_per_address_across_user_names(client):
    make_user("practitioner", username="dana", password=PASSWORD)
    for number in range(5):
        _sign_in(client, f"guess{number}", "wrong-guess-123", REMOTE_ADDR="203.0.113.5")
    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 429
    # Another workstation is not affected by that address's count.
    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="203.0.113.6").status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_neither_dodges_nor_resets_the_count(client):
    make_user("practitioner", username="dana", password=PASSWORD)
    # The attacker rotates X-Forwarded-For on every guess, from one real address.
    for number in range(5):
        _sign_in(
            client,
            f"guess{number}",
            "wrong-guess-123",
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    response = _sign_in(
        client, "dana", PASSWORD, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.200"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    make_user("practitioner", username="dana", password=PASSWORD)
    for number in range(5):
        _sign_in(
            client,
            f"guess{number}",
            "wrong-guess-123",
            REMOTE_ADDR="127.0.0.1",
            # A client-sent value first, then the address the proxy appended: the last counts.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.5",
        )
    locked = _sign_in(
        client, "dana", PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert locked.status_code == 429
    other = _sign_in(
        client, "dana", PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "10.9.9.9", "203.0.113.5"),  # not from a proxy: header ignored
        ("127.0.0.1", "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7, 127.0.0.1", "203.0.113.7"),  # proxies skipped from the right
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_believes_only_trusted_proxies(rf, settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_a_lockout_is_an_audit_event(client):
    make_user("practitioner", username="dana", password=PASSWORD)
    for _ in range(6):
        _sign_in(client, "dana", "wrong-guess-123", REMOTE_ADDR="198.51.100.4")
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None
    assert event.details["username"] == "dana"
    assert event.ip_address == "198.51.100.4"


@pytest.mark.django_db
def test_a_clinic_admin_unlocks_and_the_user_signs_in_again(client, clinic_admin):
    make_user("practitioner", username="dana", password=PASSWORD)
    for _ in range(8):
        _sign_in(client, "dana", "wrong-guess-123", REMOTE_ADDR="198.51.100.4")
    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 429

    client.force_login(clinic_admin)
    page = client.get(reverse("login_lockouts"))
    assert page.status_code == 200
    assert "dana" in page.content.decode() and "Locked" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="dana")
    response = client.post(reverse("login_lockouts"), {"attempt": attempt.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.unlocked", actor=clinic_admin).exists()
    client.logout()

    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302


@pytest.mark.django_db
def test_unlocking_is_for_clinic_admins_and_bad_input_is_a_404(client, practitioner, clinic_admin):
    client.force_login(practitioner)
    assert client.post(reverse("login_lockouts"), {"attempt": "1"}).status_code == 403
    client.force_login(clinic_admin)
    assert client.post(reverse("login_lockouts"), {"attempt": "x'--"}).status_code == 404


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(client, settings):
    make_user("practitioner", username="dana", password=PASSWORD)
    for _ in range(6):
        _sign_in(client, "dana", "wrong-guess-123", REMOTE_ADDR="198.51.100.4")
    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(seconds=1))
    assert _sign_in(client, "dana", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302
