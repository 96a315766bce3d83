"""Clinical photos: typed by content, size-limited, stored with their hash, served privately and
only to roles that may see them."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinic.models import AuditEvent
from sessions.charting import photos
from sessions.models import Photo
from sessions.tests.factories.charts import GIF, JPEG, PNG, booked_session

pytestmark = pytest.mark.django_db


def upload(client, treatment_session, content, name="photo.jpg"):
    return client.post(
        reverse("treatments:photo_upload", args=[treatment_session.pk]),
        {
            "image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "area": "face",
            "moment": "before",
        },
        follow=True,
    )


@pytest.mark.parametrize(("content", "content_type"), [(JPEG, "image/jpeg"), (PNG, "image/png")])
def test_a_photo_is_typed_by_its_content_and_stored_with_its_hash(
    client, practitioner, private_media, content, content_type
):

    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = upload(client, treatment_session, content, name="anything.bin")
    assert "Photo stored." in response.content.decode()
    photo = Photo.objects.get()
    assert photo.content_type == content_type
    stored = photo.image.read()  # re-encoded on the way in: its hash is of what is kept
    assert photo.sha256 == hashlib.sha256(stored).hexdigest()
    assert photo.size_bytes == len(stored)
    assert str(private_media) in photo.image.path
    assert AuditEvent.objects.filter(action="photo.uploaded", actor=practitioner).exists()


@pytest.mark.parametrize("content", [GIF, b"<svg xmlns='http://www.w3.org/2000/svg'/>", b""])
def test_a_file_that_is_not_a_jpeg_or_png_is_refused_whatever_its_name(
    client, practitioner, private_media, content
):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    upload(client, treatment_session, content, name="looks-like.jpg")
    assert not Photo.objects.exists()


def test_a_photo_over_10_mb_is_refused(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    too_big = JPEG + b"\x00" * (photos.MAX_PHOTO_BYTES - len(JPEG) + 1)
    response = upload(client, treatment_session, too_big)
    assert "The photo is larger than 10 MB." in response.content.decode()
    assert not Photo.objects.exists()
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        photos.photo_upload(
            treatment_session=treatment_session,
            upload=SimpleUploadedFile("big.jpg", too_big),
            area="face",
            moment="before",
            by=practitioner,
        )


def test_a_photo_is_served_privately_never_cached_and_its_viewing_audited(
    client, practitioner, clinic_admin, private_media
):
    treatment_session = booked_session(practitioner)
    photo = photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile("p.png", PNG),
        area="face",
        moment="before",
        by=practitioner,
    )
    client.force_login(clinic_admin)
    response = client.get(reverse("treatments:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action="photo.viewed", actor=clinic_admin, target_id=str(photo.pk)
    ).exists()


def test_the_front_desk_cannot_see_or_add_photos(client, practitioner, front_desk, private_media):
    treatment_session = booked_session(practitioner)
    photo = photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile("p.jpg", JPEG),
        area="face",
        moment="before",
        by=practitioner,
    )
    client.force_login(front_desk)
    assert client.get(reverse("treatments:photo", args=[photo.pk])).status_code == 403
    response = client.post(
        reverse("treatments:photo_upload", args=[treatment_session.pk]),
        {"image": SimpleUploadedFile("p.jpg", JPEG), "area": "face", "moment": "before"},
    )
    assert response.status_code == 403
    assert Photo.objects.count() == 1
    assert not AuditEvent.objects.filter(action="photo.viewed").exists()
