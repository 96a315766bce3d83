"""The aftercare and pre-care sheets read back from their PDF (pypdf): the right patient,
protocol, lots, instructions and next appointment; who may print them, and the audit."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clinic.models import AuditEvent
from protocols.tests.factories import LotFactory, ProductFactory
from sessions.documents import sheets
from sessions.models import DocumentHandout, TreatmentSession
from sessions.tests.factories.charts import chart, charted_session_kwargs
from sessions.tests.factories.courses import FISH_OIL, WARFARIN, library_course
from tests.support import flat, pdf_pages, pdf_text

Status = TreatmentSession.Status
pytestmark = pytest.mark.django_db


# --- Aftercare sheet ------------------------------------------------------------------------


def test_the_aftercare_sheet_tells_what_was_done_and_the_next_appointment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = library_course()
    chart(sessions[0])
    data = sheets.render_aftercare_sheet(sessions[0])
    text = flat(pdf_text(data))
    assert "Jane Doe" in text
    assert "hyaluronic acid skin booster for the face" in text  # the patient text's name
    assert "SESSION 1 OF 3" in text.upper()
    assert "Hydra Booster 14" in text and "HB2611-A" in text and "2 mL" in text
    # Normal effects and how long (protocol side effects), do / avoid (protocol aftercare).
    assert "Small bruises and bleeding points" in text
    assert "Do not wear make-up for 24 hours." in text
    assert "hold an ice pack" in text
    # When to call at once, and the clinic's number.
    for sign in ("painful lump", "discharge or an abscess", "Fever", "Difficulty swallowing"):
        assert sign in text
    assert "Hair loss at the injection sites" in text
    assert "+33 1 23 45 67 89" in text
    second = timezone.localtime(sessions[1].starts_at)
    assert f"{second:%A} {second.day} {second:%B %Y} at 10:00" in text
    assert "session 2 of 3" in text


def test_a_typical_aftercare_sheet_fits_one_a4_page(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course()
    product = ProductFactory(name="Hydra Booster 14")
    lots = [
        LotFactory(product=product, lot_number="HB2611-A"),
        LotFactory(product=ProductFactory(name="Lidocaine 1 %"), lot_number="LD-0042"),
    ]
    chart(sessions[0], lots=lots)
    data = sheets.render_aftercare_sheet(sessions[0])
    assert pdf_pages(data) == 1
    page = PdfReader(BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842


def test_the_last_session_of_a_course_points_to_the_review(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = library_course(sessions_count=1)
    chart(sessions[0])
    text = flat(pdf_text(sheets.render_aftercare_sheet(sessions[0])))
    assert "Your course is complete" in text


def test_the_aftercare_lines_are_sorted_into_do_avoid_and_call_and_none_is_lost():
    do, avoid, call = sheets.split_aftercare(
        [
            "Do not wear make-up for 24 hours.",
            "No sun for 48 hours [P9].",
            "For 48 hours, avoid exercise.",
            "Hold an ice pack on it.",
            "Contact us straight away if you notice a new painful lump.",
        ]
    )
    assert do == ["Hold an ice pack on it."]
    assert call == ["Contact us straight away if you notice a new painful lump."]
    assert avoid == [
        "Do not wear make-up for 24 hours.",
        "No sun for 48 hours.",
        "For 48 hours, avoid exercise.",
    ]


def test_the_pre_care_sheet_says_keep_taking_a_prescribed_blood_thinner_and_stop_fish_oil(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course(
        medications=[WARFARIN, FISH_OIL],
        override_reasons={
            "anticoagulant": "INR stable; GP agrees",
            "bleeding_risk_supplement": "Pauses it",
        },
    )
    data = sheets.render_precare_sheet(sessions[0])
    text = flat(pdf_text(data))
    assert "Keep taking Warfarin unless the doctor who prescribed it tells you otherwise" in text
    assert "we have noted it" in text
    assert "Stop taking Warfarin" not in text and "stop Warfarin" not in text.lower().replace(
        "keep taking warfarin", ""
    )
    session_day = timezone.localtime(sessions[0].starts_at).date()
    stop_on = session_day - datetime.timedelta(days=7)
    # One dated instruction per substance, from the catalogue's window (issue 11).
    assert (
        f"Stop taking Fish oil from {stop_on:%A} {stop_on.day} {stop_on:%B} (7 days before "
        f"your session on {session_day:%A} {session_day.day} {session_day:%B})"
    ) in text
    starts = timezone.localtime(sessions[0].starts_at)
    assert f"{starts.day} {starts:%B %Y}, 10:00–10:45" in text
    assert "What to bring" in text
    # The protocol's own pre-care lines follow.
    assert "Come without make-up" in text


def test_a_patient_without_risky_medicines_gets_no_medicine_section(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course()
    context = sheets.precare_sheet_context(sessions[0])
    assert context["medicines"] == []
    assert "Your medicines" not in flat(pdf_text(sheets.render_precare_sheet(sessions[0])))


# --- Views: permission, audit, handout states -----------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("practitioner", 200), ("front_desk", 403), ("clinic_admin", 200), ("no_role_user", 403)],
)
def test_sheets_need_the_session_permission(client, request, settings, tmp_path, persona, status):
    """The front desk's sheets wait for a release (test_releases.py); clinical roles print."""
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(request.getfixturevalue(persona))
    for name in ("treatments:aftercare_sheet", "treatments:precare_sheet"):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == status, name
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["Cache-Control"].startswith("private")


def test_printing_a_sheet_is_audited_and_leaves_a_draft_handout(
    client, practitioner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(practitioner)
    client.get(reverse("treatments:aftercare_sheet", kwargs=kwargs))
    event = AuditEvent.objects.filter(action="document.printed").latest("pk")
    assert event.details["kind"] == "aftercare"
    handout = DocumentHandout.objects.get(treatment_session_id=kwargs["pk"], kind="aftercare")
    assert handout.status == DocumentHandout.Status.DRAFT


def test_an_uncharted_session_has_no_aftercare_sheet_yet(client, practitioner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course(book_sessions=1)
    client.force_login(practitioner)
    response = client.get(reverse("treatments:aftercare_sheet", args=[sessions[0].pk]))
    assert response.status_code == 409
    assert "not been charted" in response.content.decode()


def test_the_aftercare_sheet_warns_a_darker_skin_type_about_pigmentation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course()
    chart(sessions[0])
    patient = sessions[0].patient
    patient.fitzpatrick_type = 5
    patient.save(update_fields=["fitzpatrick_type"])
    assert any("darken" in line for line in sheets.aftercare_sheet_context(sessions[0])["do"])
    patient.fitzpatrick_type = 2
    patient.save(update_fields=["fitzpatrick_type"])
    assert not any("darken" in line for line in sheets.aftercare_sheet_context(sessions[0])["do"])
