"""The re-consent rule that gates the start of a session: no consent, withdrawal (a new
record), a longer course, a new ingredient, a new protocol version."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from protocols import services as protocol_services
from protocols.tests.factories import IngredientFactory
from sessions.documents import consent_rules
from sessions.documents import consents as consent_services
from sessions.models import ConsentRecord
from sessions.tests.factories.consents import sign
from tests.support import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- Withdraw -------------------------------------------------------------------------------


def test_withdrawal_is_a_new_record_and_blocks_the_next_session(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    assert consent_rules.consent_problem(sessions[1]) is None
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = consent_services.consent_withdraw(
            record=record, by=front_desk, reason="Changed my mind about injections"
        )
    record.refresh_from_db()
    withdrawal.refresh_from_db()
    assert withdrawal.kind == "withdrawal" and withdrawal.withdraws == record
    assert withdrawal.pdf_status == "rendered"
    assert "Changed my mind about injections" in flat(
        pdf_text(Path(withdrawal.pdf.path).read_bytes())
    )
    assert record.pdf_status == "rendered" and consent_services.consent_verify(record) == "verified"
    assert "withdrew their consent" in consent_rules.consent_problem(sessions[1])
    with pytest.raises(ValidationError, match="already been withdrawn"):
        consent_services.consent_withdraw(record=record, by=front_desk, reason="Again")


# --- The re-consent rule --------------------------------------------------------------------


def test_no_signed_consent_blocks_the_session(prepared):
    _plan, sessions, _record = prepared
    assert "There is no signed consent" in consent_rules.consent_problem(sessions[0])


def test_a_course_longer_than_consented_asks_for_a_new_consent(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    assert consent_rules.consent_problem(sessions[2]) is None
    type(plan).objects.filter(pk=plan.pk).update(sessions_count=5)
    sessions[2].refresh_from_db()
    sessions[2].plan.refresh_from_db()
    problem = consent_rules.consent_problem(sessions[2])
    assert "consented to 3 sessions; this course has 5" in problem


def test_a_new_ingredient_in_the_blend_asks_for_a_new_consent(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    ConsentRecord.objects.filter(pk=record.pk).update(ingredients=["Something else"])
    problem = consent_rules.consent_problem(sessions[0])
    assert "Non-cross-linked hyaluronic acid" in problem and "does not cover" in problem


def test_a_plan_on_a_new_protocol_version_asks_for_a_new_consent(
    front_desk, practitioner, prepared, django_capture_on_commit_callbacks
):
    plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    old = plan.protocol_version
    content = {
        field.name: getattr(old, field.name)
        for field in old._meta.concrete_fields
        if field.name not in ("id", "protocol", "number", "created_at", "created_by", "change_note")
    }
    blend = [
        {
            "ingredient": c.ingredient,
            "concentration": c.concentration,
            "concentration_unit": c.concentration_unit,
            "volume_ml": c.volume_ml,
        }
        for c in old.blend.all()
    ] + [
        {
            "ingredient": IngredientFactory(name="Lidocaine"),
            "concentration": None,
            "concentration_unit": "",
            "volume_ml": "0.2",
        }
    ]
    new = protocol_services.protocol_revise(
        protocol=old.protocol, content=content, blend=blend, change_note="Adds lidocaine", by=None
    )
    type(plan).objects.filter(pk=plan.pk).update(protocol_version=new)
    sessions[1].refresh_from_db()
    problem = consent_rules.consent_problem(sessions[1])
    assert f"consented to {old}" in problem and f"this plan uses {new}" in problem


def test_consultations_and_sessions_without_a_plan_need_no_consent(prepared):
    _plan, sessions, _record = prepared
    sessions[0].kind = "review"
    assert consent_rules.consent_problem(sessions[0]) is None
