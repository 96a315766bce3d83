"""Dates inside sentences people read are in the active language's formats, never ISO."""

import datetime

from django.utils import translation

from clinic import dates

DAY = datetime.date(2026, 12, 3)
MOMENT = datetime.datetime(2026, 12, 3, 8, 14, tzinfo=datetime.UTC)  # 09:14 in Paris


def test_a_day_reads_in_french_and_in_english(settings):
    with translation.override("fr"):
        assert dates.day(DAY) == "3 décembre 2026"
        assert dates.day(DAY, weekday=True) == "jeudi 3 décembre 2026"
    with translation.override("en"):
        assert dates.day(DAY) == "Dec. 3, 2026"


def test_a_moment_is_in_the_clinics_zone_with_its_word_for_at(settings):
    settings.TIME_ZONE = "Europe/Paris"
    with translation.override("fr"):
        assert dates.moment(MOMENT) == "3 décembre 2026 à 09:14"
    with translation.override("en"):
        assert dates.moment(MOMENT) == "Dec. 3, 2026 at 09:14"
        assert dates.day(MOMENT) == "Dec. 3, 2026"  # an aware datetime's day, in the zone


def test_a_french_flash_message_names_its_days_in_french(client, practitioner):
    from django.urls import reverse
    from django.utils import timezone

    from clinic import language
    from sessions.scheduling.dates import booking_window

    language.set_language(practitioner, "fr")
    client.force_login(practitioner)
    response = client.get(reverse("treatments:calendar") + "?date=2040-01-01", follow=True)
    first, last = booking_window(timezone.localdate())
    with translation.override("fr"):
        expected = f"du {dates.day(first)} au {dates.day(last)}"
    page = response.content.decode()
    assert expected in page
    assert first.isoformat() not in page.split('<div class="messages"')[1].split("</div>")[0]
