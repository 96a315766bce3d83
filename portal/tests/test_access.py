"""The access foundation: hashed single-purpose links, the date-of-birth gate and its
throttle, closed links, private headers, audit."""

import datetime
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from portal import access, gate
from portal.links import token_hash
from portal.models import PortalLink

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portal.tests.urls_probe")]

DOB = datetime.date(1985, 3, 14)  # PatientFactory's date of birth
RIGHT = {"portal_gate": "1", "day": "14", "month": "3", "year": "1985"}
WRONG = {"portal_gate": "1", "day": "15", "month": "3", "year": "1985"}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def issue(patient=None, purpose="booking", **about):
    link, url = access.portal_link_issue(
        patient=patient or PatientFactory(), purpose=purpose, **about
    )
    token = url.rstrip("/").rsplit("/", 1)[-1]
    return link, token


def page(token):
    return f"/p/{token}/probe/"


def actions(link):
    return list(
        AuditEvent.objects.filter(target_type="portal.portallink", target_id=str(link.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_only_the_secrets_hash_is_stored_and_the_url_carries_the_secret():
    link, token = issue()
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert link.token_hash == token_hash(token)
    stored = PortalLink.objects.filter(pk=link.pk).values()[0]
    assert token not in [str(value) for value in stored.values()]
    assert access.portal_link_lookup(token) == link
    assert access.portal_link_lookup(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert link.expires_at - timezone.now() == pytest.approx(
        timedelta(hours=72), abs=timedelta(minutes=1)
    )
    assert actions(link) == ["portal_link.issued"]


def test_a_check_link_lives_seven_days():
    link, _token = issue(purpose="check")
    assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)


def test_a_link_cannot_be_about_another_patients_record():
    from sessions.tests.factories import book

    other_session = book(PatientFactory())
    with pytest.raises(ValueError):
        access.portal_link_issue(
            patient=PatientFactory(), purpose="aftercare", treatment_session=other_session
        )


def test_the_gate_comes_before_any_health_data(client):
    patient = PatientFactory(last_name="Quenneville")
    link, token = issue(patient)
    response = client.get(page(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Date of birth" in body and "Quenneville" not in body
    assert "probe for" not in body
    response = client.post(page(token), RIGHT)
    assert response.status_code == 302 and response["Location"] == page(token)
    response = client.get(page(token))
    assert response.content.decode() == f"probe for Quenneville via link {link.pk}"
    link.refresh_from_db()
    assert link.opened_at and link.verified_at
    assert actions(link) == [
        "portal_link.issued",
        "portal.opened",  # the gate
        "portal.verified",
        "portal.opened",  # the page
    ]


def test_a_token_for_one_patient_never_shows_another(client):
    first, first_token = issue(PatientFactory(last_name="Aubert"))
    second, second_token = issue(PatientFactory(last_name="Bastide"))
    client.post(page(first_token), RIGHT)
    assert "Aubert" in client.get(page(first_token)).content.decode()
    # Passing A's gate does not open B's link in the same browser.
    response = client.get(page(second_token))
    assert "Bastide" not in response.content.decode()
    assert "Date of birth" in response.content.decode()


def test_a_link_opens_only_its_own_purposes_page(client):
    _link, token = issue(purpose="check")
    response = client.get(page(token))  # the probe is a booking page
    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()


def test_an_unknown_token_gets_a_friendly_page_and_is_audited(client, settings):
    settings.CLINIC_PHONE = "+33 1 23 45 67 89"
    response = client.get(page("not-a-real-token"))
    assert response.status_code == 404
    body = response.content.decode()
    assert "We cannot find this page" in body and 'href="tel:+33123456789"' in body
    assert AuditEvent.objects.filter(action="portal.unknown_link").count() == 1


def test_a_wrong_date_says_nothing_about_how_close_it_was(client):
    _link, token = issue()
    near = client.post(page(token), WRONG).content.decode()
    far = client.post(page(token), {**WRONG, "year": "1932", "month": "11"}).content.decode()
    message = "These details do not match our records."
    assert message in near and message in far
    strip = lambda body: body.replace(body[body.find('name="csrfmiddlewaretoken"') :][:120], "")  # noqa: E731
    assert strip(near) == strip(far)


def test_an_impossible_date_is_a_form_error_not_an_attempt(client):
    link, token = issue()
    response = client.post(page(token), {**RIGHT, "day": "31", "month": "2"})
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()
    link.refresh_from_db()
    assert link.failed_attempts == 0


def test_five_wrong_dates_lock_the_link_for_fifteen_minutes(client, settings):
    link, token = issue()
    for _attempt in range(4):
        assert client.post(page(token), WRONG).status_code == 200
    response = client.post(page(token), WRONG)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Locked: even the right date does not open it now, and the lock is not reset by it.
    cache.clear()  # the address lock is a separate count: test the link's own lock here
    response = client.post(page(token), RIGHT)
    assert response.status_code == 429
    link.refresh_from_db()
    assert link.locked_until > timezone.now() + timedelta(minutes=14)
    assert actions(link).count("portal.gate_failed") == 5
    assert "portal.locked" in actions(link)
    # After the lock the right date opens it.
    PortalLink.objects.filter(pk=link.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert client.post(page(token), RIGHT).status_code == 302


def test_wrong_dates_from_one_address_across_links_lock_that_address(client):
    tokens = [issue()[1] for _ in range(5)]
    for token in tokens:
        client.post(page(token), WRONG, REMOTE_ADDR="203.0.113.9")
    fresh_link, fresh = issue()
    response = client.post(page(fresh), RIGHT, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    # Another address is not affected.
    assert client.post(page(fresh), RIGHT, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert AuditEvent.objects.filter(action="portal.locked", details__scope="address").exists()


def test_the_verification_is_remembered_for_a_short_time_only(client, settings):
    _link, token = issue()
    client.post(page(token), RIGHT)
    assert "probe for" in client.get(page(token)).content.decode()
    session = client.session
    verified = session[gate.SESSION_KEY]
    for key in verified:
        verified[key] = timezone.now().timestamp() - 1
    session[gate.SESSION_KEY] = verified
    session.save()
    assert "Date of birth" in client.get(page(token)).content.decode()


@pytest.mark.parametrize(
    "close, state, status",
    [
        ("expire", "This link has expired", 410),
        ("revoke", "This link no longer works", 410),
        ("complete", "Already done, thank you", 200),
    ],
)
def test_closed_links_say_why_and_show_nothing(client, settings, close, state, status):
    settings.CLINIC_PHONE = "01 23 45 67 89"
    link, token = issue(PatientFactory(last_name="Carrel"))
    client.post(page(token), RIGHT)
    if close == "expire":
        PortalLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    elif close == "revoke":
        assert access.portal_link_revoke(link=link, reason="test")
    else:
        access.portal_link_complete(link=link)
    response = client.get(page(token))
    body = response.content.decode()
    assert response.status_code == status
    assert state in body and "Carrel" not in body and "probe for" not in body
    if close != "complete":
        assert "ask the clinic for a new link" in body and 'href="tel:0123456789"' in body


def test_a_completed_link_cannot_be_submitted_again():
    link, _token = issue()
    access.portal_link_complete(link=link)
    with pytest.raises(access.LinkClosed):
        access.portal_link_complete(link=link)
    assert actions(link).count("portal.submitted") == 1


def test_revoking_twice_changes_nothing(practitioner):
    link, _token = issue()
    assert access.portal_link_revoke(link=link, by=practitioner)
    assert not access.portal_link_revoke(link=link, by=practitioner)
    link.refresh_from_db()
    assert link.revoked_by == practitioner
    assert actions(link).count("portal_link.revoked") == 1


@pytest.mark.parametrize("state", ["gate", "page", "closed", "unknown"])
def test_every_patient_page_is_private(client, state):
    link, token = issue()
    if state in ("page", "closed"):
        client.post(page(token), RIGHT)
    if state == "closed":
        access.portal_link_revoke(link=link)
    response = client.get(page("nope" if state == "unknown" else token))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"  # never the address to another site
    assert "noindex" in response["X-Robots-Tag"]
    assert "Content-Security-Policy" in response
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_link_address_leads_to_its_purposes_page(client):
    _link, token = issue()
    response = client.get(f"/p/{token}/")
    assert response.status_code == 302 and response["Location"] == page(token)
    assert client.get("/p/unknown/").status_code == 404


def test_the_page_speaks_the_patients_language(client):
    _link, token = issue(PatientFactory(preferred_language="fr"))
    response = client.get(page(token), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Date de naissance" in body
    assert response["Content-Language"] == "fr"


def test_an_archived_patients_links_no_longer_open(client):
    from patients.models import Patient

    link, token = issue()
    Patient.objects.filter(pk=link.patient_id).update(archived_at=timezone.now())
    response = client.get(page(token))
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
