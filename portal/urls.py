"""Patient links: the patient's pages under /p/<token>/ (each a portal_view of its purpose,
named after the purpose: portal:<purpose>), and the staff's send and revoke."""

from django.urls import path

from portal import access
from portal.views import aftercare, booking, check, consent, questionnaire, staff

app_name = "portal"

urlpatterns = [
    path("p/<str:token>/", access.portal_open, name="open"),
    # One page per purpose, named as the purpose (access.portal_open redirects by name).
    path(
        "p/<str:token>/questionnaire/",
        questionnaire.questionnaire_page,
        name="questionnaire",
    ),
    path("p/<str:token>/consent/", consent.consent_page, name="consent"),
    path("p/<str:token>/booking/", booking.booking_page, name="booking"),
    path("p/<str:token>/aftercare/", aftercare.aftercare_page, name="aftercare"),
    path("p/<str:token>/aftercare/sheet.pdf", aftercare.aftercare_pdf, name="aftercare_pdf"),
    path("p/<str:token>/check/", check.check_page, name="check"),
    path("portal/patients/<int:pk>/links/send/", staff.link_send, name="link_send"),
    path("portal/links/<int:pk>/revoke/", staff.link_revoke, name="link_revoke"),
]
