"""The follow-up queue and one follow-up's page: filter, mark done, reschedule, reassign."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import audit, dates
from sessions.followups import queue, rules
from sessions.forms.followups import (
    DoneForm,
    FollowUpFilterForm,
    FollowUpRescheduleForm,
    ReassignForm,
)
from sessions.models import FollowUp
from sessions.views.helpers import safe_next_url

FollowUpStatus = FollowUp.Status

PAGE_SIZE = 50


def _visible(request):
    return queue.follow_ups_visible_to(request.user).select_related("patient", "assignee")


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
    days = queue.day_filters(now)
    counts = filtered.aggregate(
        overdue=Count("pk", filter=days["overdue"] & rules.still_open(now)),
        today=Count("pk", filter=days["today"]),
        upcoming=Count("pk", filter=days["upcoming"]),
    )
    failed_first = Case(
        When(status=FollowUpStatus.FAILED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = filtered.filter(when).order_by(
        "-urgent",
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
        "open_statuses": rules.OPEN_STATUSES,
        "can_change": request.user.has_perm("treatments.change_treatmentsession"),
        "here": request.get_full_path(),
    }
    return render(request, "treatments/follow_ups.html", context)


def _detail_context(request, follow_up, **forms_):
    workable = follow_up.status in rules.WORKABLE_STATUSES
    local = timezone.localtime(follow_up.due_at)
    return {
        "follow_up": follow_up,
        "patient": follow_up.patient,
        "events": [
            {
                "at": event.at,
                "by": event.by,
                "label": queue.EVENT_LABELS.get(event.action, event.action),
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
        "next": safe_next_url(request, reverse("treatments:follow_ups")),
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
            return redirect(safe_next_url(request, reverse("treatments:follow_ups")))
    context = _detail_context(request, follow_up, **{form_name: form})
    return render(request, "treatments/follow_up_detail.html", context)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_done(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        queue.follow_up_mark_done(
            follow_up=follow_up,
            outcome_note=form.cleaned_data["outcome_note"],
            by=request.user,
            request=request,
        )
        messages.success(
            request, _("Marked done: %(what)s.") % {"what": follow_up_summary(follow_up)}
        )

    return _act(request, follow_up, "done_form", DoneForm(request.POST), action)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_reschedule(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        moved = queue.follow_up_reschedule(
            follow_up=follow_up, due_at=form.due_at(), by=request.user, request=request
        )
        messages.success(
            request,
            _("%(what)s now due %(when)s.")
            % {
                "what": follow_up_summary(follow_up),
                "when": dates.moment(moved.due_at),
            },
        )

    form = FollowUpRescheduleForm(request.POST)
    return _act(request, follow_up, "reschedule_form", form, action)


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def follow_up_reassign(request, pk):
    follow_up = _follow_up(request, pk)

    def action(form):
        queue.follow_up_reassign(
            follow_up=follow_up,
            assignee=form.cleaned_data["assignee"],
            by=request.user,
            request=request,
        )
        messages.success(
            request, _("Reassigned: %(what)s.") % {"what": follow_up_summary(follow_up)}
        )

    form = ReassignForm(request.POST, follow_up=follow_up)
    return _act(request, follow_up, "reassign_form", form, action)


def follow_up_summary(follow_up) -> str:
    return f"{follow_up.get_kind_display()} · {follow_up.patient.full_name}"
