"""Create the demo users and demo stock (more demo data as features arrive). Safe to run
again: it creates nothing twice. Refuses to run with DEBUG off, because demo logins have
published passwords."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clinic import roles
from patients import services
from patients.models import Patient
from patients.search import normalize_name
from protocols.models import Protocol
from sessions.documents import consents as consent_services
from sessions.documents import releases
from sessions.followups import queue
from sessions.management.demo import courses as demo_courses
from sessions.management.demo import staff_and_sites
from sessions.models import FollowUp, Location, Room, TreatmentSession, WorkingHours
from sessions.scheduling import booking, courses
from sessions.scheduling import plans as plan_services

DEMO_PASSWORD = "mesoplan-demo"
# Fictitious products and lot numbers (prefixed DEMO) for the stock pages.
DEMO_STOCK = [
    # name, maker, ingredient name prefix, concentration, volume (mL), ingredient per mL,
    # [(lot number, expires in days, units)]
    (
        "Demo HA 14 mg/g",
        "Demo Laboratories",
        "Non-cross-linked hyaluronic acid",
        "14 mg/g",
        "2",
        "14",
        [("DEMO-HA-2401", 400, 20), ("DEMO-HA-2311", 20, 4)],
    ),
    (
        "Demo deoxycholic acid 10 mg/mL",
        "Demo Laboratories",
        "Deoxycholic acid",
        "10 mg/mL",
        "2",
        "10",
        [("DEMO-DCA-2402", 300, 10), ("DEMO-DCA-2209", -15, 2)],
    ),
]
DEMO_PATIENTS = [
    # first, last, born, phone, protocol of the demo plan, book the course now?
    (
        "Hélène",
        "Dupré (demo)",
        date(1980, 5, 17),
        "+33 6 11 22 33 44",
        "ha-skin-booster-face",
        True,
    ),
    (
        "Zoë",
        "O'Brien (demo)",
        date(1991, 1, 2),
        "+44 20 7946 0958",
        "dutasteride-scalp-0-01",
        False,
    ),
    ("Marc", "Lefèvre (demo)", date(1975, 12, 1), "06 99 88 77 66", None, False),
]
DEMO_USERS = [
    # username, first name, last name, role
    ("practitioner", "Camille", "Durand", roles.PRACTITIONER),
    ("frontdesk", "Sam", "Martin", roles.FRONT_DESK),
    ("admin", "Alex", "Moreau", roles.CLINIC_ADMIN),
]


class Command(BaseCommand):
    help = "Load demo users and data (idempotent). Only with DEBUG on, or with --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a real clinic's database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo logins have published passwords: refusing with DEBUG off. "
                "Use --force only on a database that holds no real patient data."
            )
        with transaction.atomic():
            roles.sync_roles()
            created = [self._ensure_user(*row) for row in DEMO_USERS]
            lots = self._ensure_stock()
            location = self._ensure_clinic()
            staff_and_sites.staff_ensure(DEMO_PASSWORD)
            staff_and_sites.sites_ensure()
            lots += staff_and_sites.course_stock_ensure()
            patients = self._ensure_patients(location)
            # The living clinic (issue 12): courses booked, charted and signed over four weeks.
            patients += demo_courses.courses_ensure()
        self.stdout.write(
            f"Demo users: {sum(created)} created, {len(created) - sum(created)} already there. "
            f"Demo lots: {lots} created. Demo patients: {patients} created."
        )

    def _ensure_clinic(self):
        """One site with two rooms; the demo practitioner works Monday to Saturday, 9 to 18."""
        location, _ = Location.objects.get_or_create(
            name="Demo clinic — Centre", defaults={"phone": "+33 1 23 45 67 89"}
        )
        for name in ("Room 1", "Room 2"):
            Room.objects.get_or_create(location=location, name=name)
        practitioner = get_user_model().objects.get(username="practitioner")
        for weekday in range(6):
            WorkingHours.objects.get_or_create(
                practitioner=practitioner,
                location=location,
                weekday=weekday,
                defaults={"starts": time(9), "ends": time(18)},
            )
        return location

    def _ensure_patients(self, location) -> int:
        """Fictitious patients: one with a plan ready to book, one with a booked course."""
        practitioner = get_user_model().objects.get(username="practitioner")
        created = 0
        for first, last, born, phone, protocol_slug, book_course in DEMO_PATIENTS:
            if Patient.objects.filter(first_name=first, last_name=last).exists():
                continue
            patient = services.patient_register(
                data={
                    "first_name": first,
                    "last_name": last,
                    "date_of_birth": born,
                    "phone": phone,
                    "sex": "female",
                    "preferred_language": "en",
                    "contact_by_email": True,
                    "email": f"{normalize_name(first)}@example.org",
                },
                by=practitioner,
            )
            services.history_review_record(
                patient=patient, data={"smoking": "never"}, by=practitioner
            )
            protocol = Protocol.objects.filter(slug=protocol_slug).first()
            created += 1
            if protocol_slug is None:
                self._ensure_calls_to_make(patient, practitioner, location)
            if protocol is None:
                continue
            version = protocol.current_version
            consultation = services.consultation_start(
                patient=patient,
                data={"goals": "Demo: look fresher", "protocol_version": version},
                indications=[protocol.indication],
                by=practitioner,
            )
            plan = plan_services.treatment_plan_propose(
                consultation=consultation,
                areas=version.treatment_areas[:1],
                sessions_count=version.sessions_count,
                interval_min_days=version.interval_min_days,
                interval_max_days=version.interval_max_days,
                override_reasons={},
                by=practitioner,
            )
            if book_course:
                proposals = courses.course_proposal(
                    plan=plan,
                    practitioner=practitioner,
                    location=location,
                    first_day=timezone.localdate(),
                    duration=timedelta(minutes=45),
                )
                if all(p.starts_at for p in proposals):
                    booked = courses.course_book(
                        plan=plan,
                        practitioner=practitioner,
                        by=practitioner,
                        slots=[(p.starts_at, p.ends_at, p.room) for p in proposals],
                    )
                    # The front desk prints only released sheets (issue 13): the demo releases
                    # the first session's pre-care sheet so the desk login has one to print.
                    releases.document_release(kind="precare", document=booked[0], by=practitioner)
                    # Signed on paper, so the first session can be checked in and charted on
                    # its day (a chart starts only with a consent on file).
                    record = consent_services.consent_prepare(
                        patient=patient, plan_or_version=plan, by=practitioner
                    )
                    consent_services.consent_mark_signed_on_paper(record=record, by=practitioner)
        return created

    def _ensure_calls_to_make(self, patient, practitioner, location):
        """Two missed appointments last week, so the follow-up queue has a call due today and
        one overdue (a day on which the clinic was closed is simply skipped)."""
        room = Room.objects.filter(location=location).order_by("pk").first()
        today = timezone.localdate()
        missed = []
        for days_ago in range(3, 10):
            day = today - timedelta(days=days_ago)
            start = timezone.make_aware(datetime.combine(day, time(11)))
            try:
                missed.append(
                    booking.session_book(
                        patient=patient,
                        practitioner=practitioner,
                        room=room,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                        kind=TreatmentSession.Kind.CONSULTATION,
                        by=practitioner,
                    )
                )
            except ValidationError:
                continue  # not a working day (a Sunday, a public holiday)
            if len(missed) == 2:
                break
        calls = []
        for treatment_session in missed:
            booking.session_transition(
                treatment_session=treatment_session,
                to=TreatmentSession.Status.NO_SHOW,
                by=practitioner,
            )
            calls += FollowUp.objects.filter(
                treatment_session=treatment_session, kind=FollowUp.Kind.REBOOK
            )
        if calls:
            yesterday = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(10)))
            queue.follow_up_reschedule(follow_up=calls[0], due_at=yesterday, by=practitioner)

    def _ensure_stock(self) -> int:
        """A few products and lots (one expiring soon, one expired) so stock pages have data."""
        return staff_and_sites.stock_ensure(DEMO_STOCK)

    def _ensure_user(self, username, first_name, last_name, role) -> bool:
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": ""},
        )
        # The printed logins must work even if someone changed a demo password.
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == roles.CLINIC_ADMIN  # the Django admin is the back office
        user.save()
        user.groups.set([Group.objects.get(name=roles.GROUP_NAMES[role])])
        return created
