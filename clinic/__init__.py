"""The project package: settings, URLs, the Celery app, roles, audit and the PDF renderer.

The Celery app is loaded whenever Django starts, so that @shared_task binds to it."""

from clinic.celery import app as celery_app

__all__ = ("celery_app",)
