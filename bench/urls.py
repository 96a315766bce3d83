"""The root URLconf when MESOPLAN_BENCH is on: the app's own routes plus the bare twins under
/bench/. Production never loads this module (clinic/settings.py picks it only with the flag)."""

from django.urls import include, path

from clinic.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, path("bench/", include("bench.twins.urls"))]
