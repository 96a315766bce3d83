"""Documents: consent (rule, text, services), pre-care and aftercare sheets, the course
report, handouts and front-desk batches, all rendered with clinic.pdf."""
