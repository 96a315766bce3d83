"""Form fields shared by the treatments forms: choosing a practitioner or a colleague, and a
day inside the booking window."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clinic import roles
from clinic.people import display_name
from sessions.scheduling.dates import booking_window


def practitioners():
    return (
        get_user_model()
        .objects.filter(groups__name=roles.GROUP_NAMES[roles.PRACTITIONER], is_active=True)
        .order_by("last_name", "first_name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of users, each shown by name (clinic.people.display_name)."""

    def label_from_instance(self, user):
        return display_name(user)


def preselect_single_choice(form, *names) -> None:
    """With one practitioner, one location or one room to choose from, choose it (no "Please
    select an item" for a clinic that has only one); an initial value given stays."""
    for name in names:
        field = form.fields.get(name)
        if field is None or form.initial.get(name) or field.initial:
            continue
        choices = list(field.queryset[:2])
        if len(choices) == 1:
            form.initial[name] = choices[0].pk


class BookingDayField(forms.DateField):
    """A day between today minus one year and today plus two years (the booking window,
    sessions/scheduling/dates.py): a far or impossible date is this field's error."""

    def __init__(self, **kwargs):
        # ISO whatever the language: <input type="date"> shows nothing for 03/12/2026.
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:  # e.g. "99999-01-01"
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        first, last = booking_window()
        if not first <= value <= last:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {
                    "first": date_format(first, "SHORT_DATE_FORMAT"),
                    "last": date_format(last, "SHORT_DATE_FORMAT"),
                },
                code="out_of_range",
            )
