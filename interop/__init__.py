"""Interoperability: exports of the clinic's records in open standards (docs/fhir.md)."""
