"""The clinic-wide export in the FHIR Bulk Data layout: one NDJSON file per resource type and
a manifest. Every source table is streamed with `.iterator(chunk_size=...)` and each resource
is written as soon as it is built, so memory stays flat whatever the clinic's size."""

import functools
import gc
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from interop.fhir import clinical, parallel, treatments
from interop.fhir import patient as patient_builders
from interop.fhir.bundle import RESOURCE_ORDER, dumps, resource_json
from interop.fhir.ids import base_url
from patients.models import (
    Consultation,
    Measurement,
    MedicalHistoryReview,
    Patient,
    PatientMedication,
)
from protocols.models import Lot, ProtocolVersion
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartAmendment,
    ChartArea,
    ChartProduct,
    ConsentRecord,
    DocumentHandout,
    MapMark,
    TreatmentPlan,
    TreatmentSession,
)

Progress = Callable[[str, int, int], None]


def _history(rows: Iterable[MedicalHistoryReview]) -> Iterator:
    for patient_id, reviews in itertools.groupby(rows, key=lambda review: review.patient_id):
        yield from patient_builders.history_resources(list(reviews), patient_id)


def _detected_issues(rows) -> Iterator:
    for consultation in rows:
        yield from clinical.detected_issue_resources(consultation)


def _care_plans(rows) -> Iterator:
    for plan in rows:
        keys = [s.pk for s in plan.treatment_sessions.all()]
        yield treatments.care_plan_resource(plan, keys)


def _procedures(rows) -> Iterator:
    for chart in rows:
        measurements = chart.treatment_session.measurements.all()
        yield treatments.procedure_resource(chart, chart.amendments.all(), measurements)


def _administrations(rows) -> Iterator:
    for use in rows:
        yield treatments.medication_administration_resource(
            use, map_areas=use.chart.map_areas.all()
        )


def _chart_provenance(rows) -> Iterator:
    for chart in rows:
        keys = [use.pk for use in chart.products.all()]
        yield treatments.chart_signature_provenance(chart, keys)


def _consents(rows) -> Iterator:
    for record in rows:
        yield clinical.consent_resource(record, hasattr(record, "withdrawal"))


def _procedure_key(treatment_session) -> int | None:
    chart = getattr(treatment_session, "chart", None) if treatment_session else None
    return chart.pk if chart is not None else None


@dataclass(frozen=True)
class Stream:
    """One source table: its rows, and how they become resources."""

    name: str
    queryset: QuerySet
    build: Callable[[Iterable], Iterator]


