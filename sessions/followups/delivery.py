"""E-mail delivery, at most once: claim due rows, send, record the outcome before the next
message, reap claims left by a dead sweep.

The sweep claims due e-mail rows (status `sending` + claimed_at, in one transaction, with
select_for_update(skip_locked=True) so concurrent sweeps never share a row), commits, sends
each with Django's e-mail framework and records the outcome (sent, or a retry with back-off,
or failed after FOLLOW_UP_MAX_ATTEMPTS). A row left in `sending` by a killed worker is never
re-sent silently: after SENDING_TIMEOUT the one message that may have gone out is marked
failed for a human to check, and the rows of its batch that were never attempted go back to
pending (see follow_ups_reap)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import smtplib
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, connections, transaction
from django.db.models import F
from django.template.loader import select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinic import typography
from clinic.people import display_name
from sessions.followups.rules import patient_takes_email
from sessions.models import FollowUp, FollowUpEvent, TreatmentSession

logger = logging.getLogger(__name__)

Kind = FollowUp.Kind

Channel = FollowUp.Channel

FollowUpStatus = FollowUp.Status

# A sweep never holds a claim this long (the task's hard time limit is far shorter), so a row
# still `sending` after it was left by a worker that died between sending and recording.
SENDING_TIMEOUT = timedelta(minutes=15)


INTERRUPTED = "delivery interrupted; check whether the patient received it"


MAX_BACK_OFF_MINUTES = 60


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed attempt (capped)."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACK_OFF_MINUTES))


def follow_ups_claim(*, now: datetime, limit: int) -> list[int]:
    """Mark due e-mails as sending; a concurrent sweep skips the locked rows. Returns the ids
    in delivery order (pk), which follow_ups_reap relies on."""
    with transaction.atomic():
        ids = list(
            FollowUp.objects.due(now)
            .filter(channel=Channel.EMAIL)
            .select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        FollowUp.objects.filter(pk__in=ids).update(status=FollowUpStatus.SENDING, claimed_at=now)
    return sorted(ids)


def follow_ups_reap(*, now: datetime) -> tuple[int, int]:
    """Deal with rows left `sending` by a sweep that died (worker killed, machine lost).

    A sweep delivers its batch in pk order and records each outcome before it sends the next
    message, so in each dead batch (rows sharing claimed_at) only the first row still
    `sending` may have gone out: it is marked failed for a person to check with the patient
    (at most once: never re-sent silently). The rows after it were never attempted and go
    back to pending. Returns (failed, released)."""
    with transaction.atomic():
        stale = list(
            FollowUp.objects.filter(
                status=FollowUpStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
            )
            .select_for_update(skip_locked=True)
            .order_by("claimed_at", "pk")
            .values_list("pk", "claimed_at")
        )
        suspects, untouched, seen = [], [], set()
        for pk, claimed_at in stale:
            (untouched if claimed_at in seen else suspects).append(pk)
            seen.add(claimed_at)
        FollowUp.objects.filter(pk__in=suspects).update(
            status=FollowUpStatus.FAILED, last_error=INTERRUPTED, attempts=F("attempts") + 1
        )
        FollowUp.objects.filter(pk__in=untouched).update(
            status=FollowUpStatus.PENDING, claimed_at=None
        )
        FollowUpEvent.objects.bulk_create(
            [
                FollowUpEvent(follow_up_id=pk, action="interrupted", note=INTERRUPTED)
                for pk in suspects
            ]
            + [
                FollowUpEvent(
                    follow_up_id=pk, action="released", note="never attempted by a dead sweep"
                )
                for pk in untouched
            ]
        )
    if suspects:
        logger.warning("Follow-ups %s were interrupted while sending: marked failed", suspects)
    return len(suspects), len(untouched)


def _message_id(follow_up: FollowUp) -> str:
    """Stable across retries, so a receiving server can also drop a repeat."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(follow_up.idempotency_key.encode()).hexdigest()[:24]
    return f"<follow-up.{follow_up.pk}.{digest}@{domain}>"


