"""Charting pages (chart, sign, amend, photos)."""

urlpatterns = []
