"""`manage.py bench_documents`: how long each document takes to render, against WeasyPrint alone.

For each document (aftercare sheet, pre-care sheet, course report, consent form, a batch of
four sheets) it prints the median of N warm renders through the app (`sessions.documents`:
builder queries, template, `clinic.pdf` with its fetcher, cached stylesheet and fonts) beside
WeasyPrint rendering the same finished HTML with no app code —
`HTML(string=html).write_pdf()`, default settings; the HTML links print.css by absolute
file:// URL so both produce the same pages (checked) — and the ratio app / WeasyPrint.

The sample course (reference protocol, patient, plan, three sessions, a charted one with two
lots, measurements) is created in one transaction that is rolled back: nothing is kept.
"""

import datetime
import json as json_module
import logging
import statistics
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.pdf import PRINT_CSS
from patients import services
from patients.models import Measurement, MedicationCatalogueEntry, PatientMedication
from protocols.models import Lot, Product, Protocol
from protocols.seed import load_reference_library
from sessions.documents import consent_form, course_report, sheets
from sessions.documents import consents as consent_services
from sessions.models import Chart, ChartProduct, Location, Room, TreatmentSession
from sessions.scheduling import plans as plan_services


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render each document N times warm and compare with WeasyPrint alone."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="warm renders per document")
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument(
            "--json", dest="json_path", default="", help="Also write the figures to this file."
        )

    def handle(self, *args, runs, warmup, json_path="", **options):
        # WeasyPrint logs each layout step at INFO: noise here, and a cost on both sides.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        import weasyprint  # imported once, outside every timing

        self.weasyprint = weasyprint
        try:
            with transaction.atomic():
                rows = self._bench(runs=runs, warmup=warmup)
                raise Rollback
        except Rollback:
            pass
        width = max(len(name) for name, *_ in rows)
        self.stdout.write(
            f"{'document':<{width}}  pages  app (ms)  WeasyPrint alone (ms)  ratio app/alone"
        )
        for name, pages, app, alone in rows:
            self.stdout.write(
                f"{name:<{width}}  {pages:>5}  {app:>8.1f}  {alone:>21.1f}  {app / alone:>15.2f}"
            )
        if json_path:
            figures = [
                {"name": name, "pages": pages, "app_ms": round(app, 1), "alone_ms": round(alone, 1)}
                for name, pages, app, alone in rows
            ]
            Path(json_path).write_text(json_module.dumps(figures, indent=2))
        self.stdout.write(
            f"median of {runs} warm runs after {warmup} warm-up; WeasyPrint "
            f"{weasyprint.__version__}; nothing was kept (rolled back)."
        )

    # --- Timing ------------------------------------------------------------------------------

    @staticmethod
    def _median_ms(function, runs, warmup):
        for _ in range(warmup):
            function()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    def _alone(self, template, context):
        """The finished HTML, made self-contained for WeasyPrint with no app code."""
        html = render_to_string(template, context)
        link = f'<link rel="stylesheet" href="{PRINT_CSS.as_uri()}">'
        return html.replace("</head>", f"{link}</head>", 1)

    @staticmethod
    def _pages(data: bytes) -> int | str:
        try:
            from pypdf import PdfReader  # a dev dependency: without it, no page count
        except ImportError:
            return "?"
        return len(PdfReader(BytesIO(data)).pages)

    def _bench(self, *, runs, warmup):
        sessions, plan, record = self._sample()
        cases = [
            ("aftercare sheet", lambda: sheets.render_aftercare_sheet(sessions[0]),
             sheets.AFTERCARE_TEMPLATE, lambda: sheets.aftercare_sheet_context(sessions[0])),
            ("pre-care sheet", lambda: sheets.render_precare_sheet(sessions[2]),
             sheets.PRECARE_TEMPLATE, lambda: sheets.precare_sheet_context(sessions[2])),
            ("course report", lambda: course_report.render_course_report(plan),
             course_report.COURSE_REPORT_TEMPLATE,
             lambda: course_report.course_report_context(plan)),
            ("consent form", lambda: consent_form.render_consent(record),
             consent_form.CONSENT_TEMPLATE, lambda: consent_form.consent_document_context(record)),
        ]  # fmt: skip
        rows = []
        for name, app, template, builder in cases:
            html = self._alone(template, builder())
            app_pdf, alone_pdf = app(), self.weasyprint.HTML(string=html).write_pdf()
            pages = self._pages(app_pdf)
            if pages != self._pages(alone_pdf):
                self.stderr.write(f"{name}: page counts differ ({pages} vs alone)")
            app_ms = self._median_ms(app, runs, warmup)
            alone_ms = self._median_ms(
                lambda html=html: self.weasyprint.HTML(string=html).write_pdf(), runs, warmup
            )
            rows.append((name, pages, app_ms, alone_ms))
        batch = [("precare", sessions[2]), ("aftercare", sessions[0])] * 2
        html_parts = [
            self._alone(sheets.HANDOUT_KINDS[kind][0], sheets.HANDOUT_KINDS[kind][1](item))
            for kind, item in batch
        ]

        def alone_batch():
            rendered = [self.weasyprint.HTML(string=h).render() for h in html_parts]
            pages = [page for document in rendered for page in document.pages]
            return rendered[0].copy(pages).write_pdf()

        app_ms = self._median_ms(lambda: sheets.render_batch(batch), runs, warmup)
        alone_ms = self._median_ms(alone_batch, runs, warmup)
        rows.append(("batch of 4 sheets", self._pages(alone_batch()), app_ms, alone_ms))
        return rows

    # --- Sample data (rolled back) -------------------------------------------------------------

    def _sample(self):
        load_reference_library()
        user = get_user_model().objects.create_user(
            username=f"bench-{time.time_ns()}", first_name="Claire", last_name="Martin"
        )
        patient = services.patient_register(
            data={
                "first_name": "Jane",
                "last_name": "Bench",
                "date_of_birth": datetime.date(1985, 3, 14),
                "phone": "+33 6 00 00 00 00",
            },
            by=user,
        )
        services.history_review_record(patient=patient, data={}, by=user)
        fish_oil, _ = MedicationCatalogueEntry.objects.get_or_create(
            name="Fish oil",
            defaults={
                "risk_class": "bleeding_risk_supplement",
                "kind": "supplement",
                "stop_before_days": 7,
            },
        )
        services.medication_add(
            patient=patient, medication=PatientMedication(catalogue_entry=fish_oil), by=user
        )
        version = Protocol.objects.get(slug="ha-skin-booster-face").current_version
        consultation = services.consultation_start(
            patient=patient,
            data={"goals": "Fresher skin", "protocol_version": version},
            indications=[version.protocol.indication],
            by=user,
        )
        plan = plan_services.treatment_plan_propose(
            consultation=consultation,
            areas=["face"],
            sessions_count=3,
            interval_min_days=14,
            interval_max_days=28,
            override_reasons={"bleeding_risk_supplement": "Pauses it"},
            by=user,
        )
        location = Location.objects.create(
            name=f"Bench site {time.time_ns()}", address="12 rue des Lilas\n75011 Paris"
        )
        room = Room.objects.create(location=location, name="Room 1")
        start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        sessions = [
            TreatmentSession.objects.create(
                patient=patient,
                plan=plan,
                sequence=index + 1,
                practitioner=user,
                room=room,
                starts_at=start + datetime.timedelta(days=14 * index),
                ends_at=start + datetime.timedelta(days=14 * index, minutes=45),
                booked_by=user,
            )
            for index in range(3)
        ]
        chart = Chart.objects.create(
            treatment_session=sessions[0], areas=["face"], technique="micropapules"
        )
        for name, number in (("Hydra Booster 14", "HB2611-A"), ("Lidocaine 1 %", "LD-0042")):
            product = Product.objects.create(
                name=f"{name} {time.time_ns()}", maker="Bench", volume_ml=Decimal("2")
            )
            lot = Lot.objects.create(
                product=product,
                lot_number=number,
                expiry_date=timezone.localdate() + datetime.timedelta(days=365),
                quantity_received=10,
                quantity_remaining=10,
            )
            ChartProduct.objects.create(chart=chart, lot=lot, volume_ml=Decimal("1"))
        for index, value in enumerate((3, 2)):
            Measurement.objects.create(
                patient=patient,
                treatment_session=sessions[index],
                scale="gais_practitioner",
                value=Decimal(value),
                recorded_at=sessions[index].starts_at,
                recorded_by=user,
            )
        record = consent_services.consent_prepare(patient=patient, plan_or_version=plan, by=user)
        return sessions, plan, record
