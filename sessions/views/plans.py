"""Plans and booking pages: plan detail, course booking, single bookings, session page."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import path

from clinic import audit
from sessions.models import TreatmentPlan


@permission_required("treatments.view_treatmentplan", raise_exception=True)
def plan_detail(request, pk):
    plan = get_object_or_404(
        TreatmentPlan.objects.select_related(
            "patient", "protocol_version__protocol__indication", "created_by", "consultation"
        ),
        pk=pk,
    )
    clinical = request.user.has_perm("patients.view_clinical_record")
    audit.record(actor=request.user, action="plan.viewed", target=plan, request=request)
    context = {
        "plan": plan,
        "patient": plan.patient,
        "clinical": clinical,
        "version": plan.protocol_version,
        "protocol": plan.protocol_version.protocol,
    }
    return render(request, "treatments/plan_detail.html", context)


urlpatterns = [
    path("plans/<int:pk>/", plan_detail, name="plan"),
]
