"""Celery tasks of the documents package: render a front-desk batch by its id, and store a
handed-out sheet's PDF by its handout's id."""

from __future__ import annotations

from celery import shared_task

from sessions.documents.batches import batch_run
from sessions.documents.handout_pdfs import handout_pdf_store


@shared_task(
    name="sessions.tasks_documents.documents_batch_render_task",  # kept: queued messages
    ignore_result=True,
    soft_time_limit=600,
    time_limit=660,
)
def documents_batch_render_task(batch_id: str) -> None:
    batch_run(batch_id)


@shared_task(name="sessions.documents.handout_pdf_store_task", ignore_result=True)
def handout_pdf_store_task(handout_id: int) -> None:
    handout_pdf_store(handout_id=handout_id)
