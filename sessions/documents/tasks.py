"""Celery task of the documents package: render a front-desk batch by its id."""

from __future__ import annotations

from celery import shared_task

from sessions.documents.batches import batch_run


@shared_task(
    name="sessions.tasks_documents.documents_batch_render_task",  # kept: queued messages
    ignore_result=True,
    soft_time_limit=600,
    time_limit=660,
)
def documents_batch_render_task(batch_id: str) -> None:
    batch_run(batch_id)
