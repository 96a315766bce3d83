"""No lost input on the chart page (issue 12): the photo form posts with htmx and the answer is
the photo section alone, so unsaved chart edits and the errors shown above stay on screen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.models import Photo, TreatmentSession
from sessions.tests.factories.charts import GIF, JPEG, booked_session, chart_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def post_photo(client, treatment_session, content, *, headers=None, **fields):
    data = {
        "image": SimpleUploadedFile("p.jpg", content, content_type="image/jpeg"),
        "area": "face",
        "moment": "before",
        **fields,
    }
    url = reverse("treatments:photo_upload", args=[treatment_session.pk])
    return client.post(url, data, headers=headers or {})


def test_the_chart_page_posts_the_photo_with_htmx_into_the_photo_section(client, practitioner):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    html = client.get(chart_url(treatment_session)).content.decode()
    url = reverse("treatments:photo_upload", args=[treatment_session.pk])
    assert f'hx-post="{url}"' in html
    assert 'hx-target="#chart-photos"' in html and 'id="chart-photos"' in html
    assert f'action="{url}"' in html  # without JavaScript the form still posts


def test_a_stored_photo_answers_the_photo_section_only(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = post_photo(client, treatment_session, JPEG, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    photo = Photo.objects.get()
    assert reverse("treatments:photo", args=[photo.pk]) in html
    assert 'data-testid="photo-stored"' in html
    assert "<html" not in html and 'data-testid="chart-form"' not in html
    # The form comes back empty for the next photo.
    assert 'data-testid="photo-form"' in html and "is-invalid" not in html


def test_a_refused_file_shows_its_error_in_the_section_and_stores_nothing(
    client, practitioner, private_media
):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = post_photo(client, treatment_session, GIF, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in html and 'data-testid="chart-form"' not in html
    assert not Photo.objects.exists()


def test_a_service_refusal_is_shown_once_in_the_section(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    TreatmentSession.objects.filter(pk=treatment_session.pk).update(
        status=TreatmentSession.Status.CANCELLED
    )
    client.force_login(practitioner)
    html = post_photo(client, treatment_session, JPEG, headers=HTMX).content.decode()
    assert html.count("it takes no photos") == 1
    assert 'data-testid="photo-problems"' in html
    assert not Photo.objects.exists()


def test_without_javascript_the_upload_comes_back_to_the_chart(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = post_photo(client, treatment_session, JPEG)
    assert response.status_code == 302
    assert response["Location"] == chart_url(treatment_session)
    assert Photo.objects.count() == 1
