"""The interop app: exports of the clinic's records in open standards (HL7 FHIR R4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "interop"
    label = "interop"
    verbose_name = _("Interoperability")
