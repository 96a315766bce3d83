"""Run a few export jobs in forked processes (the clinic-wide export's lanes) and collect
their results; a failure in one is raised in the parent with the child's traceback."""

import multiprocessing
import queue
import traceback
from collections.abc import Callable

from django.db import connections


def _child(job: Callable, index: int, results) -> None:
    try:
        results.put((index, True, job()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        results.put((index, False, traceback.format_exc()))
    finally:
        connections.close_all()


def run_lanes(jobs: list[Callable]) -> list:
    """Each job in its own forked process, at the same time; their return values in order.
    Jobs must open their own database connections: the parent's are closed before forking
    (a connection shared across a fork corrupts both sides' protocol state)."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [
        context.Process(target=_child, args=(job, index, results), daemon=True)
        for index, job in enumerate(jobs)
    ]
    for child in children:
        child.start()
    collected = {}
    failures = []
    while len(collected) + len(failures) < len(children):
        try:
            index, ok, value = results.get(timeout=2)
        except queue.Empty:
            dead = [c for c in children if c.exitcode not in (None, 0)]
            if dead:  # killed (out of memory, a signal) before it could report
                failures += [f"process {c.pid} ended with exit code {c.exitcode}" for c in dead]
                break
            continue
        if ok:
            collected[index] = value
        else:
            failures.append(value)
    for child in children:
        child.join(timeout=None if not failures else 5)
    if failures:
        raise RuntimeError("An export process failed:\n" + "\n".join(failures))
    missing = [i for i in range(len(jobs)) if i not in collected]
    if missing:
        raise RuntimeError(f"Export processes {missing} ended without a result.")
    return [collected[index] for index in range(len(jobs))]
