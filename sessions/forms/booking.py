"""Booking forms: a slot (day, start, length, room), a single booking, moving and cancelling."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import Patient
from sessions.forms.fields import (
    BookingDayField,
    PersonChoiceField,
    practitioners,
    preselect_single_choice,
)
from sessions.models import Room, TreatmentSession

DURATIONS = [(minutes, _("%(m)s minutes") % {"m": minutes}) for minutes in (15, 30, 45, 60, 90)]


class SlotFields(forms.Form):
    """Day, start time and length, read in the clinic's time zone."""

    day = BookingDayField(label=_("Day"))
    start = forms.TimeField(
        label=_("Start"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    duration = forms.TypedChoiceField(label=_("Length"), choices=DURATIONS, coerce=int, initial=45)

    def slot(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        starts_at = datetime.datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["start"], tzinfo=tz
        )
        return starts_at, starts_at + datetime.timedelta(minutes=self.cleaned_data["duration"])


class BookingForm(SlotFields):
    patient = forms.CharField(
        label=_("Patient chart number"),
        help_text=_("e.g. P000123 — filled in when you pick the patient in the search above."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TreatmentSession.Kind.choices)
    practitioner = PersonChoiceField(
        label=_("Practitioner"), queryset=get_user_model().objects.none()
    )
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.filter(active=True).select_related("location")
    )
    overlap_reason = forms.CharField(
        label=_("Deliberate overlap: why"),
        required=False,
        help_text=_(
            "Only to book the practitioner twice on purpose (e.g. a short check while "
            "another patient's numbing cream works). Rooms are never shared."
        ),
    )
    notes = forms.CharField(label=_("Notes"), required=False)

    def __init__(self, *args, may_overlap: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners()
        preselect_single_choice(self, "practitioner", "room")
        if not may_overlap:
            del self.fields["overlap_reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML('{% include "treatments/_patient_pick.html" %}'),
            Row(Column("patient"), Column("kind")),
            Row(Column("practitioner"), Column("room")),
            Row(Column("day"), Column("start"), Column("duration")),
            *(["overlap_reason"] if may_overlap else []),
            "notes",
        )

    def clean_patient(self):
        value = self.cleaned_data["patient"].strip().upper()
        patient = Patient.objects.filter(chart_number=value).first()
        if patient is None:
            raise forms.ValidationError(
                _("No patient has chart number %(chart)s.") % {"chart": value}
            )
        if patient.archived_at:
            raise forms.ValidationError(
                _("%(name)s's record is archived.") % {"name": patient.full_name}
            )
        return patient


class RescheduleForm(SlotFields):
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.filter(active=True).select_related("location")
    )
    # Left out of a post (a drop in the room view), the session keeps its practitioner.
    practitioner = PersonChoiceField(
        label=_("Practitioner"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, current_minutes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners()
        # A session booked at another length (a 50-minute course session) keeps it when moved.
        if current_minutes and current_minutes not in dict(DURATIONS):
            choices = [*DURATIONS, (current_minutes, _("%(m)s minutes") % {"m": current_minutes})]
            self.fields["duration"].choices = sorted(choices)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("day"), Column("start"), Column("duration")),
            Row(Column("room"), Column("practitioner")),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)
