"""Course booking forms: the setup (practitioner, location, first day) and one row per slot."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions.forms.booking import DURATIONS, SlotFields
from sessions.forms.fields import (
    BookingDayField,
    PersonChoiceField,
    practitioners,
    preselect_single_choice,
)
from sessions.models import Location, Room


class CourseSetupForm(forms.Form):
    practitioner = PersonChoiceField(
        label=_("Practitioner"), queryset=get_user_model().objects.none()
    )
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all())
    first_day = BookingDayField(label=_("First session from"))
    duration = forms.TypedChoiceField(
        label=_("Session length"), choices=DURATIONS, coerce=int, initial=45
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners()
        # The plan's own practitioner is proposed; a clinic with one of anything gets it.
        proposer = plan.created_by_id if plan is not None else None
        if (
            proposer
            and not self.initial.get("practitioner")
            and self.fields["practitioner"].queryset.filter(pk=proposer).exists()
        ):
            self.initial["practitioner"] = proposer
        preselect_single_choice(self, "practitioner", "location")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("practitioner"), Column("location"), Column("first_day"), Column("duration"))
        )

    def clean_first_day(self):
        day = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The first session cannot be in the past."))
        return day


class CourseSlotForm(SlotFields):
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.filter(active=True).select_related("location")
    )


CourseSlotFormSet = forms.formset_factory(CourseSlotForm, extra=0)
