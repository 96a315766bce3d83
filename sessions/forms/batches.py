"""The front desk's batch form: which day's pre-care and aftercare sheets to print."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sessions.forms.fields import BookingDayField


class BatchForm(forms.Form):
    precare_day = BookingDayField(
        label=gettext_lazy("Pre-care sheets for the sessions of"), required=False
    )
    aftercare_day = BookingDayField(
        label=gettext_lazy("Aftercare sheets for the charted sessions of"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("precare_day") and not cleaned.get("aftercare_day"):
            raise ValidationError(_("Choose at least one day."))
        return cleaned
