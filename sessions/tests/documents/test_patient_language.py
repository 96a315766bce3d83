"""Patient documents in the patient's language (issue 15): the consent, pre-care and aftercare
sheets, course report and follow-up e-mails read back in French for a `fr` patient and in
English for an `en` one; the consent keeps its language and patient-text revision; a missing
translation falls back to English visibly; French typography; one A4 page holds in French."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clinic.typography import NBSP
from patients import services as patient_services
from patients.models import PatientMedication
from protocols import patient_texts
from protocols.models import ProtocolPatientText
from protocols.seed_data import PROTOCOLS
from sessions.documents import consent_form, course_report, sheets
from sessions.documents import consents as consent_services
from sessions.followups import delivery
from sessions.models import FollowUp
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import FISH_OIL, WARFARIN, library_course
from tests.support import flat, pdf_pages, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

REASONS = {"anticoagulant": "GP agrees", "bleeding_risk_supplement": "Discussed"}


def course_in(language, *, slug="ha-skin-booster-face", medications=(WARFARIN, FISH_OIL)):
    plan, sessions = library_course(slug=slug, medications=medications, override_reasons=REASONS)
    patient = plan.patient
    patient.preferred_language, patient.email = language, "jane@example.org"
    patient.contact_by_email = True
    patient.save()
    for treatment_session in sessions:
        treatment_session.refresh_from_db()
    plan.refresh_from_db()
    return plan, sessions


def follow_up_message(treatment_session, kind):
    follow_up = FollowUp(
        kind=kind,
        channel=FollowUp.Channel.EMAIL,
        patient=treatment_session.patient,
        treatment_session=treatment_session,
        due_at=treatment_session.starts_at,
        idempotency_key=f"language-{kind}",
    )
    return delivery.follow_up_email(follow_up)


# --- Each document, in French and in English --------------------------------------------------


def test_a_french_patient_gets_a_french_consent(practitioner):
    plan, _sessions = course_in("fr")
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    assert record.language == "fr" and record.patient_text.language == "fr"
    text = flat(pdf_text(consent_form.render_consent(record)))
    assert "Consentement au traitement : soin du visage à l’acide hyaluronique" in text
    assert "Votre praticien fait de nombreuses injections très petites et superficielles" in text
    assert "Le déroulement du soin" in text and "Bénéfices attendus" in text
    assert "Acide hyaluronique non réticulé, 14 mg/g, 2 mL par séance" in text
    assert "infection par des mycobactéries atypiques" in text
    assert "Vous n’êtes pas obligé(e) de faire ce soin." in text
    assert "Continuez à prendre votre anticoagulant" in text
    assert "né(e) le 14 mars 1985" in text  # dates as « 4 décembre 2026 »
    # Read as a French patient reads it: no capital mid-sentence, no double brackets, the
    # treatment named once, the time introduced by « à ».
    assert "Zones traitées : visage." in text
    assert "Traitement : soin du visage à l’acide hyaluronique (" in text  # then « version 1 »
    assert "du protocole). Préparé le" in text
    assert "Crème à la lidocaïne (crème anesthésiante), uniquement si vous êtes d’accord" in text
    assert ") (" not in text and "))" not in text and " v1" not in text
    assert re.search(r"préparé par .+ le \d+ décembre 2026 à \d\d:\d\d\.", text)
    assert "Langue de ce formulaire : Français." in text
    assert "J’accepte une cure de 3 séances de soin du visage à l’acide hyaluronique" in text
    for english in ("The procedure", "What is injected", "Expected benefits", "Your consent"):
        assert english not in text


def test_an_english_patient_gets_an_english_consent(practitioner):
    plan, _sessions = course_in("en")
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    text = flat(pdf_text(consent_form.render_consent(record)))
    assert record.language == "en"
    assert "Consent to treatment: hyaluronic acid skin booster for the face" in text
    assert "Your practitioner makes many very small, shallow injections" in text
    assert "Language of this form: English." in text
    assert "Votre praticien" not in text


def test_the_french_sheets_report_and_e_mails_read_as_french(practitioner):
    plan, sessions = course_in("fr")
    first = sessions[0]
    precare = pdf_text(sheets.render_precare_sheet(first))
    assert "Avant votre séance" in flat(precare)
    assert "Continuez à prendre Warfarin" in flat(precare)
    assert "Arrêtez de prendre Fish oil à partir du lundi 7 décembre" in flat(precare)
    assert "Buvez 1 à 1,5 litre d’eau le jour du soin." in flat(precare)
    chart(first)
    aftercare = pdf_text(sheets.render_aftercare_sheet(first))
    assert "Après votre séance de soin du visage à l’acide hyaluronique" in flat(aftercare)
    assert "Ne vous maquillez pas pendant 24 heures." in flat(aftercare)
    assert "Contactez-nous tout de suite si vous remarquez une nouvelle boule" in flat(aftercare)
    assert "Du pus, un écoulement ou un abcès" in flat(aftercare)  # the call-at-once signs
    assert "lundi 28 décembre 2026" in flat(aftercare).lower()
    assert "HB2611-A décembre 2027" in flat(aftercare) and "Déc " not in flat(aftercare)
    report = flat(pdf_text(course_report.render_course_report(plan)))
    # The patient's name of the treatment as a title, never the library's English name.
    assert "BILAN DE CURE Soin du visage à l’acide hyaluronique Version 1 du protocole" in report
    assert "Hyaluronic" not in report and "Imprimé le " in report
    assert "pér. décembre 2027" in report and "Déc" not in report
    assert "Terminée" in report and "Réservée" in report  # agreed with « séance »
    assert "1 séance réalisée sur 3" in report
    check = follow_up_message(first, FollowUp.Kind.POST_TREATMENT_CHECK)
    reminder = follow_up_message(first, FollowUp.Kind.NEXT_SESSION_REMINDER)
    assert "Bonjour Jane," in check.body
    assert "après votre traitement du lundi 14 décembre 2026" in check.body
    assert f"Appelez-nous immédiatement si vous remarquez l’un des signes suivants{NBSP}:" in (
        check.body
    )
    assert reminder.subject.startswith(f"Rappel{NBSP}: votre prochaine séance le lundi 14 décembre")
    for message in (check, reminder):
        assert "Dear" not in message.body and "Reminder" not in message.subject


def test_the_english_sheets_report_and_e_mails_stay_english(practitioner):
    plan, sessions = course_in("en")
    first = sessions[0]
    precare = flat(pdf_text(sheets.render_precare_sheet(first)))
    assert "Keep taking Warfarin" in precare and "Drink 1 to 1.5 litres of water" in precare
    chart(first)
    aftercare = flat(pdf_text(sheets.render_aftercare_sheet(first)))
    assert "Do not wear make-up for 24 hours." in aftercare
    assert "Pus, discharge or an abscess" in aftercare
    report = flat(pdf_text(course_report.render_course_report(plan)))
    assert "COURSE REPORT Hyaluronic acid skin booster for the face Protocol version 1" in report
    assert "exp. December 2027" in report
    check = follow_up_message(first, FollowUp.Kind.POST_TREATMENT_CHECK)
    assert "Dear Jane" in check.body and "Please call us straight away" in check.body


# --- The consent keeps its language and the words it showed --------------------------------


def test_a_translation_fix_keeps_the_signed_text_and_a_new_consent_uses_the_fix(
    client, practitioner
):
    plan, _sessions = course_in("fr")
    signed = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    consent_services.consent_mark_signed_on_paper(record=signed, by=practitioner)
    before = signed.text
    version = plan.protocol_version
    current = patient_texts.latest(version, "fr")
    fields = {name: getattr(current, name) for name in patient_texts.TEXT_FIELDS}
    fields["benefits"] = "Le but est une peau plus hydratée (texte corrigé)."
    fix = patient_texts.patient_text_add(
        version=version, language="fr", fields=fields, note="Relecture", by=practitioner
    )
    signed.refresh_from_db()
    assert signed.text == before and signed.patient_text == current  # nothing re-opened
    assert signed.is_signed
    again = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    assert again.patient_text == fix and "texte corrigé" in again.text
    client.force_login(practitioner)
    page = client.get(reverse("treatments:consent_verify", args=[signed.pk])).content.decode()
    assert 'data-testid="consent-language"' in page and "Français" in page
    assert "revision 1 (fr)" in page or "révision 1" in page


def test_a_missing_french_text_falls_back_to_english_and_says_so(practitioner):
    plan, sessions = course_in("fr")
    ProtocolPatientText.objects.filter(version=plan.protocol_version, language="fr").delete()
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    text = flat(pdf_text(consent_form.render_consent(record)))
    assert "La description de ce soin n’est pas encore disponible en français" in text
    assert "Your practitioner makes many very small, shallow injections" in text
    assert record.language == "fr" and record.patient_text.language == "en"
    chart(sessions[0])
    aftercare = flat(pdf_text(sheets.render_aftercare_sheet(sessions[0])))
    assert "Ces consignes ne sont pas encore disponibles en français" in aftercare
    assert "Do not wear make-up for 24 hours." in aftercare


# --- Plain language, typography, one page --------------------------------------------------

STAFF_TERMS = re.compile(
    r"unclassified|not from the catalogue|non classé|catalogue|micropapul|intradermal"
    r"|intradermique|mL per point|mL par point|open-label|essai ouvert"
    r"|\[[A-Z]{1,3}\d{1,3}\]|Fitzpatrick",
    re.IGNORECASE,
)
# A sentence that starts in lower case after a full stop: what citation stripping left behind
# ("…other HA products. was open-label…").
BROKEN_SENTENCE = re.compile(r"[a-zé)]\. [a-zàâçéèêëîïôûù]")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("slug", [row["slug"] for row in PROTOCOLS])
def test_no_consent_has_staff_jargon_or_broken_sentences(practitioner, language, slug):
    plan, _sessions = course_in(language, slug=slug)
    # A medicine typed as free text: the consent once printed "Unclassified medication: ...
    # Recorded as free text, not from the catalogue."
    patient_services.medication_add(
        patient=plan.patient,
        medication=PatientMedication(free_text_name="Herbal tea blend"),
        by=practitioner,
    )
    text = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    ).text
    found = STAFF_TERMS.search(text)
    assert found is None, (slug, language, found and found.group(0))
    broken = BROKEN_SENTENCE.search(text)
    assert broken is None, (slug, language, text[broken.start() - 60 : broken.end() + 20])
    if language == "fr":
        assert f"{NBSP}:" in text and " :" not in text.replace(f"{NBSP}:", "")


@pytest.mark.parametrize("slug", [row["slug"] for row in PROTOCOLS])
def test_the_french_sheets_keep_to_one_a4_page_where_the_english_ones_do(slug):
    _plan, sessions = course_in("en", slug=slug)
    first = sessions[0]
    chart(first)
    counts = {}
    for language in ("en", "fr"):
        first.patient.preferred_language = language
        counts[language] = (
            pdf_pages(sheets.render_precare_sheet(first)),
            pdf_pages(sheets.render_aftercare_sheet(first)),
        )
    assert counts["fr"][0] == 1 == counts["en"][0]  # pre-care: one page for every protocol
    # Aftercare: one page in French wherever it is one page in English (KYBELLA's long list
    # of side effects takes two in both).
    assert counts["fr"][1] <= counts["en"][1]
    assert counts["fr"][1] == 1 or slug == "deoxycholic-acid-submental-kybella"


def test_the_e_mail_outbox_is_not_touched_by_rendering():
    assert mail.outbox == []
