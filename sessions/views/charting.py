"""Charting pages (chart, sign, amend, photos).

Reading a chart needs treatments.view_chart (practitioners, clinic admins) and is audited
here; writing needs treatments.chart_treatmentsession / sign_chart / add_photo (practitioners)
and goes through sessions.charting, which audits and refuses any change to a signed chart.
"""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from clinic import audit, dates
from clinic.forms import post_data
from patients import outcome_scales
from patients.models import Measurement
from protocols.catalogues import Technique, TreatmentArea
from protocols.models import Lot
from sessions.charting import amendments, charts, doses, lot_corrections, photos
from sessions.documents import map_figures
from sessions.forms.charting import (
    AdverseEventFormSet,
    AmendForm,
    ChartForm,
    ChartMeasurementFormSet,
    PhotoForm,
    ProductCorrectionFormSet,
    ProductFormSet,
    SignForm,
    formset_rows,
)
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartAmendment,
    ChartProduct,
    Photo,
    TreatmentSession,
)
from sessions.views.helpers import private_response

CHART_PERMISSION = "treatments.chart_treatmentsession"


def _treatment_session(pk) -> TreatmentSession:
    return get_object_or_404(
        TreatmentSession.objects.select_related(
            "patient", "practitioner", "room__location", "plan__protocol_version__protocol"
        ),
        pk=pk,
    )


def _chart(treatment_session) -> Chart | None:
    """The chart with everything the page shows, in a fixed number of queries."""
    chart = (
        Chart.objects.select_related("signed_by")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=ChartProduct.objects.select_related("lot__product__ingredient"),
            ),
            Prefetch("adverse_events", queryset=AdverseEvent.objects.select_related("recorded_by")),
            Prefetch("amendments", queryset=ChartAmendment.objects.select_related("author")),
            map_figures.map_prefetch(),
        )
        .filter(treatment_session=treatment_session)
        .first()
    )
    if chart is not None:
        chart.treatment_session = treatment_session  # already loaded: str(chart) needs it
    return chart


def _lot_choices(treatment_session, chart) -> list[tuple[int, str]]:
    """Lots usable on the session's day, plus those the chart already uses (one query)."""
    day = charts.session_day(treatment_session)
    used = [row.lot_id for row in chart.products.all()] if chart else []
    # Usable lots only (not expired, quarantined or recalled, stock left); a lot the chart
    # already uses stays listed, with why it can no longer be saved.
    usable = Lot.objects.usable(on=day).filter(product__archived_at__isnull=True)
    lots = (
        Lot.objects.select_related("product")
        .filter(Q(pk__in=usable.values("pk")) | Q(pk__in=used))
        .order_by("product__name", "expiry_date", "lot_number")
    )
    return [
        (
            lot.pk,
            _("%(product)s · lot %(lot)s · expires %(expiry)s · %(n)s left")
            % {
                "product": lot.product.name,
                "lot": lot.lot_number,
                "expiry": dates.day(lot.expiry_date),
                "n": lot.quantity_remaining,
            }
            + (f" · {lot.unusable_reason(day)}" if lot.recalled_at or lot.quarantined_at else ""),
        )
        for lot in lots
    ]


def _chart_initial(chart, treatment_session) -> dict:
    if chart is None:
        plan = treatment_session.plan
        return {
            "areas": list(plan.areas) if plan else [],
            "injection_map": map_figures.map_json(None),
        }
    return {
        **model_to_dict(chart, fields=charts.CHART_FIELDS),
        "injection_map": map_figures.map_json(chart),
    }


def _forms(request, treatment_session, chart, measurements):
    data = post_data(request)
    form = ChartForm(data, initial=_chart_initial(chart, treatment_session))
    products = ProductFormSet(
        data,
        prefix="p",
        initial=[
            {"id": r.pk, "lot": r.lot_id, "volume_ml": r.volume_ml, "units_used": r.units_used}
            for r in (chart.products.all() if chart else [])
        ],
        form_kwargs={"lot_choices": _lot_choices(treatment_session, chart)},
    )
    events = AdverseEventFormSet(
        data,
        prefix="ae",
        initial=[
            {
                "id": e.pk,
                "type": e.type,
                "severity": e.severity,
                "description": e.description,
                "action_taken": e.action_taken,
            }
            for e in (chart.adverse_events.all() if chart else [])
        ],
    )
    measurement_forms = ChartMeasurementFormSet(
        data,
        prefix="m",
        initial=[
            {"id": m.pk, "scale": m.scale, "area": m.area, "value": m.value} for m in measurements
        ],
    )
    return form, products, events, measurement_forms


