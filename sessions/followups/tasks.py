"""Celery task of the follow-ups package: beat's sweep (ids in, rows claimed, services called).

The row is the truth, the message is a nudge: beat sends `follow_ups_sweep_task` every minute
(settings.CELERY_BEAT_SCHEDULE), and a request that wrote a follow-up due now may send one
more after its commit. A lost, late or duplicated message changes nothing: the sweep claims
rows with select_for_update(skip_locked=True), so two sweeps never deliver the same row."""

import logging

from celery import shared_task
from django.db import connection

from sessions.followups import delivery

logger = logging.getLogger(__name__)

# Lanes of one sweep, side by side (see delivery.follow_ups_sweep): SMTP and database round
# trips overlap. SQLite takes one writer at a time, so there a sweep runs one lane.
SWEEP_LANES = 4


@shared_task(
    bind=True,
    name="sessions.tasks.follow_ups_sweep_task",  # the name beat and queued messages use
    ignore_result=True,
    # Well inside the claim timeout (delivery.SENDING_TIMEOUT, 15 min): a live sweep never
    # holds a claim long enough to be taken for a dead one.
    soft_time_limit=120,
    time_limit=150,
)
def follow_ups_sweep_task(
    self, batch_size: int = 200, max_batches: int = 50, lanes: int | None = None
) -> None:
    if lanes is None:
        # Inline (tests, eager mode) one lane: other threads would not see the caller's rows.
        in_worker = connection.vendor == "postgresql" and not self.request.is_eager
        lanes = SWEEP_LANES if in_worker else 1
    outcomes = delivery.follow_ups_sweep(
        batch_size=batch_size, max_batches=max_batches, lanes=lanes
    )
    if outcomes:
        logger.info("Follow-up sweep: %s", outcomes)