def _template(kind: str, part: str, language: str):
    # A translated template where one exists (follow_up_<kind>_body.fr.txt), else English.
    name, extension = part.rsplit(".", 1)
    return select_template(
        [
            f"emails/follow_up_{kind}_{name}.{language}.{extension}",
            f"emails/follow_up_{kind}_{name}.{extension}",
        ]
    )


# Apps above this one add to a follow-up's e-mail: callables (follow_up) -> dict, registered
# from their AppConfig.ready() (the patient portal adds `portal_url`, the patient's link for
# the aftercare sheet or the post-treatment check). One runs while the message is built, before
# it is sent; it may write rows (a link), and its failure counts as a failed attempt.
EMAIL_CONTEXT_PROVIDERS: list = []


def email_context(follow_up: FollowUp) -> dict:
    context = _own_email_context(follow_up)
    for provider in EMAIL_CONTEXT_PROVIDERS:
        context.update(provider(follow_up))
    return context


def _own_email_context(follow_up: FollowUp) -> dict:
    treatment_session = follow_up.treatment_session
    location = treatment_session.room.location if treatment_session else None
    return {
        "first_name": follow_up.patient.first_name,
        "clinic_name": settings.CLINIC_NAME,
        "treatment_session": treatment_session,
        "starts_at": treatment_session.starts_at if treatment_session else None,
        "location": location,
        "practitioner_name": display_name(treatment_session.practitioner)
        if treatment_session
        else "",
    }