def _chart_error(form, error: ValidationError) -> None:
    """A refusal of the map goes next to the map, anything else at the top of the form."""
    items = getattr(error, "error_list", [])
    if items and all(item.code == "map" for item in items):
        form.add_error("injection_map", error)
    else:
        form.add_error(None, error.messages)


def _label(value, choices) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _display(name, value):
    if value in (None, ""):
        return "—"
    if name == "technique":
        return _label(value, Technique)
    return value


def _amendment_rows(chart) -> list[dict]:
    """Each amendment with its changes as (label, before, after) strings."""
    rows = []
    for amendment in chart.amendments.all():
        changes = []
        for name, change in amendment.changes.items():
            if name in (lot_corrections.PRODUCTS_CHANGE, lot_corrections.MAP_CHANGE):
                changes += _correction_rows(name, change)
                continue
            if name == amendments.ADVERSE_EVENT_CHANGE:
                event = change["after"]
                changes.append(
                    (
                        _("Adverse event added"),
                        "—",
                        f"{_label(event['type'], AdverseEvent.Type)} "
                        f"({_label(event['severity'], AdverseEvent.Severity)}): "
                        f"{event['description']} — {event['action_taken']}",
                    )
                )
                continue
            label = str(Chart._meta.get_field(name).verbose_name)
            changes.append(
                (
                    label[:1].upper() + label[1:],
                    _display(name, change["before"]),
                    _display(name, change["after"]),
                )
            )
        rows.append({"amendment": amendment, "changes": changes})
    return rows


def _correction_rows(name: str, change: dict) -> list[tuple[str, str, str]]:
    """A corrected blend row per line; the map's marks that followed, summed per area and
    lot ("Face: 10 marks, lot A, 2 mL")."""
    if name == lot_corrections.PRODUCTS_CHANGE:

        def text(row):
            return _("%(product)s · lot %(lot)s · %(volume)s mL · %(units)s vial(s)") % {
                "product": row["product"],
                "lot": row["lot_number"],
                "volume": row["volume_ml"],
                "units": row["units_used"],
            }

        return [
            (_("Product and lot"), text(before), text(after))
            for before, after in zip(change["before"], change["after"], strict=True)
        ]

    def summary(marks):
        groups: dict[tuple[str, str], list[Decimal]] = {}
        for mark in marks:
            groups.setdefault((mark["area"], mark["lot_number"]), []).append(
                Decimal(mark["volume_ml"])
            )
        return "\n".join(
            ngettext(
                "%(area)s: %(n)s mark, lot %(lot)s, %(volume)s mL",
                "%(area)s: %(n)s marks, lot %(lot)s, %(volume)s mL",
                len(volumes),
            )
            % {
                "area": _label(area, TreatmentArea),
                "n": len(volumes),
                "lot": lot,
                "volume": f"{sum(volumes).normalize():f}",
            }
            for (area, lot), volumes in groups.items()
        )

    return [(_("Injection map"), summary(change["before"]), summary(change["after"]))]


def _measurement_rows(measurements) -> list[dict]:
    return [
        {
            "scale": outcome_scales.BY_CODE.get(m.scale, {}).get("name", m.scale),
            "area": _label(m.area, TreatmentArea) if m.area else "",
            "value": outcome_scales.describe(m.scale, m.value),
        }
        for m in measurements
    ]


def _can_edit(user, treatment_session, chart) -> bool:
    if not user.has_perm(CHART_PERMISSION):
        return False
    if chart is not None:
        return not chart.is_signed
    return charts.chart_start_problem(treatment_session) is None


