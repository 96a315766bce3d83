"""State changes of the clinic core that are not clinical: unlocking throttled sign-ins and
two-factor enrolment. Each is keyword-only, atomic and audited."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import audit, twofactor


@transaction.atomic
def login_lockout_clear(*, attempt: AccessAttempt, by, request=None) -> int:
    """Forget the failures of this attempt's user name and of its address (both counters lock).

    Returns how many attempt rows were removed; the unlock itself is an audit event.
    """
    username, address = attempt.username, attempt.ip_address
    removed = 0
    if username:
        removed += axes_reset(username=username)
    if address:
        removed += axes_reset(ip=address)
    audit.record(
        actor=by,
        action="auth.unlocked",
        request=request,
        details={"username": username or "", "address": address or "", "removed": removed},
    )
    return removed


def two_factor_device_start(*, user) -> TOTPDevice:
    """The user's authenticator awaiting confirmation, created on first call (one per user).

    Nothing is audited yet: the device counts only once a code from it is confirmed.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def two_factor_enrol(*, device: TOTPDevice, token: str, request) -> list[str] | None:
    """Confirm the authenticator with a code it shows, mark this sign-in verified and issue
    recovery codes. Returns the codes (shown once), or None when the code is wrong."""
    user = device.user
    if not device.verify_token(token):
        audit.record(actor=user, action="auth.two_factor_failed", request=request)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _recovery_codes_replace(user=user)
    otp_login(request, device)
    request.session[twofactor.ENROLLED_SESSION_KEY] = True
    audit.record(actor=user, action="auth.two_factor_enrolled", request=request)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user, request) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working). Audited."""
    codes = _recovery_codes_replace(user=user)
    audit.record(actor=user, action="auth.recovery_codes_created", request=request)
    return codes


def _recovery_codes_replace(*, user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(twofactor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user, token: str, request) -> bool:
    """Check a code from the authenticator or an unused recovery code (spent on use); on
    success this sign-in counts as verified. Both outcomes are audited."""
    token = token.strip().replace(" ", "").lower()
    # A six-digit code is the authenticator's; anything else can only be a recovery code, so
    # a mistyped code never spends the other kind's throttle.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    device = None
    with transaction.atomic():
        for candidate in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(candidate, kind) and candidate.verify_token(token):
                device = candidate
                break
    if device is None:
        audit.record(actor=user, action="auth.two_factor_failed", request=request)
        return False
    otp_login(request, device)
    method = "recovery_code" if isinstance(device, StaticDevice) else "authenticator"
    audit.record(
        actor=user, action="auth.two_factor_verified", request=request, details={"method": method}
    )
    return True
