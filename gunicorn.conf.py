"""gunicorn reads this file from the working directory (the image's /app, the benchmark's
checkout): patient-link tokens never reach the access log (portal/log_redaction.py)."""

logger_class = "portal.log_redaction.RedactingGunicornLogger"