def _chart_context(request, treatment_session, chart, measurements, forms):
    user = request.user
    signed = chart is not None and chart.is_signed
    chartable = treatment_session.is_chartable or (chart is not None and not signed)
    can_edit = forms is not None
    signed_at = chart.signed_at if signed else None
    events = list(chart.adverse_events.all()) if chart else []
    plan = treatment_session.plan
    medicines = charts.medicine_checklist(treatment_session)
    context = {
        "treatment_session": treatment_session,
        "patient": treatment_session.patient,
        "plan": plan,
        "version": plan.protocol_version if plan else None,
        "blend": list(plan.protocol_version.blend.select_related("ingredient")) if plan else [],
        "chart": chart,
        "signed": signed,
        "chartable": chartable,
        # Why no chart can be started now (status, day, consent): shown before anything else.
        "start_problem": charts.chart_start_problem(treatment_session) if chart is None else None,
        "can_edit": can_edit,
        "can_sign": (chart is not None and not signed and user.has_perm("treatments.sign_chart")),
        "can_amend": signed and user.has_perm(CHART_PERMISSION),
        "can_add_photo": user.has_perm("treatments.add_photo") and not signed,
        "doses": doses.chart_doses(chart=chart, treatment_session=treatment_session),
        "checklist_missing": charts.checklist_missing(chart, medicines=medicines) if chart else [],
        "medicines": medicines,
        "allergy_profile": charts.patient_allergies(treatment_session.patient),
        "asks_pause": any(item["paused"] for item in medicines),
        "area_labels": [_label(a, TreatmentArea) for a in (chart.areas if chart else [])],
        "technique_label": _label(chart.technique, Technique) if chart else "",
        # Events recorded after signing came with an amendment: shown there, not as original.
        "original_events": [e for e in events if not signed_at or e.recorded_at <= signed_at],
        "amendments": _amendment_rows(chart) if chart else [],
        "measurements": _measurement_rows(measurements),
        "photos": list(treatment_session.photos.all()),
        "photo_form": PhotoForm(),
        "sign_form": SignForm(),
        "injection_map": map_figures.map_figures(chart),
    }
    if forms is not None:
        form, products, events_formset, measurement_forms = forms
        context.update(
            map_editor=map_figures.editor_figures(),
            map_techniques_json=json.dumps([[str(v), str(n)] for v, n in Technique.choices]),
            form=form,
            products=products,
            events=events_formset,
            measurement_forms=measurement_forms,
        )
    return context


