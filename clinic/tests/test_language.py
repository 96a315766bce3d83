"""The staff pages in the person's language: chosen per user, applied at sign-in and on every
request; the sign-in page follows the browser; a missing translation falls back to English."""

import datetime
import subprocess

import pytest
from django import forms
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from clinic import language
from clinic.forms import AuditFilterForm
from clinic.models import StaffPreferences
from sessions.forms.fields import BookingDayField
from sessions.tests.factories.charts import booked_session, chart_url
from sessions.tests.factories.courses import library_course

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def french(user):
    language.set_language(user, "fr")
    return user


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.activate("en")


@pytest.mark.django_db
def test_a_french_practitioner_sees_the_dashboard_in_french_whatever_the_browser(
    client, practitioner
):
    client.force_login(french(practitioner))
    page = client.get(reverse("dashboard"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="fr">' in page
    assert "Tableau de bord du praticien" in page
    assert "Vos séances du jour" in page
    assert "Practitioner dashboard" not in page


@pytest.mark.django_db
def test_without_a_choice_a_person_gets_the_browsers_language(client, practitioner):
    client.force_login(practitioner)
    assert "Tableau de bord du praticien" in client.get("/", **FRENCH_BROWSER).content.decode()
    assert "Practitioner dashboard" in client.get("/", **ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_plan_and_chart_pages_in_french(client):
    plan, sessions = library_course(book_sessions=1)
    practitioner = french(plan.consultation.practitioner)
    client.force_login(practitioner)
    page = client.get(reverse("treatments:plan", args=[plan.pk])).content.decode()
    assert "Plan de traitement" in page and "Treatment plan" not in page
    treatment_session = booked_session(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "Liste de vérification avant traitement" in page
    assert "Pre-treatment checklist" not in page


@pytest.mark.django_db
def test_the_sign_in_page_follows_accept_language(client):
    assert "Se connecter" in client.get(reverse("login"), **FRENCH_BROWSER).content.decode()
    page = client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    assert "Sign in" in page and "Se connecter" not in page


@pytest.mark.django_db
def test_signing_in_applies_the_users_language(client, practitioner):
    french(practitioner)
    response = client.post(
        reverse("login"),
        {"username": practitioner.username, "password": "pw-for-tests-123"},
        REMOTE_ADDR="127.0.0.7",
        follow=True,
        **ENGLISH_BROWSER,
    )
    assert response.wsgi_request.user.is_authenticated
    assert "Tableau de bord du praticien" in response.content.decode()
    # The choice is not a cookie: the next person's sign-in page follows their own browser.
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_the_language_page_saves_the_choice(client, front_desk):
    client.force_login(front_desk)
    page = client.get(reverse("language_choice"), **ENGLISH_BROWSER).content.decode()
    assert "Français" in page and "English" in page  # each language in its own name
    response = client.post(reverse("language_choice"), {"language": "fr"}, follow=True)
    assert StaffPreferences.objects.get(user=front_desk).language == "fr"
    assert "Votre langue est enregistrée." in response.content.decode()
    client.post(reverse("language_choice"), {"language": ""})
    assert language.language_of(front_desk.__class__.objects.get(pk=front_desk.pk)) == ""
    assert "Front desk dashboard" in client.get("/", **ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_the_language_page_refuses_a_language_the_clinic_does_not_offer(client, front_desk):
    client.force_login(front_desk)
    response = client.post(reverse("language_choice"), {"language": "xx"})
    assert response.status_code == 200
    assert not StaffPreferences.objects.filter(user=front_desk).exists()


@pytest.mark.django_db
def test_a_language_removed_from_settings_falls_back_to_the_browser(client, practitioner):
    StaffPreferences.objects.create(user=practitioner, language="it")
    client.force_login(practitioner)
    assert "Practitioner dashboard" in client.get("/", **ENGLISH_BROWSER).content.decode()


@pytest.mark.django_db
def test_the_user_menu_links_to_the_language_page(client, practitioner):
    client.force_login(practitioner)
    page = client.get("/").content.decode()
    menu = page[page.index('data-testid="user-menu"') :]
    menu = menu[: menu.index("</ul>")]
    assert f'href="{reverse("language_choice")}"' in menu


def test_a_string_without_translation_falls_back_to_english_not_blank():
    unknown = "A sentence no catalogue has."  # a variable: makemessages must not extract it
    with translation.override("fr"):
        assert translation.gettext("Dashboard") == "Tableau de bord"
        assert translation.gettext(unknown) == unknown


def test_a_catalogue_entry_left_empty_shows_english(tmp_path, settings):
    """An untranslated entry (msgstr "") compiles to nothing: the English text shows."""
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Dashboard"\nmsgstr ""\n\nmsgid "Calendar"\nmsgstr "Agenda"\n',
        encoding="utf-8",
    )
    subprocess.run(
        ["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("fr"):
        assert translation.gettext("Calendar") == "Agenda"
        assert translation.gettext("Dashboard") == "Dashboard"


@pytest.mark.parametrize("field", [BookingDayField(), AuditFilterForm.base_fields["date_from"]])
def test_date_inputs_keep_iso_values_in_french(field):
    """<input type="date"> reads only ISO: French's 03/12/2026 would show an empty field."""
    form = type("DayForm", (forms.Form,), {"day": field})(
        initial={"day": datetime.date(2026, 12, 3)}
    )
    with translation.override("fr"):
        assert 'value="2026-12-03"' in str(form["day"])


def test_numbers_and_dates_follow_the_language():
    from django.template import Context, Template

    template = Template('{{ volume }} · {{ day|date:"j F Y" }}')
    context = Context({"volume": 0.05, "day": datetime.date(2026, 12, 4)})
    with translation.override("fr"):
        assert template.render(context) == "0,05 · 4 décembre 2026"
    with translation.override("en"):
        assert template.render(context) == "0.05 · 4 December 2026"


@pytest.mark.django_db
def test_the_users_language_costs_no_query_of_its_own(client, practitioner):
    """The backend loads the preferences with the user: a page counts the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(practitioner)
    client.get("/")
    with CaptureQueriesContext(connection) as without_choice:
        client.get("/")
    french(practitioner)
    with CaptureQueriesContext(connection) as in_french:
        page = client.get("/").content.decode()
    assert "Tableau de bord du praticien" in page
    assert len(in_french) == len(without_choice)


@pytest.mark.django_db
def test_a_third_language_needs_only_settings_and_a_catalogue(
    tmp_path, settings, client, practitioner
):
    """Italian, as docs/translating.md adds it: a catalogue and a LANGUAGES entry (in production
    EXTRA_LANGUAGES=it:Italiano). What the catalogue lacks shows in English."""
    messages = tmp_path / "it" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "navigation bar"\nmsgid "Log out"\nmsgstr "Esci"\n',
        encoding="utf-8",
    )
    subprocess.run(
        ["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "Italiano")]
    client.force_login(practitioner)
    assert "Italiano" in client.get(reverse("language_choice")).content.decode()
    client.post(reverse("language_choice"), {"language": "it"})
    page = client.get("/").content.decode()
    assert '<html lang="it">' in page
    assert "Esci" in page
    assert "Practitioner dashboard" in page  # not in the Italian catalogue: English, not blank


def test_a_stored_urgency_reason_reads_in_the_readers_language():
    """Stored in English on the follow-up; `{% translate %}` of the value on the pages."""
    from django.template import Context, Template

    from sessions.followups.rules import URGENT_ADVERSE_EVENTS
    from sessions.models import AdverseEvent

    stored = URGENT_ADVERSE_EVENTS[AdverseEvent.Type.DYSPHAGIA]
    template = Template("{% load i18n %}{% translate reason %}")
    with translation.override("fr"):
        assert template.render(Context({"reason": stored})).startswith("Difficulté à avaler")
        unknown = "Severe bruising: review today"  # composed: not in the catalogue
        assert template.render(Context({"reason": unknown})) == unknown
    assert template.render(Context({"reason": stored})) == stored
