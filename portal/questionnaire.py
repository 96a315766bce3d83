"""The health questionnaire through a link: the form in the patient's words and language, and
its submit (the link used once, the answers stored apart from the record for review)."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients import questionnaires
from patients.models import HISTORY_CONDITIONS, MedicalHistoryReview, SiteCondition
from patients.questionnaire_questions import CONDITION_QUESTIONS
from portal.links import portal_link_complete
from protocols.catalogues import Allergy, TreatmentArea

MEDICINE_ROWS = 4
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
Smoking = MedicalHistoryReview.Smoking


def about_patient(patient) -> dict:
    """A questionnaire is about the patient alone (the panel sends it any time)."""
    return {}


class QuestionnaireForm(forms.Form):
    """One yes/no question per history condition, allergies, medicines (names typed, the
    catalogue's names suggested), one skin problem at a site, smoking and goals."""

    allergies = forms.MultipleChoiceField(
        label=_("Are you allergic to any of these?"),
        choices=Allergy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allergies_other = forms.CharField(
        label=_("Any other allergy (a medicine, latex, a food…)"), required=False, max_length=500
    )
    smoking = forms.ChoiceField(
        label=_("Do you smoke?"),
        choices=[
            (Smoking.NEVER, _("No, never")),
            (Smoking.FORMER, _("I used to")),
            (Smoking.CURRENT, _("Yes")),
        ],
        widget=forms.RadioSelect,
    )
    site_kind = forms.ChoiceField(
        label=_("Is there a skin problem, or a recent treatment, where you want treatment?"),
        choices=[("", _("No"))] + list(SiteCondition.Kind.choices),
        required=False,
    )
    site_areas = forms.MultipleChoiceField(
        label=_("Where?"),
        choices=TreatmentArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    site_on = forms.DateField(
        label=_("Since when, or on which day?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    goals = forms.CharField(
        label=_("What would you like the treatment to change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tag in HISTORY_CONDITIONS:
            self.fields[f"c_{tag}"] = forms.ChoiceField(
                label=CONDITION_QUESTIONS[tag], choices=YES_NO, widget=forms.RadioSelect
            )
        for index in range(MEDICINE_ROWS):
            self.fields[f"medicine_{index}"] = forms.CharField(
                label=_("Medicine or supplement %(n)s") % {"n": index + 1},
                required=False,
                max_length=150,
                widget=forms.TextInput(attrs={"list": "medicine-names", "autocomplete": "off"}),
            )
            self.fields[f"dose_{index}"] = forms.CharField(
                label=_("How much, how often"), required=False, max_length=100
            )
        for field in self.fields.values():
            if isinstance(field.widget, (forms.TextInput, forms.Textarea, forms.DateInput)):
                field.widget.attrs.setdefault("class", "form-control")
            elif isinstance(field.widget, forms.Select) and not isinstance(
                field.widget, forms.RadioSelect
            ):
                field.widget.attrs.setdefault("class", "form-select")

    def condition_fields(self):
        return [self[f"c_{tag}"] for tag in HISTORY_CONDITIONS]

    def medicine_rows(self):
        return [(self[f"medicine_{i}"], self[f"dose_{i}"]) for i in range(MEDICINE_ROWS)]

    def clean_site_on(self):
        day = self.cleaned_data.get("site_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        if day and day.year < 1900:
            raise forms.ValidationError(_("Check the year."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("site_kind"):
            if not data.get("site_areas"):
                self.add_error("site_areas", _("Tick where it is."))
            if not data.get("site_on") and "site_on" not in self.errors:
                self.add_error("site_on", _("Give the date, even roughly."))
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        medicines = [
            {"name": data[f"medicine_{i}"], "dose": data[f"dose_{i}"]}
            for i in range(MEDICINE_ROWS)
            if data[f"medicine_{i}"].strip()
        ]
        sites = []
        if data.get("site_kind"):
            sites.append(
                {"kind": data["site_kind"], "areas": data["site_areas"], "on": data["site_on"]}
            )
        return {
            "conditions": [str(tag) for tag in HISTORY_CONDITIONS if data[f"c_{tag}"] == "yes"],
            "allergies": data["allergies"],
            "allergies_other": data["allergies_other"],
            "smoking": data["smoking"],
            "medications": medicines,
            "site_conditions": sites,
            "goals": data["goals"],
        }


@transaction.atomic
def questionnaire_send(*, link, answers: dict, language: str, request=None):
    """The patient's submit: the link is used up first (two submits cannot both pass), then
    the answers are stored for the practitioner's review. Raises LinkClosed."""
    portal_link_complete(link=link, request=request)
    return questionnaires.questionnaire_submit(
        patient=link.patient, answers=answers, language=language, request=request
    )
