"""Releasing a patient's document for the front desk, and the rule that decides who may print
or download it: clinical roles always, the front desk only what a practitioner released."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clinic import audit, roles
from sessions.models import ConsentRecord, DocumentRelease, TreatmentSession

# Who reads the clinical record reads its documents; everyone else needs a release.
CLINICAL_READ = "patients.view_clinical_record"
RELEASE = "treatments.add_documentrelease"
SHEET_KINDS = (DocumentRelease.Kind.AFTERCARE, DocumentRelease.Kind.PRECARE)


def _lookup(kind: str, document) -> dict:
    if kind == DocumentRelease.Kind.CONSENT:
        if not isinstance(document, ConsentRecord):
            raise TypeError("a consent release names a ConsentRecord")
        return {"kind": kind, "consent": document}
    if kind in SHEET_KINDS:
        if not isinstance(document, TreatmentSession):
            raise TypeError("a sheet release names a TreatmentSession")
        return {"kind": kind, "treatment_session": document}
    raise ValidationError(_("There is no such document to release."))


def release_of(*, kind: str, document) -> DocumentRelease | None:
    """The release of this document, or None."""
    return (
        DocumentRelease.objects.filter(**_lookup(kind, document))
        .select_related("released_by")
        .first()
    )


def releases_for_session(treatment_session: TreatmentSession) -> dict[str, DocumentRelease]:
    """The session's sheet releases by kind (for the session page: one query)."""
    rows = DocumentRelease.objects.filter(treatment_session=treatment_session).select_related(
        "released_by"
    )
    return {row.kind: row for row in rows}


def may_print(*, user, kind: str, document) -> bool:
    """Whether this user may print or download this document: a reader of the clinical record
    always; anyone else (the front desk) only once it is released."""
    if user.has_perm(CLINICAL_READ):
        return True
    return release_of(kind=kind, document=document) is not None


def check_may_print(*, user, kind: str, document) -> None:
    """Raise PermissionDenied unless `may_print`."""
    if not may_print(user=user, kind=kind, document=document):
        raise PermissionDenied(_("A practitioner has not released this document yet."))


@transaction.atomic
def document_release(*, kind: str, document, by, request=None) -> DocumentRelease:
    """Release one document for the front desk (idempotent: a second release returns the
    first). Only a role with the release permission may; a withdrawal record is never
    released (it is not a form to hand out). Audited."""
    if not by.has_perm(RELEASE):
        raise PermissionDenied(_("Only a practitioner releases documents for the front desk."))
    lookup = _lookup(kind, document)
    if kind == DocumentRelease.Kind.CONSENT and document.kind != ConsentRecord.Kind.CONSENT:
        raise ValidationError(_("A withdrawal is not a form to hand out."))
    existing = DocumentRelease.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            release = DocumentRelease.objects.create(released_by=by, **lookup)
    except IntegrityError:  # two practitioners pressed the button at once
        return DocumentRelease.objects.get(**lookup)
    audit.record(
        actor=by,
        action="document.released",
        target=document,
        request=request,
        details={"kind": kind, "release": release.pk},
    )
    return release


def document_printed(*, user, kind: str, document, request=None, action="document.printed"):
    """Audit one print or download of a patient document, with the reader's role."""
    audit.record(
        actor=user,
        action=action,
        target=document,
        request=request,
        details={"kind": kind, "role": roles.role_of(user) or ""},
    )