def streams() -> list[Stream]:
    """Every source, each in a stable order (ids and row order make the files repeatable)."""
    sessions_only = TreatmentSession.objects.only("pk", "plan_id").order_by("starts_at", "pk")
    return [
        Stream(
            "patients",
            Patient.objects.order_by("pk"),
            lambda rows: map(patient_builders.patient_resource, rows),
        ),
        Stream(
            "users",
            get_user_model().objects.order_by("pk"),
            lambda rows: map(patient_builders.practitioner_resource, rows),
        ),
        Stream(
            "history reviews",
            MedicalHistoryReview.objects.order_by("patient_id", "reviewed_at", "pk"),
            _history,
        ),
        Stream(
            "medications",
            PatientMedication.objects.select_related("catalogue_entry").order_by("pk"),
            lambda rows: map(patient_builders.medication_statement_resource, rows),
        ),
        Stream("consultations", Consultation.objects.order_by("pk"), _detected_issues),
        Stream(
            "protocol versions",
            ProtocolVersion.objects.select_related("protocol__indication").order_by("pk"),
            lambda rows: map(treatments.plan_definition_resource, rows),
        ),
        Stream(
            "plans",
            TreatmentPlan.objects.select_related("protocol_version__protocol")
            .prefetch_related(Prefetch("treatment_sessions", queryset=sessions_only))
            .order_by("pk"),
            _care_plans,
        ),
        Stream(
            "sessions",
            TreatmentSession.objects.order_by("starts_at", "pk"),
            lambda rows: map(treatments.appointment_resource, rows),
        ),
        Stream(
            "charts",
            Chart.objects.select_related("treatment_session__plan__protocol_version__protocol")
            .prefetch_related(
                Prefetch(
                    "amendments", queryset=ChartAmendment.objects.order_by("created_at", "pk")
                ),
                Prefetch(
                    "treatment_session__measurements",
                    queryset=Measurement.objects.order_by("recorded_at", "pk"),
                ),
            )
            .order_by("treatment_session__starts_at", "treatment_session_id"),
            _procedures,
        ),
        Stream(
            "lots",
            Lot.objects.select_related("product__ingredient").order_by("pk"),
            lambda rows: map(treatments.medication_resource, rows),
        ),
        Stream(
            "products used",
            ChartProduct.objects.select_related(
                "chart__treatment_session", "lot__product__ingredient"
            )
            .prefetch_related(
                Prefetch(
                    "chart__map_areas",
                    queryset=ChartArea.objects.order_by("pk").prefetch_related(
                        Prefetch("marks", queryset=MapMark.objects.order_by("pk"))
                    ),
                )
            )
            .order_by("pk"),
            _administrations,
        ),
        Stream(
            "measurements",
            Measurement.objects.select_related("treatment_session__chart").order_by(
                "recorded_at", "pk"
            ),
            lambda rows: (
                clinical.observation_resource(m, _procedure_key(m.treatment_session)) for m in rows
            ),
        ),
        Stream(
            "adverse events",
            AdverseEvent.objects.select_related("chart__treatment_session").order_by("pk"),
            lambda rows: map(treatments.adverse_event_resource, rows),
        ),
        Stream(
            "consents",
            ConsentRecord.objects.select_related(
                "protocol_version__protocol", "withdrawal"
            ).order_by("pk"),
            _consents,
        ),
        Stream(
            "handouts",
            DocumentHandout.objects.select_related("treatment_session__chart").order_by("pk"),
            lambda rows: (
                clinical.document_reference_resource(h, _procedure_key(h.treatment_session))
                for h in rows
            ),
        ),
        Stream(
            "chart signatures",
            Chart.objects.filter(signed_at__isnull=False)
            .prefetch_related(Prefetch("products", queryset=ChartProduct.objects.order_by("pk")))
            .order_by("treatment_session__starts_at", "treatment_session_id"),
            _chart_provenance,
        ),
        Stream(
            "amendments",
            ChartAmendment.objects.order_by("created_at", "pk"),
            lambda rows: map(treatments.amendment_provenance, rows),
        ),
        Stream(
            "consent signatures",
            ConsentRecord.objects.filter(signed_at__isnull=False).order_by("pk"),
            lambda rows: map(clinical.consent_signature_provenance, rows),
        ),
    ]


@dataclass
class BulkResult:
    counts: dict = field(default_factory=dict)
    rows: int = 0
    files: list = field(default_factory=list)


def stderr_progress(stream=None, *, lines: bool = False) -> Progress:
    """A one-line progress bar per source on stderr: `[#####-----]  50% patients 500/1000`;
    with `lines`, a full line at every tenth instead (two processes share the terminal)."""
    out = stream or sys.stderr
    shown: dict[str, int] = {}

    def report(name: str, done: int, total: int) -> None:
        share = done / total if total else 1
        bar = "#" * round(share * 30)
        if lines:
            step = int(share * 10)
            if shown.get(name) == step:
                return
            shown[name] = step
            out.write(f"[{bar:<30}] {share:4.0%} {name} {done}/{total}\n")
        else:
            out.write(f"\r[{bar:<30}] {share:4.0%} {name} {done}/{total}")
            if done >= total:
                out.write("\n")
        out.flush()

    return report


