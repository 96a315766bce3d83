"""Form fields shared by the treatments forms: choosing a practitioner or a colleague."""

from django import forms
from django.contrib.auth import get_user_model

from clinic import roles
from clinic.people import display_name


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
