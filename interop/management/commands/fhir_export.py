"""`manage.py fhir_export`: the whole clinic as FHIR Bulk Data NDJSON (--all --output DIR), or
one patient's Bundle (--patient P000123) to standard output or --output FILE. Audited."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic import audit
from interop.fhir.bulk import bulk_export, stderr_progress
from interop.fhir.bundle import patient_bundle
from patients.models import Patient


class Command(BaseCommand):
    help = "Export the clinic (--all) or one patient (--patient CHART_NUMBER) as HL7 FHIR R4."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every record, as NDJSON files")
        which.add_argument("--patient", metavar="CHART_NUMBER", help="one patient, e.g. P000123")
        parser.add_argument(
            "--output",
            help="folder (with --all, required) or file (with --patient; default stdout)",
        )
        parser.add_argument("--chunk-size", type=int, default=500, help="rows read per query")
        parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
        parser.add_argument(
            "--jobs",
            type=int,
            choices=(1, 2),
            default=1,
            help="processes (--all): 2 writes the same files about twice as fast on 2 free cores",
        )

    def handle(self, *args, **options):
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if options["all"]:
            return self.export_all(options)
        return self.export_patient(options)

    def export_all(self, options):
        if not options["output"]:
            raise CommandError("--all needs --output DIR (a folder for the NDJSON files).")
        output = Path(options["output"])
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file; give a folder.")
        jobs = options["jobs"]
        progress = None if options["quiet"] else stderr_progress(self.stderr._out, lines=jobs > 1)
        result = bulk_export(output, chunk_size=options["chunk_size"], progress=progress, jobs=jobs)
        audit.record(
            actor=None,
            action="clinic.fhir_exported",
            details={"output": str(output.resolve()), "resources": result.counts},
        )
        total = sum(result.counts.values())
        self.stderr.write(f"{total} resources from {result.rows} rows in {output}/")

    def export_patient(self, options):
        patient = Patient.objects.filter(chart_number=options["patient"]).first()
        if patient is None:
            raise CommandError(f"No patient with chart number {options['patient']}.")
        export = patient_bundle(patient)
        if options["output"]:
            Path(options["output"]).write_bytes(export.content)
        else:
            self.stdout.write(export.content.decode("utf-8"))
        audit.record(
            actor=None,
            action="patient.fhir_exported",
            target=patient,
            details={"sha256": export.sha256, "via": "manage.py fhir_export"},
        )
