"""Protocol library forms: a version's content, its blend rows and the protocol's identity."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic import dates
from protocols.catalogues import ContraindicationTag, TreatmentArea
from protocols.models import BlendComponent, Indication, Lot, Product, Protocol, ProtocolVersion
from protocols.services import VERSION_FIELDS


class LinesField(forms.CharField):
    """A list of non-empty lines, edited in a textarea (instructions, one per line)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class PairsField(forms.CharField):
    """Lines of "left | right", stored as a list of dicts with the two given keys."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, keys, **kwargs):
        self.keys = keys
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(" | ".join(str(item.get(k, "")) for k in self.keys) for item in value)
        return value

    def to_python(self, value):
        rows = []
        for number, line in enumerate(super().to_python(value).splitlines(), start=1):
            if not line.strip():
                continue
            left, bar, right = line.partition("|")
            if not bar or not left.strip() or not right.strip():
                raise forms.ValidationError(
                    _('Line %(number)s: write "%(left)s | %(right)s".'),
                    params={"number": number, "left": self.keys[0], "right": self.keys[1]},
                )
            rows.append({self.keys[0]: left.strip(), self.keys[1]: right.strip()})
        return rows


class SectionSourcesField(PairsField):
    """Lines of "section | sources", stored as a dict."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key} | {text}" for key, text in value.items())
        return value

    def to_python(self, value):
        return {row["section"]: row["sources"] for row in super().to_python(value)}


def _checkboxes(choices, label, required=False):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class ProtocolVersionForm(forms.ModelForm):
    """The content of a version. Always builds a new version; never edits one."""

    treatment_areas = _checkboxes(TreatmentArea.choices, _("Treatment areas"), required=True)
    on_label_areas = _checkboxes(
        TreatmentArea.choices,
        _("Areas where the product is on-label (only for a product with a regulatory label)"),
    )
    absolute_contraindications = _checkboxes(
        ContraindicationTag.choices, _("Absolute contraindications (block the plan)")
    )
    relative_contraindications = _checkboxes(
        ContraindicationTag.choices, _("Relative contraindications (need a reasoned override)")
    )
    pre_care = LinesField(label=_("Pre-care instructions, one per line"), required=False)
    aftercare = LinesField(label=_("Aftercare instructions, one per line"), required=False)
    side_effects = PairsField(
        keys=["effect", "usual_duration"],
        label=_("Expected side effects: effect | usual duration, one per line"),
        required=False,
    )
    sources = PairsField(keys=["key", "citation"], label=_("Sources: key | citation, one per line"))
    value_sources = SectionSourcesField(
        keys=["section", "sources"],
        label=_("Where values come from: section | sources, one per line"),
        required=False,
    )
    change_note = forms.CharField(
        label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = ProtocolVersion
        fields = [*VERSION_FIELDS, "change_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "evidence_summary": forms.Textarea(attrs={"rows": 3}),
            "evidence_caveats": forms.Textarea(attrs={"rows": 2}),
            "consent_risk_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, change_note_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_note"].required = change_note_required
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Summary and evidence"),
                "summary",
                Row(Column("evidence_level")),
                "evidence_summary",
                "evidence_caveats",
            ),
            Fieldset(
                _("Technique"),
                Row(Column("technique"), Column("needle_gauge"), Column("needle_length_mm")),
                Row(
                    Column("depth_min_mm"),
                    Column("depth_max_mm"),
                    Column("spacing_min_mm"),
                    Column("spacing_max_mm"),
                ),
                Row(
                    Column("volume_per_point_min_ml"),
                    Column("volume_per_point_max_ml"),
                    Column("max_total_volume_ml"),
                ),
            ),
            Fieldset(
                _("Course"),
                Row(
                    Column("sessions_count"),
                    Column("interval_min_days"),
                    Column("interval_max_days"),
                ),
                Row(Column("maintenance_interval_days"), Column("review_after_days")),
            ),
            Fieldset(_("Areas"), "treatment_areas", "on_label_areas"),
            Fieldset(_("Instructions"), "pre_care", "aftercare"),
            Fieldset(
                _("Safety"),
                "absolute_contraindications",
                "relative_contraindications",
                "side_effects",
                "consent_risk_text",
            ),
            Fieldset(_("Sources"), "sources", "value_sources"),
            "change_note",
        )

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in VERSION_FIELDS}


