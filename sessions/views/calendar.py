"""Calendar pages (day and week, by practitioner and by room) and the iCalendar feed."""

urlpatterns = []
