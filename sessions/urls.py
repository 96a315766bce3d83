"""Every page of the treatments app, by URL: the map from a route to the view that serves it
(docs/architecture.md lists the service and template behind each)."""

from django.urls import path

from sessions.views import (
    batches,
    calendar,
    charting,
    consents,
    followups,
    plans,
    sheets,
    treatment_sessions,
)

app_name = "treatments"

urlpatterns = [
    # Plans and courses
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/book/", plans.course_book, name="course_book"),
    # Sessions: booking, the session page, moving, status
    path("sessions/new/", treatment_sessions.session_book, name="book"),
    path("sessions/<int:pk>/", treatment_sessions.session_detail, name="session"),
    path("sessions/<int:pk>/reschedule/", treatment_sessions.session_reschedule, name="reschedule"),
    path(
        "sessions/<int:pk>/status/<slug:action>/",
        treatment_sessions.session_transition,
        name="transition",
    ),
    # Calendar and its iCalendar feed
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/feed/", calendar.ical_settings, name="ical_settings"),
    path("calendar/feed/<str:token>.ics", calendar.ical_feed, name="ical_feed"),
    # Charting
    path("sessions/<int:pk>/chart/", charting.chart, name="chart"),
    path("sessions/<int:pk>/chart/sign/", charting.chart_sign, name="chart_sign"),
    path("sessions/<int:pk>/chart/amend/", charting.chart_amend, name="chart_amend"),
    path("sessions/<int:pk>/photos/", charting.photo_upload, name="photo_upload"),
    path("photos/<int:pk>/", charting.photo, name="photo"),
    # Sheets, handouts and the course report
    path("sessions/<int:pk>/aftercare.pdf", sheets.aftercare_sheet, name="aftercare_sheet"),
    path("sessions/<int:pk>/precare.pdf", sheets.precare_sheet, name="precare_sheet"),
    path(
        "sessions/<int:pk>/handouts/<str:kind>/given/",
        sheets.handout_given,
        name="handout_given",
    ),
    path(
        "sessions/<int:pk>/handouts/<str:kind>/acknowledged/",
        sheets.handout_acknowledged,
        name="handout_acknowledged",
    ),
    path(
        "documents/<str:kind>/<int:pk>/release/",
        sheets.document_release,
        name="document_release",
    ),
    path("plans/<int:pk>/report.pdf", sheets.course_report, name="course_report"),
    # Consent
    path("plans/<int:pk>/consent/", consents.consent_prepare, name="consent_prepare"),
    path("patients/<int:pk>/consents/", consents.consent_list, name="consents"),
    path("consents/<int:pk>/", consents.consent_detail, name="consent"),
    path("consents/<int:pk>/print.pdf", consents.consent_print, name="consent_print"),
    path("consents/<int:pk>/sign/", consents.consent_sign, name="consent_sign"),
    path("consents/<int:pk>/paper/", consents.consent_paper, name="consent_paper"),
    path("consents/<int:pk>/signed.pdf", consents.consent_pdf, name="consent_pdf"),
    path("consents/<int:pk>/scan/", consents.consent_scan, name="consent_scan"),
    path("consents/<int:pk>/verify/", consents.consent_verify, name="consent_verify"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/retry/", consents.consent_retry, name="consent_retry"),
    path("consents/<int:pk>/questions/", consents.consent_questions, name="consent_questions"),
    # Front-desk batches of sheets
    path("documents/batch/", batches.documents_batch, name="documents_batch"),
    path(
        "documents/batch/<uuid:batch_id>/",
        batches.documents_batch_status,
        name="documents_batch_status",
    ),
    path(
        "documents/batch/<uuid:batch_id>/download/",
        batches.documents_batch_download,
        name="documents_batch_download",
    ),
    # Follow-up queue
    path("follow-ups/", followups.follow_up_queue, name="follow_ups"),
    path("follow-ups/<int:pk>/", followups.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/done/", followups.follow_up_done, name="follow_up_done"),
    path(
        "follow-ups/<int:pk>/reschedule/",
        followups.follow_up_reschedule,
        name="follow_up_reschedule",
    ),
    path("follow-ups/<int:pk>/reassign/", followups.follow_up_reassign, name="follow_up_reassign"),
]
