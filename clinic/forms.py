"""Project-wide form helpers: the audit log filter, the language choice and `post_data` (bound
only on POST)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.language import available_languages

# A date field's value in ISO, whatever the page's language: <input type="date"> reads only
# ISO (the French default, 03/12/2026, would show an empty field).
ISO_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the pages"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The browser's language")),
            *available_languages(),
        ]


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    who = forms.CharField(label=_("Username"), required=False)
    patient = forms.CharField(label=_("Patient chart number"), required=False, max_length=20)
    date_from = forms.DateField(label=_("From"), required=False, widget=ISO_DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=ISO_DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("action"),
                Column("who"),
                Column("patient"),
                Column("date_from"),
                Column("date_to"),
            )
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def clean_patient(self):
        return self.cleaned_data["patient"].strip().upper()

    def filter(self, events, *, patient_id=None):
        """The events matching the form; `patient_id`: the patient the chart number named."""
        data = self.cleaned_data
        if data["patient"]:
            events = events.filter(patient_id=patient_id)
        if data["action"]:
            events = events.filter(action__icontains=data["action"])
        if data["who"]:
            events = events.filter(actor_username__icontains=data["who"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events


def post_data(request):
    """Bind a form on POST, even an empty one (`request.POST or None` would leave a form
    whose fields are all optional unbound, and silently show no errors)."""
    return request.POST if request.method == "POST" else None


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a recovery code (8 characters)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
