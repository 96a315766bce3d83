"""The patient's booking page: book the next session of the course, move or cancel it."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from portal.access import portal_render, portal_view
from portal.booking import booking_context, parse_slot
from sessions.scheduling import self_booking


@portal_view("booking")
def booking_page(request):
    link = request.portal_link
    plan = link.plan or self_booking.bookable_plan(link.patient)
    if plan is None or plan.patient_id != link.patient_id:
        return portal_render(request, "portal/booking.html", {"link": link, "next": None})
    error, call = "", False
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                self_booking.self_cancel(plan=plan, request=request)
                done = "cancelled"
            else:
                start, room = parse_slot(request.POST.get("slot", ""))
                mover = self_booking.self_move if action == "move" else self_booking.self_book
                mover(plan=plan, starts_at=start, room=room, request=request)
                done = "moved" if action == "move" else "booked"
        except self_booking.CallTheClinic as refusal:
            error, call = " ".join(refusal.messages), True
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect(f"{request.path}?done={done}")
    context = {
        "link": link,
        "error": error,
        "call": call,
        "done": request.GET.get("done", "") if request.method == "GET" else "",
        **booking_context(plan),
    }
    return portal_render(request, "portal/booking.html", context, status=400 if error else 200)
