"""Whether a slot can be booked: the practitioner's hours, closures, inactive rooms and
clashes with other active sessions, each as a sentence that names the problem."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.people import display_name
from sessions.models import Closure, TreatmentSession, WorkingHours


def booking_summary(other: TreatmentSession) -> str:
    local = timezone.localtime(other.starts_at)
    return _("%(patient)s with %(practitioner)s in %(room)s, %(day)s %(start)s–%(end)s") % {
        "patient": other.patient.full_name,
        "practitioner": display_name(other.practitioner),
        "room": other.room.name,
        "day": local.strftime("%Y-%m-%d"),
        "start": local.strftime("%H:%M"),
        "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
    }


def clashing_sessions(
    *, practitioner, room, starts_at, ends_at, overlap_reason="", exclude_pk=None
):
    """The active sessions this booking would collide with (room always; practitioner
    unless the overlap is deliberate)."""
    others = (
        TreatmentSession.objects.active()
        .overlapping(starts_at, ends_at)
        .exclude(pk=exclude_pk)
        .select_related("patient", "practitioner", "room")
    )
    room_clashes = [s for s in others if s.room_id == room.pk]
    practitioner_clashes = [
        s
        for s in others
        if s.practitioner_id == practitioner.pk
        and s.room_id != room.pk
        and not (overlap_reason or s.overlap_reason)
    ]
    return room_clashes + practitioner_clashes


def clash_error(clash: TreatmentSession, room) -> ValidationError:
    if clash.room_id == room.pk:
        return ValidationError(
            _("%(room)s is already booked then: %(other)s.")
            % {"room": room.name, "other": booking_summary(clash)},
            code="room_clash",
        )
    return ValidationError(
        _(
            "The practitioner is already booked then: %(other)s. To overlap on purpose, give a "
            "reason."
        )
        % {"other": booking_summary(clash)},
        code="practitioner_clash",
    )


def availability_problems(*, practitioner, room, starts_at, ends_at) -> list[str]:
    """Why this slot is outside the practitioner's hours or closed (empty when fine)."""
    problems = []
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    day = local_start.date()
    if local_end.date() != day:
        problems.append(_("A session must start and end on the same day."))
    hours = WorkingHours.objects.filter(
        practitioner=practitioner, location=room.location_id, weekday=day.weekday()
    )
    if not any(h.starts <= local_start.time() and local_end.time() <= h.ends for h in hours):
        problems.append(
            _("%(when)s is outside %(who)s's working hours at %(location)s.")
            % {
                "when": local_start.strftime("%a %Y-%m-%d %H:%M"),
                "who": display_name(practitioner),
                "location": room.location.name,
            }
        )
    closures = Closure.objects.filter(starts_on__lte=day, ends_on__gte=day).filter(
        closure_scope(practitioner, room.location_id)
    )
    problems += [
        _("Closed on %(day)s: %(reason)s.") % {"day": day.isoformat(), "reason": c.reason}
        for c in closures
    ]
    if not room.active:
        problems.append(_("%(room)s is not in use.") % {"room": room.name})
    return problems


def closure_scope(practitioner, location_id) -> Q:
    """Closures that apply: the practitioner's leave, the location's, or both at once."""
    return (
        Q(practitioner=practitioner, location__isnull=True)
        | Q(location=location_id, practitioner__isnull=True)
        | Q(practitioner=practitioner, location=location_id)
    )


def check_slot(*, practitioner, room, starts_at, ends_at, overlap_reason, exclude_pk=None):
    if ends_at <= starts_at:
        raise ValidationError(_("The session ends before it starts."))
    problems = availability_problems(
        practitioner=practitioner, room=room, starts_at=starts_at, ends_at=ends_at
    )
    if problems:
        raise ValidationError(problems)
    found = clashing_sessions(
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
        exclude_pk=exclude_pk,
    )
    if found:
        raise ValidationError([clash_error(clash, room) for clash in found])
