"""The patient-text pages of a protocol version: read per language, add a revision (who and
when, append-only), and a clinician's review behind a confirmation (issue 15)."""

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from protocols import patient_texts
from protocols.models import Protocol, ProtocolPatientText
from protocols.seed import load_reference_library

pytestmark = pytest.mark.django_db

HA = "ha-skin-booster-face"


def _version():
    load_reference_library()
    return Protocol.objects.get(slug=HA).current_version


def _url(name, version, language="fr", **extra):
    kwargs = {"slug": version.protocol.slug, "number": version.number, "language": language}
    return reverse(f"protocols:{name}", kwargs={**kwargs, **extra})


def _post_data(text, **changes):
    data = {
        "name": text.name,
        "procedure": text.procedure,
        "benefits": text.benefits,
        "side_effects": "\n".join(
            f"{item['effect']} | {item.get('usual_duration') or '-'}" for item in text.side_effects
        ),
        "risks": text.risks,
        "alternatives": text.alternatives,
        "pre_care": "\n".join(text.pre_care),
        "aftercare": "\n".join(text.aftercare),
        "call_at_once": "\n".join(text.call_at_once),
        "note": "Corrige la durée des rougeurs.",
    }
    return data | changes


def test_the_page_shows_the_french_wording_its_revisions_and_that_it_awaits_review(
    client, practitioner
):
    version = _version()
    client.force_login(practitioner)
    response = client.get(_url("patient_text", version))
    page = response.content.decode()
    french = patient_texts.latest(version, "fr")
    assert response.status_code == 200
    assert french.procedure[:40] in page
    assert french.call_at_once[0][:30] in page
    assert "Not yet reviewed by a clinician" in page
    assert "Review this revision" in page
    assert "Add a revision" in page


def test_the_card_links_each_language_to_its_text_page(client, practitioner):
    version = _version()
    client.force_login(practitioner)
    page = client.get(version.protocol.get_absolute_url()).content.decode()
    assert _url("patient_text", version) in page
    assert _url("patient_text", version, "en") in page
    assert "not yet reviewed by a clinician" in page


def test_an_unknown_language_or_revision_is_a_404_not_a_500(client, practitioner):
    version = _version()
    client.force_login(practitioner)
    assert client.get(_url("patient_text", version, "xx")).status_code == 404
    assert client.get(_url("patient_text", version) + "?revision=99").status_code == 404
    assert client.get(_url("patient_text", version) + "?revision=abc").status_code == 404
    assert client.get(_url("patient_text_review", version, revision=99)).status_code == 404


def test_adding_a_revision_keeps_the_old_one_records_who_and_audits(client, clinic_admin):
    version = _version()
    first = patient_texts.latest(version, "fr")
    client.force_login(clinic_admin)
    response = client.post(
        _url("patient_text_add", version), _post_data(first, risks="Risques corrigés.")
    )
    assert response.status_code == 302
    newest = patient_texts.latest(version, "fr")
    assert newest.revision == first.revision + 1
    assert newest.risks == "Risques corrigés."
    assert newest.created_by == clinic_admin
    assert newest.note == "Corrige la durée des rougeurs."
    assert newest.review_status == ProtocolPatientText.Review.TO_REVIEW
    first.refresh_from_db()
    assert first.risks != "Risques corrigés."
    assert AuditEvent.objects.filter(
        action="protocol.patient_text_added", actor=clinic_admin
    ).exists()
    page = client.get(response.url).content.decode()
    assert "Risques corrigés." in page
    assert f"Revision {newest.revision} saved" in page


def test_bad_input_on_the_add_form_is_a_form_error_and_saves_nothing(client, practitioner):
    version = _version()
    first = patient_texts.latest(version, "fr")
    client.force_login(practitioner)
    response = client.post(
        _url("patient_text_add", version),
        _post_data(first, side_effects="Rougeur sans durée", note="", risks=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "side_effects" in form.errors and "note" in form.errors and "risks" in form.errors
    assert "Nothing was saved" in response.content.decode()
    assert patient_texts.latest(version, "fr").revision == first.revision


def test_a_language_with_no_text_starts_from_the_english_to_translate(
    client, practitioner, settings
):
    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "Italiano")]
    version = _version()
    client.force_login(practitioner)
    page = client.get(_url("patient_text", version, "it")).content.decode()
    assert "documents use the English text" in page
    response = client.get(_url("patient_text_add", version, "it"))
    assert "starts from the English text" in response.content.decode()
    assert response.context["form"].initial["procedure"] == (
        patient_texts.latest(version, "en").procedure
    )


def test_review_needs_the_confirmation_then_records_the_clinician_and_the_card_says_so(
    client, practitioner
):
    version = _version()
    text = patient_texts.latest(version, "fr")
    client.force_login(practitioner)
    review_url = _url("patient_text_review", version, revision=text.revision)
    page = client.get(review_url).content.decode()
    assert "data-confirm=" in page and text.risks[:30] in page

    unconfirmed = client.post(review_url, {})
    assert unconfirmed.status_code == 200
    assert "Tick the box" in unconfirmed.content.decode()
    text.refresh_from_db()
    assert not text.is_reviewed

    assert client.post(review_url, {"confirm": "on"}).status_code == 302
    text.refresh_from_db()
    assert text.is_reviewed and text.reviewed_by == practitioner and text.reviewed_at
    assert AuditEvent.objects.filter(
        action="protocol.patient_text_reviewed", actor=practitioner
    ).exists()
    card = client.get(version.protocol.get_absolute_url()).content.decode()
    assert "Français: revision 1, reviewed" in card or "French: revision 1, reviewed" in card
    assert 'data-testid="patient-text-to-review"' not in card
    again = client.post(review_url, {"confirm": "on"}, follow=True)
    assert "already been reviewed" in again.content.decode()


def test_a_clinic_admin_adds_text_but_cannot_mark_it_reviewed(client, clinic_admin):
    version = _version()
    client.force_login(clinic_admin)
    page = client.get(_url("patient_text", version)).content.decode()
    assert "Review this revision" not in page
    response = client.post(_url("patient_text_review", version, revision=1), {"confirm": "on"})
    assert response.status_code == 403
    assert not patient_texts.latest(version, "fr").is_reviewed