def follow_up_email(follow_up: FollowUp) -> EmailMultiAlternatives:
    """The message for an e-mail follow-up: plain text and HTML, in the patient's language."""
    language = follow_up.patient.preferred_language or settings.LANGUAGE_CODE
    context = {**email_context(follow_up), "language": language}
    with translation.override(language):
        subject = _template(follow_up.kind, "subject.txt", language).render(context)
        text = _template(follow_up.kind, "body.txt", language).render(context)
        html = _template(follow_up.kind, "body.html", language).render(context)
    subject, text = (typography.for_language(part, language) for part in (subject, text))
    html = typography.html_for_language(html, language)
    message = EmailMultiAlternatives(
        # ASCII whitespace only: French non-breaking spaces (before ":") stay in the subject.
        subject=re.sub(r"[ \t\r\n]+", " ", subject).strip(),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[follow_up.patient.email],
        headers={
            "Message-ID": _message_id(follow_up),
            "X-Mesoplan-Idempotency-Key": follow_up.idempotency_key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _still_wanted(follow_up: FollowUp) -> str:
    """Why an e-mail due now should not go out after all ('' when it should)."""
    treatment_session = follow_up.treatment_session
    if follow_up.patient.archived_at:
        return "cancel:" + _("The patient is archived.")
    if follow_up.kind == Kind.NEXT_SESSION_REMINDER and (
        treatment_session is None
        or treatment_session.status not in TreatmentSession.UPCOMING_STATUSES
    ):
        return "cancel:" + _("The session is no longer booked.")
    if not patient_takes_email(follow_up.patient):
        if follow_up.kind == Kind.AFTERCARE:  # a sheet is not read out on the phone
            return "cancel:" + _("The patient no longer agrees to e-mail (or has no address).")
        return "phone:" + _("The patient no longer agrees to e-mail (or has no address).")
    return ""


def _record(pk: int, action: str, note: str = "", **fields) -> bool:
    """Write one outcome and its log line for a row this sweep holds, durably, before the
    next message goes out (follow_ups_reap relies on it). False when it no longer holds it."""
    if connection.vendor == "postgresql":
        updated = _record_in_one_statement(pk, action, note, fields)
    else:
        with transaction.atomic():
            updated = FollowUp.objects.filter(pk=pk, status=FollowUpStatus.SENDING).update(**fields)
            if updated:
                FollowUpEvent.objects.create(follow_up_id=pk, action=action, note=note)
    if not updated:
        logger.warning("Follow-up %s changed while it was being sent; outcome %s", pk, action)
    return bool(updated)


def _record_in_one_statement(pk: int, action: str, note: str, fields: dict) -> int:
    """The same as the ORM branch in one round trip, committed on its own: the sweep's hot
    path (two ORM statements and a transaction cost more CPU than sending the message)."""
    follow_up, event = FollowUp._meta, FollowUpEvent._meta
    assignments = ", ".join(f"{follow_up.get_field(name).column} = %s" for name in fields)
    # Only table and column names from the models' metadata are formatted in; every value
    # goes in as a parameter.
    sql = (
        f"WITH updated AS (UPDATE {follow_up.db_table} SET {assignments} "  # nosec B608
        f"WHERE id = %s AND status = %s RETURNING id) "
        f"INSERT INTO {event.db_table} (follow_up_id, at, action, note, by_id) "
        f"SELECT id, %s, %s, %s, NULL FROM updated"
    )
    params = [*fields.values(), pk, FollowUpStatus.SENDING, timezone.now(), action, note]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def describe_error(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"SMTP {error.smtp_code}: {reply}"[:500]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"recipient refused: {error.recipients}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _record_failure(follow_up: FollowUp, error: BaseException, now: datetime) -> str:
    attempts = follow_up.attempts + 1
    text = describe_error(error)
    if attempts >= settings.FOLLOW_UP_MAX_ATTEMPTS:
        _record(
            follow_up.pk,
            "failed",
            text,
            status=FollowUpStatus.FAILED,
            attempts=attempts,
            last_error=text,
            next_attempt_at=None,
        )
        return "failed"
    retry_at = now + retry_delay(attempts)
    _record(
        follow_up.pk,
        "attempt_failed",
        f"{text} (retry at {timezone.localtime(retry_at):%H:%M})",
        status=FollowUpStatus.PENDING,
        attempts=attempts,
        last_error=text,
        next_attempt_at=retry_at,
    )
    return "retry"


class MailServerUnavailable(Exception):
    """The SMTP server cannot be reached at all (not: it refused one message)."""

    def __init__(self, error: BaseException):
        super().__init__(describe_error(error))
        self.error = error


class Mailer:
    """One SMTP connection for a whole sweep, opened on first use and after a failure."""

    def __init__(self):
        self.connection = get_connection()
        self.is_open = False

    def send(self, message: EmailMultiAlternatives) -> None:
        if not self.is_open:
            try:
                self.connection.open()
            except (smtplib.SMTPException, OSError) as error:
                raise MailServerUnavailable(error) from error
            self.is_open = True
        if self.connection.send_messages([message]) != 1:
            raise smtplib.SMTPException("the e-mail backend did not send the message")

    def close(self) -> None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.connection.close()  # a broken connection is dropped either way
        self.is_open = False


def follow_up_deliver(*, follow_up: FollowUp, mailer: Mailer, now: datetime) -> str:
    """Send one claimed e-mail and record the outcome: sent / retry / failed / moved /
    cancelled / server_unavailable. Only SMTP and network errors count as "not sent";
    anything else escapes, and the row stays `sending` for follow_ups_reap."""
    reason = _still_wanted(follow_up)
    if reason:
        what, note = reason.split(":", 1)
        if what == "cancel":
            _record(follow_up.pk, "cancelled", note, status=FollowUpStatus.CANCELLED)
            return "cancelled"
        _record(
            follow_up.pk,
            "moved_to_phone",
            note,
            status=FollowUpStatus.PENDING,
            channel=Channel.PHONE,
        )
        return "moved"
    try:
        message = follow_up_email(follow_up)
    except Exception as error:  # nothing was sent: a broken template must not block the rest
        logger.exception("Follow-up %s: the message could not be built", follow_up.pk)
        return _record_failure(follow_up, error, now)
    try:
        mailer.send(message)
    except MailServerUnavailable as unavailable:
        # This row is the probe: its attempt shows the outage in the queue. The caller puts
        # the rest of the batch back untouched, so an outage does not use up every row's
        # attempts; the next sweep probes again.
        _record_failure(follow_up, unavailable.error, now)
        return "server_unavailable"
    except (smtplib.SMTPException, OSError) as error:
        mailer.close()
        return _record_failure(follow_up, error, now)
    _record(
        follow_up.pk,
        "sent",
        _("E-mail sent."),
        status=FollowUpStatus.SENT,
        sent_at=timezone.now(),
        attempts=follow_up.attempts + 1,
        last_error="",
        next_attempt_at=None,
    )
    return "sent"


def _release(pks: list[int]) -> None:
    """Claimed rows never attempted go back to the queue as they were."""
    FollowUp.objects.filter(pk__in=pks, status=FollowUpStatus.SENDING).update(
        status=FollowUpStatus.PENDING, claimed_at=None
    )


def _deliver_batch(ids: list[int], mailer: Mailer, now: datetime, outcomes: Counter) -> bool:
    """Deliver a claimed batch in pk order; False when the mail server is unreachable (the
    rest of the batch is released and the sweep should stop)."""
    rows = list(
        FollowUp.objects.filter(pk__in=ids)
        .select_related(
            "patient", "treatment_session__room__location", "treatment_session__practitioner"
        )
        .order_by("pk")
    )
    for index, follow_up in enumerate(rows):
        try:
            outcome = follow_up_deliver(follow_up=follow_up, mailer=mailer, now=now)
        except BaseException:
            # Time limit or shutdown mid-batch: this row's fate is unknown (the reaper flags
            # it), the rows after it were never attempted and go back to the queue now.
            _release([row.pk for row in rows[index + 1 :]])
            raise
        outcomes[outcome] += 1
        if outcome == "server_unavailable":
            _release([row.pk for row in rows[index + 1 :]])
            return False
    return True


def _sweep_lane(*, batch_size, max_batches, deadline, now, in_thread) -> Counter:
    """One lane: claim, send and record batch after batch, on its own SMTP connection."""
    outcomes: Counter = Counter()
    mailer = Mailer()
    try:
        for _batch in range(max_batches):
            moment = now or timezone.now()
            ids = follow_ups_claim(now=moment, limit=batch_size)
            reachable = _deliver_batch(ids, mailer, moment, outcomes)
            if not reachable or len(ids) < batch_size or time.monotonic() > deadline:
                break
    finally:
        mailer.close()
        if in_thread:
            connections.close_all()  # this thread's own connections
    return outcomes


def follow_ups_sweep(
    *,
    batch_size: int = 200,
    max_batches: int = 50,
    time_budget: float = 45.0,
    lanes: int = 1,
    now: datetime | None = None,
) -> dict:
    """Deliver what is due: reap dead claims, then claim, send and record batch by batch.
    Bounded in batches and seconds (beat starts another sweep next minute).

    lanes > 1 runs that many lanes side by side in threads (PostgreSQL only): each claims its
    own batches, so they are concurrent sweeps in one process, kept apart by the row locks,
    and SMTP and database round trips overlap. `now` is for tests that need time to pass.
    Returns counts per outcome."""
    deadline = time.monotonic() + time_budget
    failed, released = follow_ups_reap(now=now or timezone.now())
    outcomes = Counter({"interrupted": failed, "released": released})
    lane = partial(
        _sweep_lane, batch_size=batch_size, max_batches=max_batches, deadline=deadline, now=now
    )
    if lanes <= 1 or connection.in_atomic_block:  # other threads cannot see this transaction
        outcomes += lane(in_thread=False)
    else:
        with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="follow-up-lane") as pool:
            for result in [pool.submit(lane, in_thread=True) for _ in range(lanes)]:
                outcomes += result.result()
    return {key: count for key, count in outcomes.items() if count}
