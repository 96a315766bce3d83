"""Sample URL arguments for the project's URL walk (clinic/tests/test_url_access.py): real rows
for each document and consent page, built on demand."""

import uuid

from sessions.tests.factories.charts import charted_session_kwargs
from sessions.tests.factories.consents import library_consent
from sessions.tests.factories.courses import library_course


def _plan():
    plan, _sessions = library_course(book_sessions=0)
    return {"pk": plan.pk}


def _consent(signed=None):
    def make():
        return {"pk": library_consent(signed).pk}

    return make


def _batch():
    return {"batch_id": uuid.uuid4()}


DOCUMENT_SAMPLE_KWARGS = {
    "treatments:aftercare_sheet": charted_session_kwargs,
    "treatments:precare_sheet": charted_session_kwargs,
    "treatments:handout_given": lambda: {**charted_session_kwargs(), "kind": "aftercare"},
    "treatments:handout_acknowledged": lambda: {**charted_session_kwargs(), "kind": "aftercare"},
    "treatments:course_report": _plan,
    "treatments:consent_prepare": _plan,
    "treatments:consents": lambda: {"pk": library_course(book_sessions=0)[0].patient.pk},
    "treatments:consent": _consent(),
    "treatments:consent_print": _consent(),
    "treatments:consent_sign": _consent(),
    "treatments:consent_paper": _consent(),
    "treatments:consent_pdf": _consent("screen"),
    "treatments:consent_scan": _consent("paper"),
    "treatments:consent_verify": _consent("screen"),
    "treatments:consent_withdraw": _consent("screen"),
    "treatments:consent_retry": _consent("screen"),
    "treatments:consent_questions": _consent("screen"),
    "treatments:document_release": lambda: {"kind": "consent", "pk": library_consent().pk},
    "treatments:documents_batch_status": _batch,
    "treatments:documents_batch_download": _batch,
}
