"""Patient forms: search, demographics, archive, history review, medications,
consultations and measurements."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients import outcome_scales
from patients.models import (
    HISTORY_CONDITIONS,
    Consultation,
    InrReading,
    MedicalHistoryReview,
    MedicationCatalogueEntry,
    Patient,
    PatientMedication,
    SiteCondition,
)
from patients.services import DEMOGRAPHIC_FIELDS
from protocols.catalogues import Allergy, ContraindicationTag, IngredientClass, TreatmentArea
from protocols.forms import PairsField
from protocols.models import Indication, Ingredient, Protocol, ProtocolVersion

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))
    return day


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


# No clinical date in this app is older (issue 13: far dates are form errors, never 500s).
EARLIEST_DATE = datetime.date(1900, 1, 1)


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone, chart number or date of birth"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )
    include_archived = forms.BooleanField(label=_("Include archived patients"), required=False)


class PatientForm(forms.ModelForm):
    confirm_new_person = forms.BooleanField(
        label=_("I checked: this is a different person from the possible duplicates above."),
        required=False,
    )

    class Meta:
        model = Patient
        fields = DEMOGRAPHIC_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, confirm_new_person=True, **kwargs):
        """`confirm_new_person=False` (editing): no duplicate check, so neither the field nor
        its place in the layout (a layout naming a missing field logs a traceback per render)."""
        super().__init__(*args, **kwargs)
        if not confirm_new_person:
            del self.fields["confirm_new_person"]
        self.helper = _helper(
            Fieldset(
                _("Identity"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("date_of_birth"), Column("sex"), Column("fitzpatrick_type")),
            ),
            Fieldset(
                _("Contact"),
                Row(Column("phone"), Column("email")),
                "address",
                Row(Column("preferred_language")),
                Row(
                    Column("contact_by_email"), Column("contact_by_sms"), Column("contact_by_phone")
                ),
            ),
            Fieldset(
                _("Emergency contact"),
                Row(Column("emergency_contact_name"), Column("emergency_contact_phone")),
            ),
            *(["confirm_new_person"] if confirm_new_person else []),
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The date of birth is in the future."))
        if born.year < today.year - 120:
            raise forms.ValidationError(_("Check the year: this would make the patient over 120."))
        return born


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record archived?"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. duplicate of P000123, moved away")}),
    )


class HistoryReviewForm(forms.ModelForm):
    allergies = forms.MultipleChoiceField(
        label=_("Allergies"),
        choices=Allergy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attest = forms.BooleanField(
        label=_("I reviewed these answers with the patient today."), required=True
    )

    class Meta:
        model = MedicalHistoryReview
        fields = [
            *(str(tag) for tag in HISTORY_CONDITIONS),
            "allergies",
            "allergies_other",
            "smoking",
            "notes",
        ]
        widgets = {
            "allergies_other": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, legacy=(), **kwargs):
        """`legacy`: whole-patient site answers still set on the current review; they stay
        until the practitioner records the condition at its site and unticks them here."""
        super().__init__(*args, **kwargs)
        self.legacy = [str(tag) for tag in legacy]
        for tag in self.legacy:
            self.fields[tag] = forms.BooleanField(
                label=_(
                    "%(label)s — recorded without a site, so it counts for every area; "
                    "record it at its site below, then untick it"
                )
                % {"label": ContraindicationTag(tag).label},
                required=False,
                initial=True,
            )
        self.fields["allergies_other"].help_text = _(
            "A clinician must resolve free text (map it to ingredients or mark it reviewed) "
            "before a plan."
        )
        self.helper = _helper(
            Fieldset(_("Conditions"), *(str(tag) for tag in HISTORY_CONDITIONS), *self.legacy),
            Fieldset(_("Allergies"), "allergies", "allergies_other"),
            Fieldset(_("Lifestyle and notes"), "smoking", "notes"),
            "attest",
        )

    def review_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in [*self.Meta.fields, *self.legacy]}


class MedicationForm(forms.ModelForm):
    class Meta:
        model = PatientMedication
        fields = [
            "catalogue_entry",
            "free_text_name",
            "is_prescribed",
            "dose",
            "started_on",
            "stopped_on",
            "notes",
        ]
        widgets = {"started_on": DATE_INPUT, "stopped_on": DATE_INPUT}
        help_texts = {
            "stopped_on": _(
                "Only for a medicine already stopped (e.g. isotretinoin 3 months ago): rules "
                "with a look-back still read it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue_entry"].queryset = MedicationCatalogueEntry.objects.order_by("name")
        self.fields["catalogue_entry"].label_from_instance = lambda entry: (
            f"{entry.name} — {entry.get_risk_class_display()}"
        )
        self.helper = _helper(
            Row(Column("catalogue_entry"), Column("free_text_name")),
            Row(Column("is_prescribed"), Column("dose")),
            Row(Column("started_on"), Column("stopped_on")),
            "notes",
        )

    def clean_started_on(self):
        started = _not_future(self.cleaned_data.get("started_on"))
        if started is not None and started < EARLIEST_DATE:
            raise forms.ValidationError(_("Check the year: the start date is before 1900."))
        return started

    def clean_stopped_on(self):
        return _not_future(self.cleaned_data.get("stopped_on"))

    def clean(self):
        cleaned = super().clean()
        started, stopped = cleaned.get("started_on"), cleaned.get("stopped_on")
        if started and stopped and stopped < started:
            self.add_error("stopped_on", _("The stop date is before the start date."))
        entry, free_text = cleaned.get("catalogue_entry"), cleaned.get("free_text_name", "").strip()
        if not entry and not free_text:
            self.add_error("catalogue_entry", _("Choose from the list, or type the name below."))
        if entry and free_text:
            self.add_error("free_text_name", _("Either choose from the list or type a name."))
        return cleaned


class MedicationStopForm(forms.Form):
    stopped_on = forms.DateField(label=_("Stopped on"), required=False, widget=DATE_INPUT)

    def clean_stopped_on(self):
        return _not_future(self.cleaned_data.get("stopped_on"))


class SiteConditionForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("Where"), choices=TreatmentArea.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SiteCondition
        fields = ["kind", "areas", "on", "notes"]
        widgets = {"on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("kind"), Column("on")), "areas", "notes")

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))


class InrForm(forms.ModelForm):
    class Meta:
        model = InrReading
        fields = ["value", "measured_on"]
        widgets = {"measured_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("value"), Column("measured_on")))

    def clean_measured_on(self):
        return _not_future(self.cleaned_data.get("measured_on"))


class AllergyResolutionForm(forms.Form):
    ingredients = forms.ModelMultipleChoiceField(
        label=_("Catalogue ingredients the patient is allergic to"),
        queryset=Ingredient.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ingredient_classes = forms.MultipleChoiceField(
        label=_("Whole ingredient classes the patient is allergic to"),
        choices=IngredientClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Or: reviewed, nothing in the catalogue matches, because…"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("ingredients", "ingredient_classes", "reason")

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("ingredients")
            and not cleaned.get("ingredient_classes")
            and not (cleaned.get("reason") or "").strip()
        ):
            raise forms.ValidationError(
                _("Map the allergy to ingredients or classes, or say why it does not matter.")
            )
        return cleaned


class ConsultationForm(forms.ModelForm):
    indications = forms.ModelMultipleChoiceField(
        label=_("Indications of concern"),
        queryset=Indication.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    area_assessments = PairsField(
        keys=["area", "assessment"],
        required=False,
        label=_("Assessment per area: area | what you see, one per line"),
    )
    protocol_version = forms.ModelChoiceField(
        label=_("Protocol"),
        required=False,
        queryset=ProtocolVersion.objects.none(),
        help_text=_("Screening runs against it as soon as the consultation is saved."),
    )
    confirm_history = forms.BooleanField(
        label=_("I reviewed the medical history and medications with the patient today."),
    )

    class Meta:
        model = Consultation
        fields = ["indications", "goals", "area_assessments", "protocol_version"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (
            ProtocolVersion.objects.filter(
                pk__in=Protocol.objects.active().values("current_version")
            )
            .select_related("protocol__indication")
            .order_by("protocol__indication__position", "protocol__name")
        )
        self.fields["protocol_version"].queryset = current
        self.fields["protocol_version"].label_from_instance = lambda version: (
            f"{version.protocol.indication.label}: {version.protocol.name} (v{version.number})"
        )
        self.helper = _helper(
            "indications", "goals", "area_assessments", "protocol_version", "confirm_history"
        )


class MeasurementForm(forms.Form):
    scale = forms.ChoiceField(label=_("Scale"), choices=[])
    area = forms.ChoiceField(
        label=_("Area"), choices=[("", "—"), *TreatmentArea.choices], required=False
    )
    value = forms.DecimalField(label=_("Value"), max_digits=8, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].choices = [("", "—"), *outcome_scales.scale_choices()]

    def clean(self):
        cleaned = super().clean()
        scale, value = cleaned.get("scale"), cleaned.get("value")
        error = outcome_scales.value_error(scale, value) if scale and value is not None else None
        if error:
            self.add_error("value", error)
        return cleaned


MeasurementFormSet = forms.formset_factory(MeasurementForm, extra=3)


class PlanForm(forms.Form):
    """Areas, course and one reason per warning (fields added from the screening result)."""

    areas = forms.MultipleChoiceField(
        label=_("Areas to treat"),
        choices=TreatmentArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions_count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=30)
    interval_min_days = forms.IntegerField(
        label=_("Interval from (days)"), min_value=1, max_value=365
    )
    interval_max_days = forms.IntegerField(
        label=_("Interval to (days)"), min_value=1, max_value=365
    )

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warning_fields = []
        for finding in warnings:
            name = f"reason__{finding.key}"
            label = _("Reason to go ahead despite: %(label)s") % {"label": finding.label}
            if finding.key == "off_label_area":
                label = _(
                    "Off-label acknowledgement (%(facts)s): why, and how the patient was told"
                ) % {"facts": "; ".join(finding.facts)}
            self.fields[name] = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.warning_fields.append((name, finding.key))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("interval_min_days"), cleaned.get("interval_max_days")
        if low and high and low > high:
            self.add_error(
                "interval_max_days", _("The longest interval is shorter than the shortest.")
            )
        return cleaned

    def reasons(self) -> dict:
        return {key: self.cleaned_data[name] for name, key in self.warning_fields}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Consultation.Decision.DEFERRED, Consultation.Decision.DEFERRED.label),
            (Consultation.Decision.DECLINED, Consultation.Decision.DECLINED.label),
        ],
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))


class QuestionnaireReviewForm(forms.Form):
    """The practitioner's choice of the answers to accept (the rows the comparison offers)."""

    accept = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    attest = forms.BooleanField(
        label=_(
            "I reviewed these answers with the patient's record; saving records the medical "
            "history review, by me, now."
        ),
        required=True,
    )

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].choices = [(key, key) for key in keys]
