"""Documents: the rendering module's fetcher and escaping, and each sheet read back from its
PDF (pypdf) — the right patient, protocol, lots, instructions and next appointment.

The helpers at the top (`course`, `chart`) build a realistic course from the reference
library; the URL-walk table may import them for sample arguments."""

import datetime
import hashlib
import http.server
import threading
import uuid
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clinic import roles
from clinic.models import AuditEvent
from clinic.pdf import html_to_pdf, render_pdf, url_refusal
from patients import services
from patients.models import Measurement, PatientMedication
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.models import Product, Protocol
from protocols.seed import load_reference_library
from protocols.tests.factories import LotFactory, ProductFactory
from sessions.documents import buttons, course_report, handouts, sheets, svg_chart
from sessions.documents import context as documents_context
from sessions.models import Chart, ChartProduct, DocumentHandout, TreatmentSession
from sessions.scheduling import booking
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import RoomFactory, at, next_weekday, working_week
from tests.support import free_port, make_user

Status = TreatmentSession.Status


pytestmark = pytest.mark.django_db


# --- Helpers (also used by test_consents.py) -------------------------------------------------


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def flat(text: str) -> str:
    """PDF text with line breaks and repeated spaces folded, for phrase assertions."""
    return " ".join(text.split())


def course(
    *,
    first_name="Jane",
    last_name="Doe",
    medications=(),
    override_reasons=None,
    slug="ha-skin-booster-face",
    sessions_count=3,
    practitioner=None,
    book_sessions=None,
):
    """A patient with a reviewed history, a plan from the reference library and its course
    booked on Mondays two weeks apart (next week first). Returns (plan, sessions)."""
    load_reference_library()
    practitioner = practitioner or make_user("practitioner", username=f"doc-{uuid.uuid4().hex[:6]}")
    practitioner.first_name, practitioner.last_name = "Claire", "Martin"
    practitioner.save(update_fields=["first_name", "last_name"])
    patient = PatientFactory(first_name=first_name, last_name=last_name)
    record_history(patient, by=practitioner)
    for name, risk_class, kind, days, prescribed in medications:
        services.medication_add(
            patient=patient,
            medication=PatientMedication(
                catalogue_entry=catalogue_entry(name, risk_class, kind, days),
                is_prescribed=prescribed,
            ),
            by=practitioner,
        )
    version = Protocol.objects.get(slug=slug).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=list(version.treatment_areas[:1]),
        sessions_count=sessions_count,
        interval_min_days=version.interval_min_days,
        interval_max_days=version.interval_max_days,
        override_reasons=override_reasons or {},
        by=practitioner,
    )
    room = RoomFactory(name="Room 1")
    room.location.address = "12 rue des Lilas\n75011 Paris"
    room.location.phone = "+33 1 23 45 67 89"
    room.location.save()
    working_week(practitioner, room.location)
    first = next_weekday(0)
    sessions = []
    for index in range(book_sessions if book_sessions is not None else sessions_count):
        start = at(first + datetime.timedelta(days=14 * index), 10)
        sessions.append(
            booking.session_book(
                patient=patient,
                practitioner=practitioner,
                room=room,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
                by=practitioner,
                plan=plan,
                sequence=index + 1,
            )
        )
    return plan, sessions


def chart(treatment_session, *, lots=None, areas=("face",), complete=True):
    """Chart a session directly (the charting feature's own tests cover its services)."""
    record = Chart.objects.create(
        treatment_session=treatment_session, areas=list(areas), technique="micropapules"
    )
    if lots is None:
        product = Product.objects.filter(name="Hydra Booster 14").first() or ProductFactory(
            name="Hydra Booster 14", maker="Laboratoire Derm"
        )
        lots = [
            product.lots.filter(lot_number="HB2611-A").first()
            or LotFactory(product=product, lot_number="HB2611-A")
        ]
    for lot in lots:
        ChartProduct.objects.create(chart=record, lot=lot, volume_ml=Decimal("2.000"))
    if complete:
        TreatmentSession.objects.filter(pk=treatment_session.pk).update(
            status=Status.COMPLETED, completed_at=timezone.now()
        )
        treatment_session.refresh_from_db()
    return record


def charted_session_kwargs() -> dict:
    """Sample URL kwargs for the URL walk: a completed, charted first session."""
    _plan, sessions = course(book_sessions=2)
    chart(sessions[0])
    return {"pk": sessions[0].pk}


