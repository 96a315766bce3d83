"""The follow-up queue: today's, overdue and upcoming follow-ups with filters, one follow-up
with its log, and the actions on it (done with an outcome, reschedule, reassign).

Everyone who schedules (front desk, practitioners, clinic admins) works the queue; what each
sees is followups.follow_ups_visible_to (practitioners' adverse-event checks only for those
who read charts). The queue shows what the front desk needs to call: kind, patient, phone,
due, status; never clinical details.
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clinic import audit
from sessions import followups
from sessions.models import FollowUp

Status = FollowUp.Status
PAGE_SIZE = 50


# --- Forms ------------------------------------------------------------------------------------


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
            *[(str(p.pk), p.get_full_name() or p.get_username()) for p in people],
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
            follow_ups = follow_ups.filter(status__in=followups.OPEN_STATUSES)
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


def day_filters(now) -> dict[str, Q]:
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    tonight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(), tz)
    this_morning = datetime.datetime.combine(today, datetime.time(), tz)
    return {
        "due": Q(due_at__lt=tonight),
        "overdue": Q(due_at__lt=now),
        "today": Q(due_at__gte=this_morning, due_at__lt=tonight),
        "upcoming": Q(due_at__gte=tonight),
        "any": Q(),
    }


class DoneForm(forms.Form):
    outcome_note = forms.CharField(
        label=gettext_lazy("What came of it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("e.g. “Called, doing well, slight bruising fading.”"),
    )


class FollowUpRescheduleForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time", "step": 60})
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


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ReassignForm(forms.Form):
    assignee = PersonChoiceField(
        label=gettext_lazy("Give it to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("Front desk (shared)"),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = followups.assignable_users(follow_up)
        if follow_up.channel == FollowUp.Channel.TASK:
            self.fields["assignee"].required = True
            self.fields["assignee"].empty_label = None


# --- Views ------------------------------------------------------------------------------------


def _visible(request):
    return followups.follow_ups_visible_to(request.user).select_related("patient", "assignee")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("treatments:follow_ups")


@permission_required("treatments.view_treatmentsession", raise_exception=True)
def follow_up_queue(request):
    now = timezone.now()
    params = request.GET.copy()
    # Practitioners start with their own tasks; the front desk with everyone's.
    unfiltered = not ({"when", "kind", "assignee", "status"} & set(params))
    if unfiltered and request.user.has_perm("treatments.chart_treatmentsession"):
        params["assignee"] = "me"
    form = FollowUpFilterForm(params, user=request.user)
    filtered, when = form.filter(_visible(request), now)
    days = day_filters(now)
    counts = filtered.aggregate(
        overdue=Count("pk", filter=days["overdue"] & Q(status__in=followups.OPEN_STATUSES)),
        today=Count("pk", filter=days["today"]),
        upcoming=Count("pk", filter=days["upcoming"]),
    )
    failed_first = Case(
        When(status=Status.FAILED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = filtered.filter(when).order_by(
        failed_first,
        "due_at",
        "pk",
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    when_key = (form.cleaned_data.get("when") if form.is_valid() else "") or "due"
    tabs = []
    for key, label in (
        ("overdue", _("Overdue")),
        ("today", _("Today")),
        ("upcoming", _("Upcoming")),
    ):
        query = params.copy()
        query["when"] = key
        query.pop("page", None)
        tabs.append({"key": key, "label": label, "count": counts[key], "query": query.urlencode()})
    context = {
        "form": form,
        "page_obj": page_obj,
        "tabs": tabs,
        "now": now,
        "when": when_key,
        "open_statuses": followups.OPEN_STATUSES,
        "can_change": request.user.has_perm("treatments.change_treatmentsession"),
        "here": request.get_full_path(),
    }
    return render(request, "treatments/follow_ups.html", context)


def _detail_context(request, follow_up, **forms_):
    workable = follow_up.status in followups.WORKABLE_STATUSES
    local = timezone.localtime(follow_up.due_at)
    return {
        "follow_up": follow_up,
        "patient": follow_up.patient,
        "events": [
            {
                "at": event.at,
                "by": event.by,
                "label": followups.EVENT_LABELS.get(event.action, event.action),
                "note": event.note,
            }
            for event in follow_up.events.select_related("by")
        ],
        "workable": workable,
        "can_change": request.user.has_perm("treatments.change_treatmentsession"),
        "done_form": forms_.get("done_form") or DoneForm(),
        "reschedule_form": forms_.get("reschedule_form")
        or FollowUpRescheduleForm(
            initial={"day": local.date(), "time": local.time().replace(second=0, microsecond=0)}
        ),
        "reassign_form": forms_.get("reassign_form")
        or ReassignForm(follow_up=follow_up, initial={"assignee": follow_up.assignee_id}),
        "next": _next_url(request),
        "now": timezone.now(),
    }


def _follow_up(request, pk) -> FollowUp:
    return get_object_or_404(
        _visible(request).select_related("treatment_session", "lot__product", "done_by"), pk=pk
    )


@permission_required("treatments.view_treatmentsession", raise_exception=True)
def follow_up_detail(request, pk):
    follow_up = _follow_up(request, pk)
    audit.record(actor=request.user, action="follow_up.viewed", target=follow_up, request=request)
    return render(request, "treatments/follow_up_detail.html", _detail_context(request, follow_up))


def _act(request, follow_up, form_name, form, action) -> object:
    """Run a service for a valid form; a refusal is a form error on the page, never a 500."""
    if form.is_valid():
        try:
            action(form)
        except ValidationError as error:
            try:
                form.add_error(None, error)  # {"field": ...} lands on its field
            except ValueError:
                form.add_error(None, error.messages)
        else:
            return redirect(_next_url(request))
    context = _detail_context(request, follow_up, **{form_name: form})
    return render(request, "treatments/follow_up_detail.html", context)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_done(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        followups.follow_up_mark_done(
            follow_up=follow_up,
            outcome_note=form.cleaned_data["outcome_note"],
            by=request.user,
            request=request,
        )
        messages.success(request, _("Marked done: %(what)s.") % {"what": _describe(follow_up)})

    return _act(request, follow_up, "done_form", DoneForm(request.POST), action)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_reschedule(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        moved = followups.follow_up_reschedule(
            follow_up=follow_up, due_at=form.due_at(), by=request.user, request=request
        )
        messages.success(
            request,
            _("%(what)s now due %(when)s.")
            % {
                "what": _describe(follow_up),
                "when": f"{timezone.localtime(moved.due_at):%Y-%m-%d %H:%M}",
            },
        )

    form = FollowUpRescheduleForm(request.POST)
    return _act(request, follow_up, "reschedule_form", form, action)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_reassign(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        followups.follow_up_reassign(
            follow_up=follow_up,
            assignee=form.cleaned_data["assignee"],
            by=request.user,
            request=request,
        )
        messages.success(request, _("Reassigned: %(what)s.") % {"what": _describe(follow_up)})

    form = ReassignForm(request.POST, follow_up=follow_up)
    return _act(request, follow_up, "reassign_form", form, action)


def _describe(follow_up) -> str:
    return f"{follow_up.get_kind_display()} · {follow_up.patient.full_name}"


urlpatterns = [
    path("follow-ups/", follow_up_queue, name="follow_ups"),
    path("follow-ups/<int:pk>/", follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:pk>/reschedule/", follow_up_reschedule, name="follow_up_reschedule"),
    path("follow-ups/<int:pk>/reassign/", follow_up_reassign, name="follow_up_reassign"),
]