@permission_required("treatments.view_chart", raise_exception=True)
def chart(request, pk):
    """The chart of a session: read by anyone who may view charts, edited (POST) by
    practitioners until it is signed. The first save starts the session (see chart_start)."""
    if request.method == "POST" and not request.user.has_perm(CHART_PERMISSION):
        raise PermissionDenied
    treatment_session = _treatment_session(pk)
    chart = _chart(treatment_session)
    can_edit = _can_edit(request.user, treatment_session, chart)
    if request.method == "POST" and not can_edit:
        if chart is not None:
            messages.error(request, charts.signed_message())
        else:
            messages.error(
                request,
                _("This session is %(status)s; it cannot be charted.")
                % {"status": treatment_session.get_status_display().lower()},
            )
        return redirect("treatments:chart", pk=pk)
    measurements = list(
        Measurement.objects.filter(treatment_session=treatment_session).order_by(
            "recorded_at", "pk"
        )
    )
    forms = _forms(request, treatment_session, chart, measurements) if can_edit else None
    if request.method == "POST":
        form, products, events, measurement_forms = forms
        if all(f.is_valid() for f in forms):
            try:
                charts.chart_save(
                    treatment_session=treatment_session,
                    data={name: form.cleaned_data[name] for name in charts.CHART_FIELDS},
                    products=formset_rows(products),
                    adverse_events=formset_rows(events),
                    measurements=formset_rows(measurement_forms),
                    injection_map=form.cleaned_data["injection_map"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                _chart_error(form, error)
            else:
                messages.success(request, _("Chart saved."))
                return redirect("treatments:chart", pk=pk)
    if request.method == "GET":
        audit.record(
            actor=request.user,
            action="chart.viewed",
            target=chart or treatment_session,
            request=request,
        )
    context = _chart_context(request, treatment_session, chart, measurements, forms)
    return render(request, "treatments/chart.html", context)


@require_POST
@permission_required("treatments.sign_chart", raise_exception=True)
def chart_sign(request, pk):
    treatment_session = _treatment_session(pk)
    chart = get_object_or_404(Chart, treatment_session=treatment_session)
    form = SignForm(request.POST)
    form.is_valid()  # one optional text field: always valid
    try:
        charts.chart_sign(
            chart=chart,
            by=request.user,
            dose_override_reason=form.cleaned_data.get("dose_override_reason", ""),
            request=request,
        )
    except ValidationError as error:
        if {item.code for item in error.error_list} <= {"checklist", "doses"}:
            # The page lists what is missing (checklist, dose limits) right below: say once
            # that nothing was signed instead of repeating each problem.
            messages.error(request, _("The chart is not signed yet: see what it still needs."))
        else:
            for message in error.messages:
                messages.error(request, message)
    else:
        messages.success(request, _("Chart signed. The session is completed."))
    return redirect("treatments:chart", pk=pk)


@permission_required(CHART_PERMISSION, raise_exception=True)
def chart_amend(request, pk):
    treatment_session = _treatment_session(pk)
    chart = _chart(treatment_session)
    if chart is None or not chart.is_signed:
        messages.info(request, _("This chart is not signed yet: edit it directly."))
        return redirect("treatments:chart", pk=pk)
    current = amendments.chart_current_values(chart, chart.amendments.all())
    data = post_data(request)
    form = AmendForm(data, initial=current)
    products = ProductCorrectionFormSet(
        # A post without the rows (an older page) corrects no row.
        data if data is not None and "p-TOTAL_FORMS" in data else None,
        prefix="p",
        initial=[
            {"id": r.pk, "lot": r.lot_id, "volume_ml": r.volume_ml, "units_used": r.units_used}
            for r in chart.products.all()
        ],
        form_kwargs={"lot_choices": _lot_choices(treatment_session, chart)},
    )
    products_valid = not products.is_bound or products.is_valid()
    if request.method == "POST" and form.is_valid() and products_valid:
        try:
            amendments.chart_amend(
                chart=chart,
                reason=form.cleaned_data["reason"],
                changes=form.changes(),
                adverse_event=form.adverse_event(),
                products=[row.cleaned_data for row in products] if products.is_bound else None,
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Amendment recorded. The original chart is kept."))
            return redirect("treatments:chart", pk=pk)
    if request.method == "GET":
        audit.record(
            actor=request.user,
            action="chart.viewed",
            target=chart,
            request=request,
            details={"page": "amend"},
        )
    context = {
        "treatment_session": treatment_session,
        "patient": treatment_session.patient,
        "chart": chart,
        "form": form,
        "products": products,
    }
    return render(request, "treatments/chart_amend.html", context)


@require_POST
@permission_required("treatments.add_photo", raise_exception=True)
def photo_upload(request, pk):
    """Store a photo. From the chart page (htmx) only the photo section is answered and
    swapped, so unsaved chart edits and the errors shown stay on screen (issue 12); without
    JavaScript the form posts and comes back to the chart, as before."""
    treatment_session = _treatment_session(pk)
    form = PhotoForm(request.POST, request.FILES)
    problems, stored = [], False
    if form.is_valid():
        try:
            photos.photo_upload(
                treatment_session=treatment_session,
                upload=form.cleaned_data["image"],
                area=form.cleaned_data["area"],
                moment=form.cleaned_data["moment"],
                consent_for_report=form.cleaned_data["consent_for_report"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            problems = error.messages
        else:
            stored = True
    if request.headers.get("HX-Request"):
        return _photo_section(request, treatment_session, form, problems, stored)
    if stored:
        messages.success(request, _("Photo stored."))
    for message in problems or [m for errors in form.errors.values() for m in errors]:
        messages.error(request, message)
    return redirect("treatments:chart", pk=pk)


def _photo_section(request, treatment_session, form, problems, stored):
    """The chart page's photo section alone: the list, then a fresh form or the one with its
    errors next to the fields (a service refusal at the top of the form)."""
    chart = Chart.objects.filter(treatment_session=treatment_session).first()
    signed = chart is not None and chart.is_signed
    context = {
        "treatment_session": treatment_session,
        "photos": list(treatment_session.photos.all()),
        "photo_form": PhotoForm() if stored else form,
        "photo_problems": problems,
        "photo_stored": stored,
        "can_add_photo": request.user.has_perm("treatments.add_photo") and not signed,
    }
    return render(request, "treatments/_chart_photos.html", context)


@require_GET
@permission_required("treatments.view_photo", raise_exception=True)
def photo(request, pk):
    """One photo, from private storage, never cached, typed by what was checked at upload."""
    photo = get_object_or_404(Photo, pk=pk)
    with photo.image.open("rb") as stored:
        content = stored.read()
    audit.record(actor=request.user, action="photo.viewed", target=photo, request=request)
    return private_response(content, content_type=photo.content_type, filename=f"photo-{photo.pk}")
