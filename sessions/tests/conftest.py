"""Fixtures shared by the treatments tests: a Celery broker that cannot be reached."""

import pytest
from celery import _state

from clinic.celery import app
from tests.support import free_port


@pytest.fixture
def broker_down(monkeypatch):
    """Point the Celery app at a closed port and stop running tasks inline, for one test."""

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # it would override app.conf
    closed = f"redis://127.0.0.1:{free_port()}/0"
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    current = _state.get_current_app()
    app.set_current()  # shared tasks resolve to the current app
    app.conf.update(broker_url=closed, task_always_eager=False)
    app._pool, app.amqp._producer_pool = None, None  # forget connections to the old broker
    yield closed
    app.conf.update(previous)
    app._pool, app.amqp._producer_pool = None, None
    current.set_current()
