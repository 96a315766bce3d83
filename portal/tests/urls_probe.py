"""A URLconf for the access tests: one probe page behind portal_view, beside the real ones."""

from django.http import HttpResponse
from django.urls import include, path

from portal import access


@access.portal_view("booking")
def probe(request):
    patient = request.portal_patient
    return HttpResponse(f"probe for {patient.last_name} via link {request.portal_link.pk}")


probe_patterns = (
    [
        path("p/<str:token>/", access.portal_open, name="open"),
        path("p/<str:token>/probe/", probe, name="booking"),
    ],
    "portal",
)

urlpatterns = [path("", include(probe_patterns))]
