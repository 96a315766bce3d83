"""The twins' routes, under /bench/ (bench.urls mounts them beside the app's own)."""

from django.urls import path

from bench.twins import views

app_name = "bench"
urlpatterns = [
    path("floor/", views.floor, name="floor"),
    path("calendar-week-all/", views.calendar_week_all, name="calendar_week_all"),
    path("calendar-week-one/", views.calendar_week_one, name="calendar_week_one"),
    path("practitioner-dashboard/", views.practitioner_dashboard, name="practitioner_dashboard"),
    path("front-desk-dashboard/", views.front_desk_dashboard, name="front_desk_dashboard"),
    path("search/", views.search_chart_number, name="search_chart_number"),
    path("audit/", views.audit_log, name="audit_log"),
    path("follow-ups/", views.follow_up_queue, name="follow_up_queue"),
    path("patients/<int:pk>/", views.patient_page, name="patient_page"),
    path("charts/<int:pk>/", views.chart_page, name="chart_page"),
    path("lots/<int:pk>/recall/", views.lot_recall, name="lot_recall"),
]
