"""Protocol library pages: the library, a version, the diff between versions, create,
revise and retire; products, lots and the lot recall."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import audit
from clinic.forms import post_data
from protocols import patient_texts, services
from protocols.forms import (
    BlendFormSet,
    LotForm,
    LotQuarantineForm,
    LotRecallForm,
    ProductForm,
    ProtocolFilterForm,
    ProtocolIdentityForm,
    ProtocolVersionForm,
)
from protocols.models import (
    AncillaryProduct,
    BlendComponent,
    Lot,
    Product,
    Protocol,
    ProtocolVersion,
)
from sessions.followups import recall


@permission_required("protocols.view_protocol", raise_exception=True)
def protocol_library(request):
    protocols = Protocol.objects.active().with_current_version()
    form = ProtocolFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["indication"]:
            protocols = protocols.filter(indication=form.cleaned_data["indication"])
        if query := form.cleaned_data["q"].strip():
            protocols = protocols.filter(
                Q(name__icontains=query)
                | Q(current_version__summary__icontains=query)
                | Q(current_version__blend__ingredient__name__icontains=query)
            ).distinct()
    page = Paginator(protocols, 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "sees_cards": request.user.has_perm("protocols.view_protocol_card"),
    }
    return render(request, "protocols/protocol_library.html", context)


def _version_with_blend(protocol, number):
    queryset = ProtocolVersion.objects.select_related("protocol__indication", "created_by")
    queryset = queryset.prefetch_related(
        Prefetch("blend", queryset=BlendComponent.objects.select_related("ingredient")),
        Prefetch("ancillaries", queryset=AncillaryProduct.objects.select_related("ingredient")),
    )
    return get_object_or_404(queryset, protocol=protocol, number=number)


@permission_required("protocols.view_protocol_card", raise_exception=True)
def protocol_detail(request, slug, number=None):
    protocol = get_object_or_404(Protocol.objects.select_related("indication"), slug=slug)
    if number is None:
        if protocol.current_version_id is None:
            raise Http404
        number = ProtocolVersion.objects.values_list("number", flat=True).get(
            pk=protocol.current_version_id
        )
    version = _version_with_blend(protocol, number)
    history = protocol.versions.select_related("created_by").only(
        "number", "created_at", "change_note", "created_by__username", "protocol_id"
    )
    texts = patient_texts.review_state(version)
    context = {
        "protocol": protocol,
        "version": version,
        "history": history,
        "is_current": version.pk == protocol.current_version_id,
        "patient_texts": [
            {"code": code, "name": name, "text": texts[code]} for code, name in settings.LANGUAGES
        ],
        "can_revise": request.user.has_perm("protocols.change_protocol")
        and protocol.retired_at is None,
    }
    return render(request, "protocols/protocol_detail.html", context)


@permission_required("protocols.view_protocol_card", raise_exception=True)
def protocol_diff(request, slug):
    protocol = get_object_or_404(Protocol, slug=slug)
    try:
        older_number, newer_number = sorted((int(request.GET["a"]), int(request.GET["b"])))
    except (KeyError, ValueError):
        messages.error(request, _("Choose two versions to compare."))
        return redirect(protocol)
    older = _version_with_blend(protocol, older_number)
    newer = _version_with_blend(protocol, newer_number)
    context = {
        "protocol": protocol,
        "older": older,
        "newer": newer,
        "changes": services.version_diff(older, newer),
    }
    return render(request, "protocols/protocol_diff.html", context)


def _version_forms(request, *, initial_content=None, initial_blend=None, change_note_required):
    data = request.POST if request.method == "POST" else None
    version_form = ProtocolVersionForm(
        data, initial=initial_content, change_note_required=change_note_required
    )
    blend_formset = BlendFormSet(data, initial=initial_blend, prefix="blend")
    return version_form, blend_formset


@permission_required("protocols.add_protocol", raise_exception=True)
def protocol_create(request):
    identity_form = ProtocolIdentityForm(post_data(request))
    version_form, blend_formset = _version_forms(request, change_note_required=False)
    if request.method == "POST" and all(
        [identity_form.is_valid(), version_form.is_valid(), blend_formset.is_valid()]
    ):
        try:
            protocol = services.protocol_create(
                slug=identity_form.cleaned_data["slug"],
                name=identity_form.cleaned_data["name"],
                indication=identity_form.cleaned_data["indication"],
                content=version_form.content(),
                blend=blend_formset.components(),
                change_note=version_form.cleaned_data["change_note"],
                by=request.user,
            )
        except ValidationError as error:
            version_form.add_error(None, error)
        else:
            messages.success(request, _("Protocol created as version 1."))
            return redirect(protocol)
    context = {
        "identity_form": identity_form,
        "version_form": version_form,
        "blend_formset": blend_formset,
        "title": _("New protocol"),
    }
    return render(request, "protocols/protocol_form.html", context)


@permission_required("protocols.change_protocol", raise_exception=True)
def protocol_revise(request, slug):
    protocol = get_object_or_404(Protocol.objects.active(), slug=slug)
    current = _version_with_blend(protocol, protocol.versions.latest("number").number)
    content, blend = services.version_content(current)
    version_form, blend_formset = _version_forms(
        request, initial_content=content, initial_blend=blend, change_note_required=True
    )
    if request.method == "POST" and version_form.is_valid() and blend_formset.is_valid():
        try:
            version = services.protocol_revise(
                protocol=protocol,
                content=version_form.content(),
                blend=blend_formset.components(),
                change_note=version_form.cleaned_data["change_note"],
                by=request.user,
            )
        except ValidationError as error:
            version_form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Saved as version %(number)s. Records that used version %(previous)s keep it.")
                % {"number": version.number, "previous": current.number},
            )
            return redirect(protocol)
    context = {
        "protocol": protocol,
        "current": current,
        "version_form": version_form,
        "blend_formset": blend_formset,
        "title": _("Revise %(name)s (now version %(number)s)")
        % {"name": protocol.name, "number": current.number},
    }
    return render(request, "protocols/protocol_form.html", context)


@require_POST
@permission_required("protocols.change_protocol", raise_exception=True)
def protocol_retire(request, slug):
    protocol = get_object_or_404(Protocol.objects.active(), slug=slug)
    services.protocol_retire(protocol=protocol, by=request.user)
    messages.success(
        request,
        _("%(name)s is retired: it is no longer offered for new plans.") % {"name": protocol.name},
    )
    return redirect("protocols:library")


@permission_required("protocols.view_product", raise_exception=True)
def product_list(request):
    products = Product.objects.filter(archived_at__isnull=True).select_related("ingredient")
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    return render(request, "protocols/product_list.html", {"page_obj": page})


@permission_required("protocols.add_product", raise_exception=True)
def product_edit(request, pk=None):
    product = get_object_or_404(Product, pk=pk) if pk else Product()
    if pk and not request.user.has_perm("protocols.change_product"):
        raise Http404
    form = ProductForm(post_data(request), instance=product)
    if request.method == "POST" and form.is_valid():
        services.product_save(product=form.instance, by=request.user)
        messages.success(request, _("Product saved."))
        return redirect("protocols:products")
    title = _("Edit product") if pk else _("New product")
    return render(
        request,
        "protocols/simple_form.html",
        {"form": form, "title": title, "cancel_url": "protocols:products"},
    )


LOT_FILTERS = {
    "all": lambda lots, today: lots,
    "expired": lambda lots, today: lots.expired(today),
    "expiring": lambda lots, today: lots.expiring(today),
    "usable": lambda lots, today: lots.usable(on=today),
    "blocked": lambda lots, today: lots.blocked(),
}


@permission_required("protocols.view_lot", raise_exception=True)
def lot_list(request):
    today = timezone.localdate()
    shown = request.GET.get("show", "all")
    if shown not in LOT_FILTERS:
        shown = "all"
    lots = LOT_FILTERS[shown](Lot.objects.select_related("product"), today)
    query = request.GET.get("q", "").strip()
    if query:
        lots = lots.filter(Q(lot_number__icontains=query) | Q(product__name__icontains=query))
    page = Paginator(lots, 50).get_page(request.GET.get("page"))
    rows = [(lot, lot.status) for lot in page.object_list]
    context = {
        "page_obj": page,
        "rows": rows,
        "shown": shown,
        "query": query,
        "expired_count": Lot.objects.expired(today).filter(quantity_remaining__gt=0).count(),
        "expiring_count": Lot.objects.expiring(today).count(),
        "filters": [
            ("all", _("All lots")),
            ("usable", _("Usable")),
            ("expiring", _("Expiring within 30 days")),
            ("expired", _("Expired")),
            ("blocked", _("Recalled or quarantined")),
        ],
    }
    return render(request, "protocols/lot_list.html", context)


@permission_required("protocols.add_lot", raise_exception=True)
def lot_edit(request, pk=None):
    lot = get_object_or_404(Lot, pk=pk) if pk else Lot()
    if pk and not request.user.has_perm("protocols.change_lot"):
        raise Http404
    form = LotForm(post_data(request), instance=lot)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.lot_save(lot=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lot saved."))
            return redirect("protocols:lots")
    title = _("Edit lot") if pk else _("Receive a lot")
    return render(
        request,
        "protocols/simple_form.html",
        {"form": form, "title": title, "cancel_url": "protocols:lots"},
    )


def recall_rows(lot) -> list[dict]:
    """Every patient and session that received this lot, in one query (stock is taken when
    a chart records the lot, so unsigned charts count too)."""
    uses = lot.chart_products.select_related(
        "chart__treatment_session__patient", "chart__treatment_session__practitioner"
    ).order_by("chart__treatment_session__starts_at", "pk")
    rows = []
    for use in uses:
        session = use.chart.treatment_session
        patient = session.patient
        rows.append(
            {
                "chart_number": patient.chart_number,
                "patient": patient.full_name,
                "phone": patient.phone,
                "email": patient.email,
                "session_date": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                "practitioner": session.practitioner.get_full_name()
                or session.practitioner.username,
                "volume_ml": use.volume_ml,
                "session_url": session.get_absolute_url(),
                "patient_url": patient.get_absolute_url(),
            }
        )
    return rows


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: patient text must not."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_POST
@permission_required("protocols.recall_lot", raise_exception=True)
def lot_recall_start(request, pk):
    """Mark the lot recalled and turn every patient who received it into a recall follow-up,
    in one transaction (recall.lot_recall_start): the lot leaves the usable lots as the
    outreach is queued."""
    lot = get_object_or_404(Lot, pk=pk)
    form = LotRecallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the lot is recalled."))
        return redirect("protocols:lot_recall", pk=lot.pk)
    created = recall.lot_recall_start(
        lot=lot, reason=form.cleaned_data["reason"], by=request.user, request=request
    )
    messages.success(
        request,
        _("Lot marked recalled; %(n)s recall follow-ups created, in the follow-up queue.")
        % {"n": created},
    )
    return redirect("protocols:lot_recall", pk=lot.pk)


@require_POST
@permission_required("protocols.change_lot", raise_exception=True)
def lot_quarantine(request, pk):
    """Take a lot out of use with a reason: it leaves the usable lots at once."""
    lot = get_object_or_404(Lot, pk=pk)
    form = LotQuarantineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the lot is quarantined."))
    else:
        services.lot_quarantine(
            lot=lot, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
        messages.success(request, _("Lot quarantined: it can no longer be charted."))
    return redirect("protocols:lot_recall", pk=lot.pk)


RECALL_COLUMNS = ["chart_number", "patient", "phone", "email", "session_date", "practitioner"]


@permission_required("protocols.recall_lot", raise_exception=True)
def lot_recall(request, pk):
    lot = get_object_or_404(Lot.objects.select_related("product"), pk=pk)
    rows = recall_rows(lot)
    audit.record(
        actor=request.user,
        action="lot.recall_viewed",
        target=lot,
        request=request,
        details={"patients": len(rows), "format": request.GET.get("format", "html")},
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="recall-lot-{lot.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(RECALL_COLUMNS)
        writer.writerows([_csv_cell(row[column]) for column in RECALL_COLUMNS] for row in rows)
        return response
    return render(
        request,
        "protocols/lot_recall.html",
        {
            "lot": lot,
            "rows": rows,
            "status": lot.expiry_status(),
            "unusable_reason": lot.unusable_reason(),
            "quarantine_form": LotQuarantineForm(),
            "recall_form": LotRecallForm(),
        },
    )
