"""Forms of the chart page: the chart itself, its three row sets, signing, amending, photos.

The row forms are plain forms with a hidden `id` (the row they edit); the view hands their
cleaned data to sessions.charting, which writes every row in one transaction."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from patients.forms import MeasurementForm
from protocols.catalogues import Technique, TreatmentArea
from sessions.charting import amendments, charts, maps, photos
from sessions.models import AdverseEvent, Chart, Photo

TECHNIQUE_CHOICES = [("", "—"), *Technique.choices]


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


class ChartForm(forms.ModelForm):
    """The chart's own fields. The template places them section by section (between the row
    sets) with |as_crispy_field, so no crispy layout here."""

    areas = forms.MultipleChoiceField(
        label=_("Areas treated"),
        choices=TreatmentArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    technique = forms.ChoiceField(label=_("Technique"), choices=TECHNIQUE_CHOICES, required=False)
    # The injection map as JSON, written by static/js/chart-map.js; sessions.charting.maps
    # checks every value (the script only helps).
    injection_map = forms.CharField(
        label=_("Injection map"),
        widget=forms.HiddenInput(attrs={"data-map-input": ""}),
        required=False,
    )

    class Meta:
        model = Chart
        fields = charts.CHART_FIELDS
        widgets = {
            "anaesthesia_applied_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "immediate_reactions": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_injection_map(self):
        """(areas, marks), or None when nothing was posted: the map stays as it is."""
        text = self.cleaned_data.get("injection_map")
        return maps.map_parse(text) if text else None


class BootstrapRowMixin:
    """Row forms are drawn as table cells (not by crispy): give their widgets Bootstrap's
    classes here."""

    def style_widgets(self):
        for bound in self.visible_fields():
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


class ProductRowForm(BootstrapRowMixin, forms.Form):
    """One product of the blend as mixed. The lot is an id: the list offers usable lots, the
    service refuses an expired or archived one by name (a stale page may still post it)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lot = forms.IntegerField(label=_("Lot"), widget=forms.Select)
    volume_ml = forms.DecimalField(
        label=_("Volume (mL)"), max_digits=6, decimal_places=3, min_value=Decimal("0.001")
    )
    units_used = forms.IntegerField(
        label=_("Vials/ampoules used"), min_value=1, max_value=32767, initial=1
    )

    def __init__(self, *args, lot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].widget.choices = [("", "—"), *lot_choices]
        self.style_widgets()


class AdverseEventRowForm(BootstrapRowMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *AdverseEvent.Type.choices])
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *AdverseEvent.Severity.choices]
    )
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_taken = forms.CharField(
        label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()


class MeasurementRowForm(BootstrapRowMixin, MeasurementForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["id", "scale", "area", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()


ProductFormSet = forms.formset_factory(ProductRowForm, extra=2, can_delete=True)
# An amendment corrects the signed rows (lot, volume, units); it neither adds nor removes one.
ProductCorrectionFormSet = forms.formset_factory(ProductRowForm, extra=0)
AdverseEventFormSet = forms.formset_factory(AdverseEventRowForm, extra=1, can_delete=True)
ChartMeasurementFormSet = forms.formset_factory(MeasurementRowForm, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The rows a valid formset asks for: filled in and not marked for removal."""
    return [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class SignForm(forms.Form):
    dose_override_reason = forms.CharField(
        label=_("Reason for exceeding a volume or dose limit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("dose_override_reason")


class AmendForm(forms.Form):
    """A reason, the corrected fields (prefilled with their current values), and optionally
    an adverse event noticed after signing."""

    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2})
    )
    anaesthesia_product = forms.CharField(label=_("Anaesthesia"), max_length=150, required=False)
    technique = forms.ChoiceField(label=_("Technique"), choices=TECHNIQUE_CHOICES, required=False)
    depth_mm = forms.DecimalField(
        label=_("Depth (mm)"), max_digits=5, decimal_places=2, required=False
    )
    injection_points = forms.IntegerField(label=_("Injection points"), min_value=0, required=False)
    mix_ratio = forms.CharField(label=_("Mix ratio"), max_length=100, required=False)
    diluent = forms.CharField(label=_("Diluent"), max_length=100, required=False)
    immediate_reactions = forms.CharField(
        label=_("Immediate reactions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    event_type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *AdverseEvent.Type.choices], required=False
    )
    event_severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *AdverseEvent.Severity.choices], required=False
    )
    event_description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    event_action_taken = forms.CharField(
        label=_("Action taken"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "reason",
            Fieldset(
                _("Corrected values"),
                Row(Column("anaesthesia_product"), Column("technique")),
                Row(Column("depth_mm"), Column("injection_points")),
                Row(Column("mix_ratio"), Column("diluent")),
                "immediate_reactions",
                "notes",
            ),
            Fieldset(
                _("Products and lots (corrected in place: stock and the injection map follow)"),
                # The view's correction rows (lot, volume, vials), drawn like the chart's.
                HTML(
                    '{% include "treatments/_chart_formset.html" with formset=products '
                    'testid="amend-products" %}'
                ),
            ),
            Fieldset(
                _("Adverse event noticed after signing (optional)"),
                Row(Column("event_type"), Column("event_severity")),
                "event_description",
                "event_action_taken",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("event_type"):
            for name in ("event_severity", "event_action_taken"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed to record the adverse event."))
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in amendments.AMENDABLE_FIELDS}

    def adverse_event(self) -> dict | None:
        if not self.cleaned_data.get("event_type"):
            return None
        return {
            "type": self.cleaned_data["event_type"],
            "severity": self.cleaned_data["event_severity"],
            "description": self.cleaned_data["event_description"],
            "action_taken": self.cleaned_data["event_action_taken"],
        }


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG or PNG, up to 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    area = forms.ChoiceField(label=_("Area"), choices=TreatmentArea.choices)
    moment = forms.ChoiceField(label=_("Moment"), choices=Photo.Moment.choices)
    consent_for_report = forms.BooleanField(
        label=_("The patient agrees to its use in their course report"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("image", Row(Column("area"), Column("moment")), "consent_for_report")

    def clean_image(self):
        upload = self.cleaned_data["image"]
        problem = photos.photo_problem(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
