"""Walk every URL pattern of the project as anonymous and as each role.

The list of URLs comes from the resolver, so a page added later cannot be forgotten: a URL
missing from ACCESS below fails `test_every_url_has_an_access_rule`. ACCESS is the role table
of docs/roles.md written as data: what each persona gets from a GET.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clinic.models import AuditEvent
from sessions.documents import consents as consent_services
from sessions.documents import releases
from sessions.tests.factories.charts import JPEG, chart
from sessions.tests.factories.consents import paper_scan
from sessions.tests.factories.courses import library_course
from sessions.tests.factories.url_samples import DOCUMENT_SAMPLE_KWARGS
from tests.support import make_user

ANON, PRACT, DESK, ADMIN = "anonymous", "practitioner", "front_desk", "clinic_admin"
PERSONAS = [ANON, PRACT, DESK, ADMIN]

LOGIN = "login"  # a redirect to the login page
OK = 200


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def staff(status, anonymous=LOGIN):
    return {ANON: anonymous, PRACT: status, DESK: status, ADMIN: status}


# url name -> what a GET answers for each persona.
ACCESS = {
    "dashboard": staff(OK),
    "audit_log": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "healthz": everyone(OK),
    "login": {ANON: OK, PRACT: 302, DESK: 302, ADMIN: 302},
    "two_factor_setup": staff(OK),
    "two_factor_verify": {ANON: LOGIN, PRACT: 302, DESK: 302, ADMIN: 302},  # none enrolled
    "login_lockouts": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "logout": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "language_choice": staff(OK),
    "password_change": staff(OK),
    "password_change_done": staff(OK),
    # Patients: the front desk reads and writes demographics, never the clinical record.
    "patients:search": staff(OK),
    "patients:pick": staff(OK),  # the booking form's search-as-you-type fragment
    "patients:register": staff(OK),
    "patients:detail": staff(OK),
    "patients:edit": staff(OK),
    "patients:archive": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "patients:history": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:medication_add": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:medication_stop": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "patients:consultation_start": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:site_condition_add": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:site_condition_resolve": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},
    "patients:inr_add": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:allergy_resolve": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:questionnaire": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "patients:consultation": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "treatments:plan": staff(OK),
    # Booking: the front desk books, reschedules, checks in, cancels; practitioners too.
    "treatments:course_book": staff(OK),
    "treatments:book": staff(OK),
    "treatments:session": staff(OK),
    "treatments:reschedule": staff(OK),
    "treatments:transition": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    # Follow-up queue: front desk, practitioners (their clinical checks) and admins.
    "treatments:follow_ups": staff(OK),
    "treatments:follow_up": staff(OK),
    "treatments:follow_up_done": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},
    "treatments:follow_up_reschedule": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},
    "treatments:follow_up_reassign": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},
    "protocols:lot_recall_start": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "protocols:lot_quarantine": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    # Calendar for everyone on staff; the iCalendar feed is authenticated by its secret token.
    "treatments:calendar": staff(OK),
    "treatments:ical_settings": staff(OK),
    "treatments:ical_feed": everyone(OK),
    # Charting: practitioners chart and sign; clinic admins read; the front desk never.
    "treatments:chart": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "treatments:chart_sign": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "treatments:chart_amend": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "treatments:photo_upload": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "treatments:photo": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    # Protocol library: front desk sees names and course lengths only (the library list).
    "protocols:library": staff(OK),
    "protocols:detail": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:version": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:diff": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:create": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "protocols:revise": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    # Patient wording (issue 15): both write revisions; only a practitioner reviews one.
    "protocols:patient_text": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:patient_text_add": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:patient_text_review": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: 403},
    "protocols:retire": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "protocols:products": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:product_create": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "protocols:product_edit": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "protocols:lots": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "protocols:lot_create": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "protocols:lot_edit": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    "protocols:lot_recall": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    # FHIR exports: a patient's record for clinical roles; a lot's administrations for admins.
    "interop:patient_fhir": {ANON: LOGIN, PRACT: OK, DESK: 403, ADMIN: OK},
    "interop:lot_fhir": {ANON: LOGIN, PRACT: 403, DESK: 403, ADMIN: OK},
    # Patient links (issue 17): the patient's pages need no sign-in, only the secret in the
    # address (then the date of birth); the staff send and revoke them from the patient page.
    "portal:open": everyone(302),  # on to the purpose's page
    # Anyone with the link gets the date-of-birth page first (200), nothing else before it.
    "portal:aftercare": everyone(OK),
    "portal:aftercare_pdf": everyone(OK),
    "portal:check": everyone(OK),
    "portal:questionnaire": everyone(OK),
    "portal:consent": everyone(OK),
    "portal:booking": everyone(OK),
    "portal:link_send": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
    "portal:link_revoke": {ANON: LOGIN, PRACT: 405, DESK: 405, ADMIN: 405},  # POST only
}


def _protocol_slug():
    from protocols.tests.factories import make_protocol

    return {"slug": make_protocol().slug}


def _patient_text():
    from protocols import patient_texts
    from protocols.tests.factories import make_protocol

    version = make_protocol().current_version
    fields = patient_texts.english_from_version(version, keep=patient_texts.FALLBACK_WORDS)
    patient_texts.patient_text_add(
        version=version, language="fr", fields=fields, note="Traduction.", by=None
    )
    return {"slug": version.protocol.slug, "number": version.number, "language": "fr"}


def _lot_pk():
    from protocols.tests.factories import LotFactory

    return {"pk": LotFactory().pk}


def _product_pk():
    from protocols.tests.factories import ProductFactory

    return {"pk": ProductFactory().pk}


def _patient_pk():
    from patients.tests.factories import PatientFactory

    return {"pk": PatientFactory().pk}


def _allergy_patient_pk():
    from patients.tests.factories import PatientFactory, record_history

    patient = PatientFactory()
    record_history(patient, allergies_other="Reacted to a plaster")
    return {"pk": patient.pk}


def _questionnaire_kwargs():
    from patients.questionnaires import questionnaire_submit
    from patients.tests.factories import PatientFactory

    patient = PatientFactory()
    answers = {"conditions": ["pregnancy"]}
    questionnaire = questionnaire_submit(patient=patient, answers=answers, language="en")
    return {"pk": patient.pk, "questionnaire_pk": questionnaire.pk}


def _site_condition_kwargs():
    import datetime

    from patients import services
    from patients.models import SiteCondition
    from patients.tests.factories import PatientFactory

    patient = PatientFactory()
    condition = services.site_condition_record(
        patient=patient,
        condition=SiteCondition(kind="herpes", areas=["face"], on=datetime.date.today()),
        by=make_user("practitioner", username="site-recorder"),
    )
    return {"pk": patient.pk, "condition_pk": condition.pk}


def _medication_kwargs():
    from patients import services
    from patients.models import PatientMedication
    from patients.tests.factories import PatientFactory

    patient = PatientFactory()
    medication = services.medication_add(
        patient=patient,
        medication=PatientMedication(free_text_name="Herbal tea"),
        by=make_user("practitioner", username="prescriber"),
    )
    return {"pk": patient.pk, "medication_pk": medication.pk}


def _consultation():
    from patients import services
    from patients.tests.factories import PatientFactory, record_history
    from protocols.tests.factories import make_protocol

    patient = PatientFactory()
    practitioner = make_user("practitioner", username="consultant")
    record_history(patient, by=practitioner)
    version = make_protocol().current_version
    return services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )


def _plan_pk():
    from sessions.scheduling import plans as plan_services

    consultation = _consultation()
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=3,
        interval_min_days=14,
        interval_max_days=28,
        override_reasons={},
        by=consultation.practitioner,
    )
    return {"pk": plan.pk}


def _session_pk():
    from patients.tests.factories import PatientFactory
    from sessions.tests.factories import book

    return {"pk": book(PatientFactory()).pk}


def _charting_session(signed=False):
    from sessions.charting import charts
    from sessions.models import TreatmentPlan
    from sessions.tests.factories import book, consent_on_file, next_weekday

    plan = TreatmentPlan.objects.get(pk=_plan_pk()["pk"])
    consent_on_file(plan, plan.created_by)
    treatment_session = book(
        plan.patient, practitioner=plan.created_by, plan=plan, sequence=1, day=next_weekday(0, -1)
    )
    if signed:
        chart = charts.chart_save(
            treatment_session=treatment_session,
            data=dict.fromkeys(charts.CHECKLIST_FIELDS, True),
            by=plan.created_by,
        )
        charts.chart_sign(chart=chart, by=plan.created_by)
    return treatment_session


def _photo_pk():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sessions.charting import photos

    treatment_session = _charting_session()
    photo = photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile("p.jpg", JPEG),
        area="face",
        moment="before",
        by=treatment_session.practitioner,
    )
    return {"pk": photo.pk}


def _feed_token():
    from sessions.scheduling import ical

    return {"token": ical.feed_token_create(user=make_user("practitioner", username="feed-owner"))}


def _follow_up_pk():
    from django.utils import timezone

    from patients.tests.factories import PatientFactory
    from sessions.models import FollowUp

    # A phone task: the front desk's kind of follow-up (a practitioner's task is theirs only).
    follow_up = FollowUp.objects.create(
        patient=PatientFactory(),
        kind="rebook",
        channel="phone",
        due_at=timezone.now(),
        idempotency_key="url-access",
    )
    return {"pk": follow_up.pk}


def _portal_token(purpose):
    """A patient link of this purpose (what a GET shows first, the date-of-birth page, needs
    nothing it is about)."""

    def sample():
        from patients.tests.factories import PatientFactory
        from portal import access

        _link, url = access.portal_link_issue(patient=PatientFactory(), purpose=purpose)
        return {"token": url.rstrip("/").rsplit("/", 1)[-1]}

    return sample


def _portal_link_pk():
    from patients.tests.factories import PatientFactory
    from portal import access

    link, _url = access.portal_link_issue(patient=PatientFactory(), purpose="aftercare")
    return {"pk": link.pk}


# Sample arguments for URLs that take some: name -> function() -> kwargs (creates rows).
SAMPLE_KWARGS = {
    "portal:open": _portal_token("aftercare"),
    "portal:aftercare": _portal_token("aftercare"),
    "portal:aftercare_pdf": _portal_token("aftercare"),
    "portal:check": _portal_token("check"),
    "portal:questionnaire": _portal_token("questionnaire"),
    "portal:consent": _portal_token("consent"),
    "portal:booking": _portal_token("booking"),
    "portal:link_send": _patient_pk,
    "portal:link_revoke": _portal_link_pk,
    "treatments:follow_up": _follow_up_pk,
    "treatments:follow_up_done": _follow_up_pk,
    "treatments:follow_up_reschedule": _follow_up_pk,
    "treatments:follow_up_reassign": _follow_up_pk,
    "protocols:lot_recall_start": _lot_pk,
    "protocols:lot_quarantine": _lot_pk,
    "treatments:ical_feed": _feed_token,
    "treatments:chart": lambda: {"pk": _charting_session().pk},
    "treatments:chart_sign": lambda: {"pk": _charting_session().pk},
    "treatments:photo_upload": lambda: {"pk": _charting_session().pk},
    "treatments:chart_amend": lambda: {"pk": _charting_session(signed=True).pk},
    "treatments:photo": _photo_pk,
    "treatments:course_book": _plan_pk,
    "treatments:session": _session_pk,
    "treatments:reschedule": _session_pk,
    "treatments:transition": lambda: {**_session_pk(), "action": "check_in"},
    "patients:detail": _patient_pk,
    "patients:edit": _patient_pk,
    "patients:archive": _patient_pk,
    "patients:history": _patient_pk,
    "patients:medication_add": _patient_pk,
    "patients:medication_stop": _medication_kwargs,
    "patients:site_condition_add": _patient_pk,
    "patients:site_condition_resolve": _site_condition_kwargs,
    "patients:inr_add": _patient_pk,
    "patients:allergy_resolve": _allergy_patient_pk,
    "patients:questionnaire": _questionnaire_kwargs,
    "patients:consultation_start": _patient_pk,
    "patients:consultation": lambda: {"pk": _consultation().pk},
    "treatments:plan": _plan_pk,
    "protocols:detail": _protocol_slug,
    "protocols:version": lambda: {**_protocol_slug(), "number": 1},
    "protocols:diff": _protocol_slug,
    "protocols:revise": _protocol_slug,
    "protocols:patient_text": _patient_text,
    "protocols:patient_text_add": _patient_text,
    "protocols:patient_text_review": lambda: {**_patient_text(), "revision": 1},
    "protocols:retire": _protocol_slug,
    "protocols:product_edit": _product_pk,
    "protocols:lot_edit": _lot_pk,
    "protocols:lot_recall": _lot_pk,
    "interop:patient_fhir": _patient_pk,
    "interop:lot_fhir": _lot_pk,
}
# Documents (consents, sheets, reports, batches): their sample rows come from the factories.
DOCUMENT_ACCESS = {
    # persona: anonymous, practitioner, front_desk, clinic_admin
    # The front desk prints a document only once a practitioner released it (issue 13): the
    # samples here are not released; test_document_urls_before_and_after_release walks both.
    "treatments:aftercare_sheet": (LOGIN, OK, 403, OK),
    "treatments:precare_sheet": (LOGIN, OK, 403, OK),
    "treatments:document_release": (LOGIN, 405, 405, 405),  # POST only
    "treatments:handout_given": (LOGIN, 405, 405, 405),  # POST only
    "treatments:handout_acknowledged": (LOGIN, 405, 405, 405),  # POST only
    "treatments:course_report": (LOGIN, OK, 403, OK),
    "treatments:consent_prepare": (LOGIN, 405, 405, 405),  # POST only
    "treatments:consents": (LOGIN, OK, OK, OK),
    # Clinical HTML pages (the consent text names the patient's medicines): never the desk.
    "treatments:consent": (LOGIN, OK, 403, OK),
    "treatments:consent_print": (LOGIN, OK, 403, OK),
    "treatments:consent_sign": (LOGIN, OK, 403, 403),
    "treatments:consent_paper": (LOGIN, 405, 405, 405),  # POST only
    "treatments:consent_pdf": (LOGIN, OK, 403, OK),
    "treatments:consent_scan": (LOGIN, OK, 403, OK),
    "treatments:consent_verify": (LOGIN, OK, 403, OK),
    "treatments:consent_withdraw": (LOGIN, OK, 403, 403),
    "treatments:consent_questions": (LOGIN, 405, 405, 405),  # POST only
    "treatments:consent_retry": (LOGIN, 405, 405, 405),  # POST only
    "treatments:documents_batch": (LOGIN, OK, OK, OK),
    "treatments:documents_batch_status": (LOGIN, 404, 404, 404),  # a batch nobody made
    "treatments:documents_batch_download": (LOGIN, 404, 404, 404),
}
ACCESS.update(
    {name: dict(zip(PERSONAS, statuses, strict=True)) for name, statuses in DOCUMENT_ACCESS.items()}
)
SAMPLE_KWARGS.update(DOCUMENT_SAMPLE_KWARGS)

# Query strings some pages need to show their content rather than a redirect.
SAMPLE_QUERY = {"protocols:diff": {"a": 1, "b": 1}}


def _walk(resolvers, namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def project_url_names():
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def _needs_arguments(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0


ADMIN_NAMES = [name for name in project_url_names() if name.startswith("admin:")]
APP_NAMES = [name for name in project_url_names() if not name.startswith("admin:")]


def test_every_url_has_an_access_rule():
    missing = [name for name in APP_NAMES if name not in ACCESS]
    assert not missing, f"Add these URL names to ACCESS (and docs/roles.md): {missing}"
    stale = [name for name in ACCESS if name not in APP_NAMES]
    assert not stale, f"ACCESS lists URLs that no longer exist: {stale}"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # sample consents write their PDFs


def _login_as(client, persona):
    if persona == ANON:
        return None
    user = make_user(persona)
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", APP_NAMES)
def test_each_page_answers_each_role_as_the_role_table_says(client, name, persona):
    _login_as(client, persona)
    kwargs = SAMPLE_KWARGS[name]() if name in SAMPLE_KWARGS else {}
    url = reverse(name, kwargs=kwargs)
    response = client.get(url, SAMPLE_QUERY.get(name, {}))
    expected = ACCESS[name][persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{url} as {persona}"
    if persona != ANON:
        # Signed in: nothing may be kept by the browser or a proxy (issue 13), 403s included.
        cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= cache_control, f"{url} as {persona}: {cache_control}"


# Rows the back office may read but never add: the app's own pages write them, with their
# rules (new protocol versions, audited stock) — or nobody does (the audit trail).
ADD_ONLY_THROUGH_THE_APP = {
    "clinic.auditevent",
    "protocols.protocol",
    "protocols.protocolversion",
    "protocols.product",
    "protocols.lot",
    "protocols.protocolpatienttext",
}


def _admin_urls():
    """Admin pages without arguments, plus each app's index. Object pages (change, delete,
    history) rely on the same has_*_permission checks as the changelists walked here."""
    patterns = dict(_walk(get_resolver().url_patterns))
    urls = []
    for name in ADMIN_NAMES:
        if name == "admin:app_list":
            labels = {model._meta.app_label for model in admin.site._registry}
            urls += [(name, reverse(name, kwargs={"app_label": label})) for label in labels]
        elif not _needs_arguments(patterns[name]):
            urls.append((name, reverse(name)))
    return urls


ADMIN_URLS = _admin_urls()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "url"), ADMIN_URLS, ids=[url for _, url in ADMIN_URLS])
def test_back_office_is_for_clinic_admins_only(client, name, url, persona):
    user = _login_as(client, persona)
    response = client.get(url)
    if persona != ANON:
        assert "no-store" in response.get("Cache-Control", ""), url
    if name == "admin:login":
        assert response.status_code == (302 if persona == ADMIN else 200)
    elif name == "admin:logout":
        assert response.status_code in (302, 405)  # logging out is POST only
    elif persona == ANON:
        assert response.status_code == 302
        assert response["Location"].startswith((reverse("login"), reverse("admin:login")))
    elif persona != ADMIN:
        # Staff without back-office access are sent to the admin's own login.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif name == "admin:autocomplete":
        assert response.status_code == 403  # without a field to complete, Django refuses
    elif name.endswith(("_add", "_changelist")):
        model = _admin_model(name)
        label, model_name = model._meta.app_label, model._meta.model_name
        if name.endswith("_add"):
            allowed = user.has_perm(f"{label}.add_{model_name}") and (
                f"{label}.{model_name}" not in ADD_ONLY_THROUGH_THE_APP
            )
        else:
            allowed = user.has_perm(f"{label}.view_{model_name}") or user.has_perm(
                f"{label}.change_{model_name}"
            )
        assert response.status_code == (200 if allowed else 403), url
    else:
        assert response.status_code in (200, 404), url  # an app index with no visible model


def _admin_model(name):
    suffix = name.split(":", 1)[1].rsplit("_", 1)[0]
    for model in admin.site._registry:
        if f"{model._meta.app_label}_{model._meta.model_name}" == suffix:
            return model
    raise AssertionError(f"no admin model for {name}")


def _seeded_patient_documents():
    """One patient with every kind of document: a charted session (aftercare), a booked one
    (pre-care), a consent signed on paper (print, stored PDF, scan). name -> (kind, document)."""
    plan, sessions = library_course(book_sessions=2)
    chart(sessions[0])
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=plan.created_by
    )
    consent_services.consent_mark_signed_on_paper(
        record=record, scan_file=paper_scan(), by=plan.created_by
    )
    consent_services.consent_pdf_render(record_id=record.pk)
    return plan.created_by, {
        "treatments:aftercare_sheet": ("aftercare", sessions[0]),
        "treatments:precare_sheet": ("precare", sessions[1]),
        "treatments:consent_print": ("consent", record),
        "treatments:consent_pdf": ("consent", record),
        "treatments:consent_scan": ("consent", record),
        # Not a handout: the course report stays with the clinical roles, released or not.
        "treatments:course_report": (None, plan),
    }


# Every document (PDF or file) URL of DOCUMENT_ACCESS that a GET opens.
DOCUMENT_URL_NAMES = sorted(
    name
    for name in DOCUMENT_ACCESS
    if name.endswith(("_sheet", "_pdf", "_report", "_print", "_scan"))
)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_document_urls_before_and_after_release(client, persona):
    """Every printable document of a seeded patient, as each role: clinical roles always, the
    front desk only after a practitioner's release, each print audited with the role."""
    practitioner, documents = _seeded_patient_documents()
    assert set(documents) == set(DOCUMENT_URL_NAMES)
    user = _login_as(client, persona)
    for released in (False, True):
        if released:
            releasable = {(k, d.pk): (k, d) for k, d in documents.values() if k is not None}
            for kind, document in releasable.values():
                releases.document_release(kind=kind, document=document, by=practitioner)
        for name, (kind, document) in documents.items():
            url = reverse(name, kwargs={"pk": document.pk})
            response = client.get(url)
            if persona == ANON:
                assert response.status_code == 302, url
                continue
            allowed = persona != DESK or (released and kind is not None)
            assert response.status_code == (OK if allowed else 403), (url, persona, released)
            if allowed:
                event = AuditEvent.objects.filter(actor=user).latest("pk")
                assert event.details.get("role") == persona, (url, event.action)
                assert event.target_id == str(document.pk)
