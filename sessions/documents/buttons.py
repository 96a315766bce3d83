"""What the document buttons partial needs for a user, read in one place so the template
runs no query."""

from __future__ import annotations

from sessions.documents.consent_rules import consent_problem, current_consents
from sessions.documents.releases import CLINICAL_READ, RELEASE, releases_for_session
from sessions.models import (
    Chart,
    ConsentRecord,
    DocumentHandout,
    DocumentRelease,
    TreatmentPlan,
)


def document_buttons_context(*, user, treatment_session=None, plan=None, patient=None) -> dict:
    """What `treatments/_document_buttons.html` needs, read here so the template runs no
    query: `context.update(document_buttons_context(user=request.user, treatment_session=...))`."""
    plan = plan or (treatment_session.plan if treatment_session is not None else None)
    patient = patient or (
        treatment_session.patient if treatment_session else plan.patient if plan else None
    )
    handouts = {}
    problem = None
    if treatment_session is not None:
        handouts = {h.kind: h for h in treatment_session.handouts.select_related("given_by")}
        problem = consent_problem(treatment_session)
    consents = []
    if patient is not None and user.has_perm("treatments.view_consentrecord"):
        consents = list(current_consents(patient)[:5])
    sheet_releases = releases_for_session(treatment_session) if treatment_session else {}
    # The plan's own consents, each with its release, for the print / release buttons.
    plan_consents = []
    if plan is not None and user.has_perm("treatments.view_consentrecord"):
        records = list(
            ConsentRecord.objects.filter(plan=plan, kind=ConsentRecord.Kind.CONSENT)
            .select_related("protocol_version__protocol")
            .order_by("-created_at", "-pk")[:3]
        )
        released = {
            row.consent_id: row
            for row in DocumentRelease.objects.filter(consent__in=records).select_related(
                "released_by"
            )
        }
        plan_consents = [(record, released.get(record.pk)) for record in records]
    clinical = user.has_perm(CLINICAL_READ)
    return {
        "documents": {
            "session": treatment_session,
            "plan": plan,
            "patient": patient,
            "charted": treatment_session is not None
            and Chart.objects.filter(treatment_session=treatment_session).exists(),
            "aftercare": handouts.get(DocumentHandout.Kind.AFTERCARE),
            "precare": handouts.get(DocumentHandout.Kind.PRECARE),
            "consent_problem": problem,
            "consents": consents,
            "can_print_sheets": user.has_perm("treatments.view_treatmentsession"),
            "can_manage_consents": user.has_perm("treatments.add_consentrecord"),
            # A plan page always offers a consent; a session page only when one is missing.
            "offer_consent": bool(
                plan
                and plan.status != TreatmentPlan.Status.CANCELLED
                and user.has_perm("treatments.add_consentrecord")
                and (treatment_session is None or problem)
            ),
            "can_read_consents": user.has_perm("treatments.view_consentrecord"),
            "can_read_report": user.has_perm("patients.view_clinical_record"),
            "channels": DocumentHandout.Channel.choices,
            "clinical": clinical,
            "can_release": user.has_perm(RELEASE),
            "aftercare_release": sheet_releases.get(DocumentRelease.Kind.AFTERCARE),
            "precare_release": sheet_releases.get(DocumentRelease.Kind.PRECARE),
            "plan_consents": plan_consents,
        }
    }
