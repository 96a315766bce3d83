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
