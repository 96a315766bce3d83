"""Follow-up queue forms: the filter, marking done, rescheduling and reassigning."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.people import display_name
from sessions.followups import queue, rules
from sessions.followups.queue import day_filters
from sessions.forms.fields import BookingDayField, PersonChoiceField
from sessions.models import FollowUp

Status = FollowUp.Status


class FollowUpFilterForm(forms.Form):
    WHEN = [
        ("due", gettext_lazy("Due by tonight")),
        ("overdue", gettext_lazy("Overdue")),
        ("today", gettext_lazy("Today")),
        ("upcoming", gettext_lazy("Upcoming")),
        ("any", gettext_lazy("Any time")),
    ]
    STATUS = [
        ("open", gettext_lazy("Open (to do or failed)")),
        *Status.choices,
        ("all", gettext_lazy("All")),
    ]

    when = forms.ChoiceField(label=gettext_lazy("When"), choices=WHEN, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds")), *FollowUp.Kind.choices],
        required=False,
    )
    assignee = forms.ChoiceField(label=gettext_lazy("Assigned to"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            get_user_model()
            .objects.with_perm("treatments.change_treatmentsession")
            .order_by("last_name", "first_name", "pk")
        )
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Front desk (shared)")),
            *[(str(p.pk), display_name(p)) for p in people],
        ]
        if not user.has_perm("treatments.view_chart"):  # clinical tasks are not theirs
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != FollowUp.Kind.ADVERSE_EVENT_CHECK
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("when"), Column("kind"), Column("assignee"), Column("status"))
        )
        self.user = user

    def filter(self, follow_ups, now):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or "open"
        if status == "open":
            follow_ups = follow_ups.filter(rules.still_open(now))
        elif status != "all":
            follow_ups = follow_ups.filter(status=status)
        if data.get("kind"):
            follow_ups = follow_ups.filter(kind=data["kind"])
        assignee = data.get("assignee") or ""
        if assignee == "me":
            follow_ups = follow_ups.filter(assignee=self.user)
        elif assignee == "none":
            follow_ups = follow_ups.filter(assignee__isnull=True)
        elif assignee:
            follow_ups = follow_ups.filter(assignee_id=assignee)
        return follow_ups, day_filters(now).get(data.get("when") or "due", Q())


class DoneForm(forms.Form):
    outcome_note = forms.CharField(
        label=gettext_lazy("What came of it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("e.g. “Called, doing well, slight bruising fading.”"),
    )


class FollowUpRescheduleForm(forms.Form):
    day = BookingDayField(label=gettext_lazy("Day"))
    time = forms.TimeField(
        label=gettext_lazy("Time"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form has its token
        self.helper.layout = Layout(Row(Column("day"), Column("time")))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("Choose today or a later day."))
        return day

    def due_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["day"],
            self.cleaned_data["time"],
            tzinfo=timezone.get_current_timezone(),
        )


class ReassignForm(forms.Form):
    assignee = PersonChoiceField(
        label=gettext_lazy("Give it to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("Front desk (shared)"),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = queue.assignable_users(follow_up)
        if follow_up.channel == FollowUp.Channel.TASK:
            self.fields["assignee"].required = True
            self.fields["assignee"].empty_label = None
