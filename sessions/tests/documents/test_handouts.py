"""Handouts (draft, given, acknowledged) and the print buttons include that offers the sheets,
the course report and the consent."""

import pytest
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from clinic import roles
from sessions.documents import buttons, handouts, releases
from sessions.models import DocumentHandout
from sessions.tests.factories.charts import chart, charted_session_kwargs
from sessions.tests.factories.courses import library_course

pytestmark = pytest.mark.django_db


def test_a_handout_goes_draft_given_acknowledged(client, front_desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(front_desk)
    url = reverse("treatments:handout_given", kwargs={**kwargs, "kind": "aftercare"})
    response = client.post(url, {"channel": "printed"})
    assert response.status_code == 302
    handout = DocumentHandout.objects.get(treatment_session_id=kwargs["pk"], kind="aftercare")
    assert handout.status == "given" and handout.channel == "printed"
    assert handout.given_by == front_desk and handout.given_at
    url = reverse("treatments:handout_acknowledged", kwargs={**kwargs, "kind": "aftercare"})
    client.post(url, {"how": "Confirmed at the next visit"})
    handout.refresh_from_db()
    assert handout.status == "acknowledged" and handout.acknowledged_how.startswith("Confirmed")


# --- The print buttons include ---------------------------------------------------------------


def _buttons(user, **objects):

    request = RequestFactory().get("/somewhere/")
    request.user = user
    context = buttons.document_buttons_context(user=user, **objects)
    return context, render_to_string("treatments/_document_buttons.html", context, request=request)


def test_the_buttons_of_a_charted_session_offer_both_sheets_and_run_no_query(
    front_desk, settings, tmp_path, django_assert_num_queries
):

    settings.MEDIA_ROOT = tmp_path
    _plan, sessions = library_course()
    chart(sessions[0])
    handouts.handout_mark_given(
        treatment_session=sessions[0], kind="aftercare", channel="printed", by=front_desk
    )
    releases.document_release(kind="aftercare", document=sessions[0], by=sessions[0].practitioner)
    releases.document_release(kind="precare", document=sessions[1], by=sessions[0].practitioner)
    request = RequestFactory().get("/somewhere/")
    request.user = front_desk
    context = buttons.document_buttons_context(user=front_desk, treatment_session=sessions[0])
    roles.role_of(front_desk)  # the navigation context processor's one query, cached
    with django_assert_num_queries(0):
        html = render_to_string("treatments/_document_buttons.html", context, request=request)
    assert reverse("treatments:aftercare_sheet", args=[sessions[0].pk]) in html
    assert "printed 20" in html and "by Front Desk Tester" in html  # how, when, who
    assert reverse("treatments:course_report", args=[_plan.pk]) not in html  # no clinical perm
    # The session cannot start without consent: the include says so and offers the form.
    assert "There is no signed consent" in html
    _context, html = _buttons(front_desk, treatment_session=sessions[1])
    assert reverse("treatments:precare_sheet", args=[sessions[1].pk]) in html
    assert reverse("treatments:aftercare_sheet", args=[sessions[1].pk]) not in html


def test_the_buttons_of_a_plan_and_a_patient(practitioner, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path
    practitioner.user_permissions.add(Permission.objects.get(codename="add_consentrecord"))
    practitioner = type(practitioner).objects.get(pk=practitioner.pk)  # fresh permission cache
    plan, _sessions = library_course(book_sessions=0)
    _context, html = _buttons(practitioner, plan=plan)
    assert reverse("treatments:course_report", args=[plan.pk]) in html
    assert reverse("treatments:consent_prepare", args=[plan.pk]) in html
    _context, html = _buttons(practitioner, patient=plan.patient)
    assert reverse("treatments:documents_batch") in html


def test_after_marking_a_handout_the_page_returns_only_to_this_site(
    client, front_desk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kwargs = charted_session_kwargs()
    client.force_login(front_desk)
    url = reverse("treatments:handout_given", kwargs={**kwargs, "kind": "precare"})
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = client.post(url, {"channel": "emailed", "next": target})
        assert response["Location"] == reverse("treatments:session", args=[kwargs["pk"]])
    response = client.post(url, {"channel": "emailed", "next": "/patients/"})
    assert response["Location"] == "/patients/"