# --- The rendering module: fetcher and escaping ---------------------------------------------


def test_a_patient_named_like_an_html_tag_is_printed_as_text_and_no_file_is_read(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = course(first_name='<img src="file:///etc/passwd">', last_name="Doe")
    chart(sessions[0])
    data = sheets.render_aftercare_sheet(sessions[0])
    text = flat(pdf_text(data))
    assert '<img src="file:///etc/passwd"> Doe' in text
    assert b"root:x:0:0" not in data and "root:x:0:0" not in text


def _hostile_html(http_port: int) -> str:
    big = "data:image/png;base64," + "A" * 400_000
    return f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{http_port}/evil.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="../../clinic/settings.py">
      <style>@import url("https://127.0.0.1:{http_port}/x.css");
             body {{ background: url(file:///etc/hostname); }}</style>
    </head><body>
      <p>Visible text stays.</p>
      <img src="http://127.0.0.1:{http_port}/pixel.png" alt="[network image refused]">
      <img src="file:///etc/passwd" alt="[file image refused]">
      <img src="fonts/../../../clinic/settings.py" alt="[escape refused]">
      <img src="{big}" alt="[big data refused]">
      <a rel="attachment" href="file:///etc/passwd">attach</a>
    </body></html>"""


def test_the_fetcher_refuses_network_files_outside_static_escapes_and_big_data_urls():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from clinic.pdf import StaticOnlyFetcher

        fetcher = StaticOnlyFetcher()
        data = html_to_pdf(_hostile_html(port), fetcher=fetcher)
    finally:
        server.shutdown()
    text = flat(pdf_text(data))
    assert hits == []  # not one request reached the server
    assert "Visible text stays." in text
    for alt in ("[network image refused]", "[file image refused]", "[escape refused]"):
        assert alt in text
    assert "[big data refused]" in text
    reader = PdfReader(BytesIO(data))
    assert reader.attachments == {}
    assert b"root:x:0:0" not in data and b"SECRET_KEY" not in data
    refused = " ".join(url for url, _reason in fetcher.refused)
    assert "http://127.0.0.1" in refused and "file:///etc/passwd" in refused
    assert "clinic/settings.py" in refused  # the ../ escape, resolved then refused
    assert "400022 characters" in refused  # the big data: URL, refused before decoding


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("file:///etc/passwd", False),
        ("http://example.org/a.png", False),
        ("https://example.org/a.png", False),
        ("ftp://example.org/a.png", False),
        ("data:text/html,<b>x</b>", False),
        ("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", False),
        ("file://evil.example/etc/passwd", False),
        ("relative/path.png", False),
    ],
)
def test_the_url_policy(url, allowed):
    assert (url_refusal(url) is None) is allowed


def test_the_url_policy_serves_our_static_files_and_not_a_path_that_climbs_out():
    from clinic.pdf import PDF_STATIC_DIR

    font = (PDF_STATIC_DIR / "fonts" / "DejaVuSans.ttf").as_uri()
    assert url_refusal(font) is None
    climbing = PDF_STATIC_DIR.as_uri() + "/fonts/../../../clinic/settings.py"
    assert url_refusal(climbing) is not None


def test_the_url_policy_takes_a_small_png_and_refuses_a_pixel_bomb():
    import base64

    from PIL import Image

    def png(size):
        buffer = BytesIO()
        Image.new("1", size).save(buffer, "PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    assert url_refusal(png((40, 20))) is None
    bomb = png((5000, 5000))  # 25 megapixels in a few kilobytes
    assert len(bomb) < 300_000
    assert "pixels" in url_refusal(bomb)


def test_every_page_has_the_clinic_the_patient_and_its_number(settings):
    settings.CLINIC_NAME = "Clinique des Lilas"
    patient = PatientFactory(first_name="Anna", last_name="Long")
    context = documents_context.document_base("Test", patient)
    context["blocks"] = [{"kind": "paragraph", "text": "Line of text. " * 40}] * 40
    data = render_pdf("pdf/consent_form.html", {**context, "heading": "Long", "record_id": 1})
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert "Clinique des Lilas" in text
        assert f"Anna Long · Chart {patient.chart_number}" in text
        assert f"Page {number} of {len(reader.pages)}" in text


# --- Aftercare sheet ------------------------------------------------------------------------


def test_the_aftercare_sheet_tells_what_was_done_and_the_next_appointment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = course()
    chart(sessions[0])
    data = sheets.render_aftercare_sheet(sessions[0])
    text = flat(pdf_text(data))
    assert "Jane Doe" in text
    assert "HA skin booster" in text or plan.protocol_version.protocol.name in text
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
    _plan, sessions = course()
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
    plan, sessions = course(sessions_count=1)
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


# --- Pre-care sheet -------------------------------------------------------------------------


WARFARIN = ("Warfarin", "anticoagulant", "prescription", None, True)
FISH_OIL = ("Fish oil", "bleeding_risk_supplement", "supplement", 7, False)


def test_the_pre_care_sheet_says_keep_taking_a_prescribed_blood_thinner_and_stop_fish_oil(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = course(
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
    assert "Stop taking Fish oil 7 days before your session" in text
    stop_on = timezone.localtime(sessions[0].starts_at).date() - datetime.timedelta(days=7)
    assert f"Stop from {stop_on:%A} {stop_on.day} {stop_on:%B}." in text
    starts = timezone.localtime(sessions[0].starts_at)
    assert f"{starts.day} {starts:%B %Y}, 10:00–10:45" in text
    assert "What to bring" in text
    # The protocol's own pre-care lines follow.
    assert "Come without make-up" in text


def test_a_patient_without_risky_medicines_gets_no_medicine_section(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = course()
    context = sheets.precare_sheet_context(sessions[0])
    assert context["medicines"] == []
    assert "Your medicines" not in flat(pdf_text(sheets.render_precare_sheet(sessions[0])))


# --- Course report --------------------------------------------------------------------------


def test_the_course_report_lists_sessions_lots_and_measurements_with_an_svg_chart(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = course()
    for index, treatment_session in enumerate(sessions[:2]):
        chart(treatment_session, lots=[LotFactory(lot_number=f"LOT-{index}")])
        Measurement.objects.create(
            patient=plan.patient,
            treatment_session=treatment_session,
            scale="gais_practitioner",
            value=Decimal(3 - index),
            recorded_at=treatment_session.starts_at,
            recorded_by=treatment_session.practitioner,
        )
    context = course_report.course_report_context(plan)
    svg = str(context["charts"][0]["svg"])
    assert svg.startswith("<svg") and "<polyline" in svg
    text = flat(pdf_text(course_report.render_course_report(plan)))
    assert "LOT-0" in text and "LOT-1" in text
    assert "2 of 3 sessions completed" in text
    assert "GAIS" in text and "Much improved" in text


def test_the_svg_chart_escapes_its_labels():
    svg = svg_chart.svg_line_chart(
        [svg_chart.Series(label="<script>", points=[(datetime.date(2026, 1, 1), 1.0)])]
    )
    assert "<script>" not in svg


def test_the_course_report_shows_only_photos_the_patient_agreed_to(settings, tmp_path):
    from PIL import Image

    from sessions.models import Photo

    settings.MEDIA_ROOT = tmp_path
    plan, sessions = course()
    chart(sessions[0])

    def photo(moment, colour, consent):
        buffer = BytesIO()
        Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG")
        raw = buffer.getvalue()
        item = Photo(
            patient=plan.patient,
            treatment_session=sessions[0],
            area="face",
            moment=moment,
            content_type="image/jpeg",
            size_bytes=len(raw),
            sha256=hashlib.sha256(raw).hexdigest(),
            consent_for_report=consent,
            uploaded_by=sessions[0].practitioner,
        )
        from django.core.files.base import ContentFile

        item.image.save("x.jpg", ContentFile(raw), save=True)
        return item

    photo("before", "red", True)
    photo("after", "blue", True)
    photo("after", "green", False)
    context = course_report.course_report_context(plan)
    figures = context["photo_pairs"][0]["figures"]
    assert [f["label"] for f in figures] == ["Before, Face", "After, Face"]
    assert all(f["src"].startswith("data:image/jpeg;base64,") for f in figures)
    data = course_report.render_course_report(plan)
    assert len(PdfReader(BytesIO(data)).pages[-1].images) >= 1 or any(
        page.images for page in PdfReader(BytesIO(data)).pages
    )


# --- Views: permission, audit, handout states -----------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("practitioner", 200), ("front_desk", 200), ("clinic_admin", 200), ("no_role_user", 403)],
)
def test_sheets_need_the_session_permission(client, request, settings, tmp_path, persona, status):
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


def test_a_handout_goes_draft_given_acknowledged(client, front_desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(front_desk)
    url = reverse("treatments:handout_given", kwargs={**kwargs, "kind": "aftercare"})
    response = client.post(url, {"channel": "printed"})
    assert response.status_code == 302
    handout = DocumentHandout.objects.get(treatment_session_id=kwargs["pk"], kind="aftercare")
    assert handout.status == "given" and handout.channel == "printed"
    assert handout.given_by == front_desk and handout.given_at
    url = reverse("treatments:handout_acknowledged", kwargs={**kwargs, "kind": "aftercare"})
    client.post(url, {"how": "Confirmed at the next visit"})
    handout.refresh_from_db()
    assert handout.status == "acknowledged" and handout.acknowledged_how.startswith("Confirmed")


def test_an_uncharted_session_has_no_aftercare_sheet_yet(client, practitioner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = course(book_sessions=1)
    client.force_login(practitioner)
    response = client.get(reverse("treatments:aftercare_sheet", args=[sessions[0].pk]))
    assert response.status_code == 409
    assert "not been charted" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("practitioner", 200), ("front_desk", 403), ("clinic_admin", 200)],
)
def test_the_course_report_needs_the_clinical_record_permission(
    client, request, settings, tmp_path, persona, status
):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = course(book_sessions=1)
    chart(sessions[0])
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("treatments:course_report", args=[plan.pk]))
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(action="document.printed", target_id=str(plan.pk)).exists()


# --- Front-desk batch -----------------------------------------------------------------------


def _day_of_sheets():
    """Two patients booked the same Monday: (day, Ada's session, Grace's session)."""
    _plan, first = course(first_name="Ada", last_name="Lovelace", book_sessions=1)
    practitioner = first[0].practitioner
    plan, _none = course(
        first_name="Grace", last_name="Hopper", book_sessions=0, practitioner=practitioner
    )
    start = first[0].starts_at + datetime.timedelta(hours=2)
    second = booking.session_book(
        patient=plan.patient,
        practitioner=practitioner,
        room=first[0].room,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        by=practitioner,
        plan=plan,
        sequence=1,
    )
    return timezone.localtime(first[0].starts_at).date(), first[0], second


def test_a_small_batch_prints_at_once_one_sheet_per_session(client, front_desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day, first, _second = _day_of_sheets()
    client.force_login(front_desk)
    url = reverse("treatments:documents_batch")
    page = client.get(url, {"precare_day": day.isoformat(), "aftercare_day": ""})
    assert page.status_code == 200 and "Ada Lovelace" in page.content.decode()
    response = client.post(url, {"precare_day": day.isoformat(), "aftercare_day": ""})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    assert "Ada Lovelace" in reader.pages[0].extract_text()
    assert "Grace Hopper" in reader.pages[1].extract_text()
    assert "Page 1 of 1" in flat(reader.pages[1].extract_text())  # each sheet numbers its own


def test_a_large_batch_runs_in_the_background_with_progress_and_a_download(
    client,
    front_desk,
    practitioner,
    settings,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from sessions.documents import batches

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(batches, "BATCH_SYNC_LIMIT", 1)
    day, first, _second = _day_of_sheets()
    chart(first)
    client.force_login(front_desk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("treatments:documents_batch"),
            {"precare_day": day.isoformat(), "aftercare_day": day.isoformat()},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    status_url = response["Location"]
    batch_id = status_url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting for the background worker" in page and 'hx-trigger="every 2s"' in page
    job = batches.batch_run(batch_id)  # what the task does, called directly
    assert job["status"] == "done" and job["done"] == job["total"] == 2
    page = client.get(status_url).content.decode()
    assert "2 sheets are ready" in page
    download = client.get(reverse("treatments:documents_batch_download", args=[batch_id]))
    data = b"".join(download.streaming_content)
    assert pdf_pages(data) == 2
    text = pdf_text(data)
    assert "Getting ready for your" in text and "After your" in text
    # Running it again (a duplicated message) changes nothing.
    assert batches.batch_run(batch_id)["status"] == "done"
    # Another user cannot follow or fetch someone else's batch.
    client.force_login(practitioner)
    assert client.get(status_url).status_code == 403


def test_a_batch_no_worker_picked_up_can_be_prepared_in_the_request(
    client, front_desk, settings, tmp_path, monkeypatch
):
    import time

    from sessions.documents import batches

    settings.MEDIA_ROOT = tmp_path
    day, first, second = _day_of_sheets()
    batch_id = batches.batch_create(
        items=[("precare", first), ("precare", second)], by=front_desk, label="test"
    )
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 120)
    client.force_login(front_desk)
    url = reverse("treatments:documents_batch_status", args=[batch_id])
    assert "Prepare it here" in client.get(url).content.decode()
    assert "2 sheets are ready" in client.post(url).content.decode()


# --- The print buttons include ---------------------------------------------------------------


def _buttons(user, **objects):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/somewhere/")
    request.user = user
    context = buttons.document_buttons_context(user=user, **objects)
    return context, render_to_string("treatments/_document_buttons.html", context, request=request)


def test_the_buttons_of_a_charted_session_offer_both_sheets_and_run_no_query(
    front_desk, settings, tmp_path, django_assert_num_queries
):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = course()
    chart(sessions[0])
    handouts.handout_mark_given(
        treatment_session=sessions[0], kind="aftercare", channel="printed", by=front_desk
    )
    request = RequestFactory().get("/somewhere/")
    request.user = front_desk
    context = buttons.document_buttons_context(user=front_desk, treatment_session=sessions[0])
    roles.role_of(front_desk)  # the navigation context processor's one query, cached
    with django_assert_num_queries(0):
        html = render_to_string("treatments/_document_buttons.html", context, request=request)
    assert reverse("treatments:aftercare_sheet", args=[sessions[0].pk]) in html
    assert "printed 20" in html and "by Front Desk Tester" in html  # how, when, who
    assert reverse("treatments:course_report", args=[_plan.pk]) not in html  # no clinical perm
    # The session cannot start without consent: the include says so and offers the form.
    assert "There is no signed consent" in html
    _context, html = _buttons(front_desk, treatment_session=sessions[1])
    assert reverse("treatments:precare_sheet", args=[sessions[1].pk]) in html
    assert reverse("treatments:aftercare_sheet", args=[sessions[1].pk]) not in html


def test_the_buttons_of_a_plan_and_a_patient(practitioner, settings, tmp_path):
    from django.contrib.auth.models import Permission

    settings.MEDIA_ROOT = tmp_path
    practitioner.user_permissions.add(Permission.objects.get(codename="add_consentrecord"))
    practitioner = type(practitioner).objects.get(pk=practitioner.pk)  # fresh permission cache
    plan, _sessions = course(book_sessions=0)
    _context, html = _buttons(practitioner, plan=plan)
    assert reverse("treatments:course_report", args=[plan.pk]) in html
    assert reverse("treatments:consent_prepare", args=[plan.pk]) in html
    _context, html = _buttons(practitioner, patient=plan.patient)
    assert reverse("treatments:documents_batch") in html


def test_a_symlink_inside_static_that_points_outside_is_refused(tmp_path, monkeypatch):
    from clinic import pdf

    static = tmp_path / "static"
    (static / "pdf").mkdir(parents=True)
    (static / "pdf" / "logo.png").symlink_to("/etc/passwd")
    (static / "pdf" / "real.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(pdf, "STATIC_DIR", static.resolve())
    assert pdf.url_refusal((static / "pdf" / "real.png").as_uri()) is None
    assert pdf.url_refusal((static / "pdf" / "logo.png").as_uri()) is not None


def test_a_clinic_logo_outside_static_is_ignored(settings):
    settings.CLINIC_LOGO = "../clinic/settings.py"
    assert documents_context.clinic_details()["logo"] == ""
    settings.CLINIC_LOGO = "pdf/fonts/DejaVuSans.ttf"  # inside static/, yet not an image
    assert documents_context.clinic_details()["logo"] == ""


def test_after_marking_a_handout_the_page_returns_only_to_this_site(
    client, front_desk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(front_desk)
    url = reverse("treatments:handout_given", kwargs={**kwargs, "kind": "precare"})
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = client.post(url, {"channel": "emailed", "next": target})
        assert response["Location"] == reverse("treatments:session", args=[kwargs["pk"]])
    response = client.post(url, {"channel": "emailed", "next": "/patients/"})
    assert response["Location"] == "/patients/"
