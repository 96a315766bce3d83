"""Reading and signing a consent through a link: which consent the link is about, and the
patient's submit (the link used once; the record signed remotely, with device and questions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.links import portal_link_complete
from sessions.documents import consents as consent_services
from sessions.forms.consents import DrawnSignatureForm
from sessions.models import ConsentRecord


def about_unsigned_consent(patient) -> dict:
    """The patient's newest consent waiting for a signature (the panel sends that one)."""
    record = (
        ConsentRecord.objects.filter(
            patient=patient, kind=ConsentRecord.Kind.CONSENT, signed_at__isnull=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if record is None:
        raise ValidationError(_("There is no consent to sign: prepare it from the plan first."))
    return {"consent": record}


class RemoteConsentForm(DrawnSignatureForm):
    questions = forms.CharField(
        label=gettext_lazy("Questions you would like to ask before your first session"),
        help_text=gettext_lazy("Your practitioner goes over them with you at your visit."),
        required=False,
        max_length=consent_services.QUESTIONS_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    has_read = forms.BooleanField(
        label=gettext_lazy("I have read this form and I agree to the treatment it describes.")
    )


@transaction.atomic
def consent_sign_through_link(*, link, signature: str, questions: str, request) -> ConsentRecord:
    """Use the link up, then sign its consent remotely. Raises LinkClosed, or
    ValidationError (already signed, not a signature) with nothing changed."""
    portal_link_complete(link=link, request=request, details={"consent": link.consent_id})
    return consent_services.consent_sign_remotely(
        record=link.consent,
        signature_data_url=signature,
        questions=questions,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        request=request,
    )
