"""Patient texts of protocol versions: per language, append-only revisions with who and when,
a clinician review, English and French seeded, copied forward to new versions (issue 15)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from protocols import patient_texts, seed_data, services
from protocols.models import Protocol, ProtocolPatientText
from protocols.seed import load_reference_library
from protocols.seed_patient_texts import seed_texts

pytestmark = pytest.mark.django_db

HA = "ha-skin-booster-face"


def _version(slug=HA):
    load_reference_library()
    return Protocol.objects.get(slug=slug).current_version


def test_every_seeded_protocol_has_english_reviewed_and_french_to_be_reviewed():
    load_reference_library()
    for row in seed_data.PROTOCOLS:
        version = Protocol.objects.get(slug=row["slug"]).current_version
        state = patient_texts.review_state(version)
        assert state["en"].is_reviewed, row["slug"]
        assert state["fr"].review_status == ProtocolPatientText.Review.TO_REVIEW, row["slug"]
        assert state["fr"].procedure.startswith("Votre praticien"), row["slug"]
        assert state["fr"].call_at_once or row["slug"] in (
            "dutasteride-scalp-0-01",
            "minoxidil-scalp-2",
            "cellulite-intradermal-aminophylline",
            "cellulite-deep-aminophylline",
            "pcdc-injection-lipolysis-body",
        )


def test_every_french_seed_line_has_the_same_number_of_lines_as_the_english():
    for row in seed_data.PROTOCOLS:
        texts = seed_texts(row)
        for field in ("pre_care", "aftercare", "call_at_once", "side_effects"):
            assert len(texts["fr"][field]) == len(texts["en"][field]), (row["slug"], field)


def test_a_saved_revision_never_changes_and_a_correction_is_the_next_revision(practitioner):
    version = _version()
    first = patient_texts.latest(version, "fr")
    first.risks = "Changé"
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    fields = {name: getattr(first, name) for name in ("name", "procedure", "benefits")}
    fields |= {
        "side_effects": first.side_effects,
        "risks": "Risques corrigés.",
        "alternatives": first.alternatives,
        "pre_care": first.pre_care,
        "aftercare": first.aftercare,
        "call_at_once": first.call_at_once,
    }
    second = patient_texts.patient_text_add(
        version=version, language="fr", fields=fields, note="Faute corrigée", by=practitioner
    )
    assert second.revision == 2 and second.created_by == practitioner
    assert not second.is_reviewed
    assert patient_texts.patient_text_for(version, "fr").text == second
    first.refresh_from_db()
    assert first.risks != "Risques corrigés."
    assert AuditEvent.objects.filter(action="protocol.patient_text_added").exists()


def test_a_revision_needs_a_note_and_a_configured_language(practitioner):
    version = _version()
    fields = {name: getattr(patient_texts.latest(version, "en"), name) for name in ("name",)}
    with pytest.raises(ValidationError):
        patient_texts.patient_text_add(
            version=version, language="fr", fields=fields, note=" ", by=practitioner
        )
    with pytest.raises(ValidationError):
        patient_texts.patient_text_add(
            version=version, language="xx", fields=fields, note="new", by=practitioner
        )


def test_a_clinician_review_records_who_and_when_once(practitioner):
    text = patient_texts.latest(_version(), "fr")
    reviewed = patient_texts.patient_text_review(text=text, by=practitioner)
    assert reviewed.is_reviewed and reviewed.reviewed_by == practitioner and reviewed.reviewed_at
    with pytest.raises(ValidationError):
        patient_texts.patient_text_review(text=reviewed, by=practitioner)


def test_a_missing_translation_falls_back_to_english_and_says_so():
    version = _version()
    ProtocolPatientText.objects.filter(version=version, language="fr").delete()  # queryset
    chosen = patient_texts.patient_text_for(version, "fr")
    assert chosen.is_fallback and chosen.language == "en"
    assert chosen.fields(version)["procedure"].startswith("Your practitioner")


def test_a_version_without_any_patient_text_still_gives_english_words():
    version = _version()
    ProtocolPatientText.objects.filter(version=version).delete()
    words = patient_texts.patient_text_for(version, "fr").fields(version)
    assert all(words[name] for name in ("name", "procedure", "benefits", "risks"))


def test_a_new_version_copies_the_texts_forward_and_says_so(clinic_admin):
    version = _version()
    content, blend = services.version_content(version)
    unchanged = services.protocol_revise(
        protocol=version.protocol,
        content=content,
        blend=blend,
        change_note="Wording of the summary",
        by=clinic_admin,
    )
    copies = patient_texts.review_state(unchanged)
    assert copies["en"].revision == 1 and copies["en"].is_reviewed  # same words, same review
    assert not copies["fr"].is_reviewed  # the French was not reviewed before either
    assert "Copied from" in copies["fr"].note and copies["fr"].risks == (
        patient_texts.latest(version, "fr").risks
    )
    content["aftercare"] = [*content["aftercare"], "Sleep on your back for one night."]
    changed = services.protocol_revise(
        protocol=version.protocol,
        content=content,
        blend=blend,
        change_note="Added a line",
        by=clinic_admin,
    )
    again = patient_texts.review_state(changed)
    assert "Sleep on your back for one night." in again["en"].aftercare
    assert not again["en"].is_reviewed and "aftercare" in again["en"].note


def test_the_card_says_the_french_text_is_not_yet_reviewed(client, practitioner):
    version = _version()
    client.force_login(practitioner)
    page = client.get(version.protocol.get_absolute_url()).content.decode()
    assert 'data-testid="patient-text-to-review"' in page
    assert "not yet reviewed by a clinician" in page
    patient_texts.patient_text_review(text=patient_texts.latest(version, "fr"), by=practitioner)
    page = client.get(version.protocol.get_absolute_url()).content.decode()
    assert "not yet reviewed by a clinician" not in page


def test_the_admin_lists_the_review_state(client, admin_user):
    version = _version()
    client.force_login(admin_user)
    page = client.get(reverse("admin:protocols_protocolversion_changelist")).content.decode()
    assert "fr: not yet reviewed" in page and "en: reviewed" in page
    texts = client.get(reverse("admin:protocols_protocolpatienttext_changelist"))
    assert texts.status_code == 200 and str(version) in texts.content.decode()