class BlendComponentForm(forms.ModelForm):
    class Meta:
        model = BlendComponent
        fields = ["ingredient", "concentration", "concentration_unit", "volume_ml"]

    def full_clean(self):
        # A row cleared by the user is no row at all (the formset then says the blend is
        # empty), not four "required" errors.
        if self.is_bound and not any(self.data.get(self.add_prefix(f)) for f in self.Meta.fields):
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class BaseBlendFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.components():
            raise forms.ValidationError(_("A blend needs at least one ingredient."))

    def components(self) -> list[dict]:
        return [
            {key: form.cleaned_data[key] for key in BlendComponentForm.Meta.fields}
            for form in self.forms
            # Not has_changed(): on the revise page the rows start equal to their initial
            # values and must still be kept. Blank extra rows have no cleaned data.
            if form.cleaned_data.get("ingredient") and not form.cleaned_data.get("DELETE")
        ]


BlendFormSet = forms.formset_factory(
    BlendComponentForm, formset=BaseBlendFormSet, extra=2, can_delete=True
)


class ProtocolIdentityForm(forms.ModelForm):
    class Meta:
        model = Protocol
        fields = ["name", "slug", "indication"]
        help_texts = {"slug": _("Lowercase letters, digits and hyphens; used in addresses.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Row(Column("name"), Column("slug"), Column("indication")))


class ProtocolFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    indication = forms.ModelChoiceField(
        label=_("Indication"),
        queryset=Indication.objects.all(),
        required=False,
        empty_label=_("All indications"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Row(Column("q"), Column("indication")))


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "maker", "ingredient", "concentration", "volume_ml", "form"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name"), Column("maker")),
            Row(Column("ingredient"), Column("concentration")),
            Row(Column("volume_ml"), Column("form")),
        )


class LotQuarantineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this lot quarantined?"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. cloudy vial reported, supplier query")}
        ),
    )


class LotRecallForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this lot recalled?"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. maker's recall notice of 2 Dec")}),
    )


# A lot's expiry and arrival lie within 10 years of today: anything further is a typo
# (issue 13: far dates are form errors, never 500s).
LOT_DATE_SPAN_DAYS = 3653


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = [
            "product",
            "lot_number",
            "expiry_date",
            "quantity_received",
            "quantity_remaining",
            "received_on",
        ]
        widgets = {
            "expiry_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["product"].queryset = Product.objects.filter(archived_at__isnull=True)
        self.fields["quantity_remaining"].required = not creating
        if creating:
            self.fields["quantity_remaining"].help_text = _("Leave empty: all units remain.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("product"), Column("lot_number")),
            Row(Column("expiry_date"), Column("received_on")),
            Row(Column("quantity_received"), Column("quantity_remaining")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quantity_remaining") is None and cleaned.get("quantity_received"):
            cleaned["quantity_remaining"] = cleaned["quantity_received"]
        return cleaned

    def clean_expiry_date(self):
        expiry = self.cleaned_data["expiry_date"]
        today = timezone.localdate()
        if self.instance.pk is None and expiry < today:
            raise forms.ValidationError(
                _("This lot expired on %(date)s; it cannot be received."),
                params={"date": dates.day(expiry)},
            )
        if abs((expiry - today).days) > LOT_DATE_SPAN_DAYS:
            raise forms.ValidationError(
                _("Check the year: an expiry date lies within 10 years of today.")
            )
        return expiry

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        today = timezone.localdate()
        if received > today:
            raise forms.ValidationError(_("A lot cannot be received in the future."))
        if (today - received).days > LOT_DATE_SPAN_DAYS:
            raise forms.ValidationError(_("Check the year: more than 10 years ago."))
        return received


class PatientTextForm(forms.Form):
    """One revision of a version's patient wording in one language, and why it was written."""

    name = forms.CharField(label=_("The treatment's name for patients"), max_length=150)
    procedure = forms.CharField(
        label=_("The procedure, in plain words"), widget=forms.Textarea(attrs={"rows": 4})
    )
    benefits = forms.CharField(
        label=_("Expected benefits and what the evidence shows"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    side_effects = PairsField(
        keys=("effect", "usual_duration"),
        label=_('Common side effects, one per line: "effect | usual duration"'),
        required=False,
    )
    risks = forms.CharField(label=_("Risks"), widget=forms.Textarea(attrs={"rows": 5}))
    alternatives = forms.CharField(
        label=_("Alternatives"), widget=forms.Textarea(attrs={"rows": 4})
    )
    pre_care = LinesField(label=_("Before the session, one line each"), required=False)
    aftercare = LinesField(label=_("After the session, one line each"), required=False)
    call_at_once = LinesField(label=_("Call us at once if, one line each"), required=False)
    note = forms.CharField(
        label=_("What this revision changes and why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def text_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "note"}


class PatientTextReviewForm(forms.Form):
    """A clinician's confirmation, asked for again on the server (the dialog is only a help)."""

    confirm = forms.BooleanField(
        label=_(
            "I have read every section of this revision and it is correct and clear for patients."
        ),
        error_messages={"required": _("Tick the box to confirm you have read the whole text.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
