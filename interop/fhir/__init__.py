"""HL7 FHIR R4 (4.0.1) export: builders from our models to fhir.resources models, the patient
Bundle and the clinic-wide Bulk Data (NDJSON) export. See docs/fhir.md for the mapping."""
