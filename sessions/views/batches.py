"""Front-desk batches of sheets: ask for one, follow its progress, download it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clinic import audit, roles
from sessions.documents import batches, releases, sheets, tasks
from sessions.forms.batches import BatchForm
from sessions.views.helpers import pdf_response
from sessions.views.sheets import SHEETS


@permission_required(SHEETS, raise_exception=True)
def documents_batch(request):
    today = timezone.localdate()
    initial = {"precare_day": today + datetime.timedelta(days=1), "aftercare_day": today}
    form = BatchForm(
        request.POST if request.method == "POST" else request.GET or None, initial=initial
    )
    if form.is_bound and not form.is_valid():
        days, items = {}, []
    else:
        days = form.cleaned_data if form.is_bound else initial
        items = batches.batch_sessions(
            precare_day=days.get("precare_day"), aftercare_day=days.get("aftercare_day")
        )
        # The front desk's batch holds only the sheets a practitioner released (issue 13).
        items = [
            (kind, item)
            for kind, item in items
            if releases.may_print(user=request.user, kind=kind, document=item)
        ]
    if request.method == "POST" and form.is_valid():
        if not items:
            messages.info(request, _("There is nothing to print for these days."))
            return redirect(reverse("treatments:documents_batch"))
        label = _("Pre-care %(pre)s · aftercare %(after)s") % {
            "pre": days.get("precare_day") or "—",
            "after": days.get("aftercare_day") or "—",
        }
        if len(items) <= batches.BATCH_SYNC_LIMIT:
            data = sheets.render_batch(items)
            audit.record(
                actor=request.user,
                action="document.printed",
                request=request,
                details={
                    "kind": "batch",
                    "role": roles.role_of(request.user) or "",
                    "sessions": [[k, s.pk] for k, s in items],
                },
            )
            return pdf_response(data, f"sheets-{timezone.localdate():%Y-%m-%d}.pdf")
        batch_id = batches.batch_create(items=items, by=request.user, label=label)
        audit.record(
            actor=request.user,
            action="document.batch_requested",
            request=request,
            details={"batch": batch_id, "sessions": [[k, s.pk] for k, s in items]},
        )

        def enqueue():  # named, not a partial: see sessions/documents/consents.py
            tasks.documents_batch_render_task.delay(batch_id)

        transaction.on_commit(enqueue, robust=True)
        return redirect("treatments:documents_batch_status", batch_id=batch_id)
    context = {
        "form": form,
        "items": items,
        "chosen": days,
        "sync_limit": batches.BATCH_SYNC_LIMIT,
    }
    return render(request, "treatments/_document_batch_page.html", context)


def _own_job(request, batch_id) -> dict:
    job = batches.batch_job(str(batch_id))
    if job is None:
        raise Http404
    if job["requested_by"] != request.user.pk:
        raise PermissionDenied  # a batch is the requester's: it names many patients
    return job


@permission_required(SHEETS, raise_exception=True)
def documents_batch_status(request, batch_id):
    """Progress (an htmx fragment when polled), a download once done, and — when no worker
    took the job — a button to render it here."""
    job = _own_job(request, batch_id)
    if request.method == "POST" and batches.batch_is_stale(job):
        job = batches.batch_run(str(batch_id)) or job
    context = {
        "job": job,
        "batch_id": batch_id,
        "percent": int(100 * job["done"] / job["total"]) if job["total"] else 100,
        "stale": batches.batch_is_stale(job),
    }
    if request.headers.get("HX-Request"):
        return render(request, "treatments/_document_batch_progress.html", context)
    return render(request, "treatments/_document_batch_page.html", context)


@require_GET
@permission_required(SHEETS, raise_exception=True)
def documents_batch_download(request, batch_id):
    job = _own_job(request, batch_id)
    pdf = batches.batch_pdf_path(str(batch_id))
    if job["status"] != batches.DONE or not pdf.exists():
        raise Http404
    audit.record(
        actor=request.user,
        action="document.printed",
        request=request,
        details={
            "kind": "batch",
            "role": roles.role_of(request.user) or "",
            "batch": str(batch_id),
            "sessions": job["items"],
        },
    )
    return pdf_response(pdf.open("rb"), f"sheets-{str(batch_id)[:8]}.pdf")