# The two lanes of a parallel export (--jobs 2): every resource type is written by one lane
# only, so each file is the same as in a one-process export. Observation comes from history
# reviews and measurements, Provenance from the three signature/amendment sources: each set
# stays together. Split by the CPU time measured on mp_bench (docs/fhir.md): charts, at about
# 1,000 rows per CPU-second, cost as much as all the cheaper sources of the first lane.
SECOND_LANE = frozenset(
    {"charts", "handouts", "chart signatures", "amendments", "consent signatures"}
)


def lanes(jobs: int) -> list[list[Stream]]:
    every = streams()
    if jobs < 2:
        return [every]
    return [
        [stream for stream in every if stream.name not in SECOND_LANE],
        [stream for stream in every if stream.name in SECOND_LANE],
    ]


def export_streams(
    output: Path, selected: list[Stream], *, chunk_size: int, progress: Progress | None
) -> BulkResult:
    """Write the resources of `selected` into their NDJSON files in `output`."""
    result = BulkResult()
    handles = {}
    with ExitStack() as files, translation.override("en"):
        for stream in selected:
            total = stream.queryset.count()
            done = 0
            if progress:
                progress(stream.name, 0, total)
            rows = _Counted(stream.queryset.iterator(chunk_size=chunk_size), chunk_size)
            for resource in stream.build(rows.iterate()):
                kind = resource.resource_type
                if kind not in handles:
                    path = output / f"{kind}.ndjson"
                    handles[kind] = files.enter_context(path.open("w", encoding="utf-8"))
                handles[kind].write(dumps(resource_json(resource)) + "\n")
                result.counts[kind] = result.counts.get(kind, 0) + 1
                if progress and rows.seen - done >= chunk_size:
                    done = rows.seen
                    progress(stream.name, done, total)
            result.rows += rows.seen
            if progress:
                progress(stream.name, total, total)
    return result


def bulk_export(
    output: Path, *, chunk_size: int = 500, progress: Progress | None = None, jobs: int = 1
) -> BulkResult:
    """Write <ResourceType>.ndjson files and manifest.json into `output` (created if needed);
    with `jobs` 2, in two processes (the same files)."""
    output.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    if jobs < 2:
        results = [export_streams(output, streams(), chunk_size=chunk_size, progress=progress)]
    else:
        results = parallel.run_lanes(
            [
                functools.partial(
                    export_streams, output, lane, chunk_size=chunk_size, progress=progress
                )
                for lane in lanes(jobs)
            ]
        )
    result = BulkResult()
    for part in results:
        result.rows += part.rows
        result.counts.update(part.counts)
    order = {name: index for index, name in enumerate(RESOURCE_ORDER)}
    result.files = sorted(result.counts, key=order.__getitem__)
    manifest = {
        # The manifest, not the resources, carries the export's time (Bulk Data spec).
        "transactionTime": started.isoformat(timespec="seconds"),
        "request": f"{base_url()}/$export",
        "requiresAccessToken": False,
        "output": [
            {"type": kind, "url": f"{kind}.ndjson", "count": result.counts[kind]}
            for kind in result.files
        ],
        "error": [],
    }
    (output / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return result


class _Counted:
    """Counts the source rows a builder has consumed (for the progress bar), and frees each
    chunk once it is done.

    A row read with select_related across a one-to-one (a chart and its session) refers to
    its related row and back: a reference cycle, which only the cyclic garbage collector
    frees. Left to its own thresholds it frees them late, and memory grew with the clinic's
    size (3.5 MiB at 60 patients, 9.2 MiB at 180); collected at every chunk, the peak
    depends on the chunk size only (bench_fhir)."""

    def __init__(self, rows: Iterator, chunk_size: int):
        self.rows, self.seen, self.chunk_size = rows, 0, chunk_size

    def iterate(self) -> Iterator:
        for row in self.rows:
            self.seen += 1
            yield row
            if self.seen % self.chunk_size == 0:
                gc.collect()
