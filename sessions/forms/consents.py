"""Consent forms: the signature drawn on screen, the paper signature with its scan, withdrawal."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from sessions.documents import consents as consent_services


class DrawnSignatureForm(forms.Form):
    """The signature pad's drawing (a hidden field the pad fills), checked by the consent
    service: the chair-side and the remote signing forms both start from this one."""

    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_signature(self):
        problem = consent_services.signature_problem(self.cleaned_data.get("signature", ""))
        if problem:
            raise ValidationError(problem)
        return self.cleaned_data["signature"]


class ScreenSignatureForm(DrawnSignatureForm):
    questions_answered = forms.BooleanField(
        label=gettext_lazy("The patient has read the form and their questions were answered.")
    )


class PaperSignatureForm(forms.Form):
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed form (PDF, JPEG or PNG; optional)"), required=False
    )

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            problem = consent_services.scan_problem(upload)
            if problem:
                raise ValidationError(problem)
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the consent withdrawn? (the patient's words if possible)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
