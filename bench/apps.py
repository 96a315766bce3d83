"""The bench app: benchmark data and measurements, never part of a clinic's own pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"
    verbose_name = _("Benchmarks")
