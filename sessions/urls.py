from sessions.views import calendar, charting, consents, followups, plans

app_name = "treatments"

# Each views module owns its routes; this only puts them together.
urlpatterns = [
    *plans.urlpatterns,
    *calendar.urlpatterns,
    *charting.urlpatterns,
    *consents.urlpatterns,
    *followups.urlpatterns,
]
