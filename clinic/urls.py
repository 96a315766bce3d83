"""The root URLconf: each app's routes under its prefix, the back office, health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views

admin.site.site_header = "Mesoplan"
admin.site.site_title = "Mesoplan admin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit_log"),
    path("healthz/", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/lockouts/", views.login_lockouts, name="login_lockouts"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/language/", views.language_choice, name="language_choice"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("patients/", include("patients.urls")),
    path("protocols/", include("protocols.urls")),
    path("treatments/", include("sessions.urls")),
    path("interop/", include("interop.urls")),
    # Patient links: /p/<token>/... for patients, /portal/... for staff (portal/urls.py).
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
]
