"""URLs of the exports, under /interop/."""

from django.urls import path

from interop import views

app_name = "interop"

urlpatterns = [
    path("fhir/patients/<int:pk>/", views.patient_fhir, name="patient_fhir"),
    path("fhir/lots/<int:pk>/", views.lot_fhir, name="lot_fhir"),
]
