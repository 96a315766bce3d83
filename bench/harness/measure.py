"""The client: one keep-alive HTTP connection on loopback, requests interleaved (each page,
its twin and the floor in a shuffled order, round after round), times taken around the whole
request and response body. Queries per request come from the X-Bench-Queries header."""

import http.client
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from bench.harness.pages import FLOOR, Page
from bench.middleware import HEADER


@dataclass
class Samples:
    times_ms: list = field(default_factory=list)
    queries: set = field(default_factory=set)
    bytes: int = 0

    def summary(self) -> dict:
        times = sorted(self.times_ms)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        return {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(p95, 2),
            "requests_per_s": round(1000 / statistics.fmean(times), 1),
            "queries": max(self.queries),
            "bytes": self.bytes,
            "samples": len(times),
        }


class PageError(Exception):
    pass


class Client:
    def __init__(self, port: int, cookies: dict[str, str]):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = cookies

    def get(self, url: str, role: str) -> tuple[float, int, int]:
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.cookies[role]}"}
        started = time.perf_counter()
        self.connection.request("GET", url, headers=headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise PageError(f"GET {url} as {role}: HTTP {response.status}")
        return elapsed, int(response.getheader(HEADER, "-1")), len(body)


@dataclass
class Target:
    """One data size: its gunicorn's port, its pages and its signed-in cookies."""

    label: str
    port: int
    pages: list[Page]
    cookies: dict[str, str]


def measure(targets: list[Target], *, rounds: int, warmup: int, progress) -> dict:
    """{label: {page name: {"page": summary, "twin": summary}, "floor": {"floor": summary}}}
    after `warmup` unrecorded rounds. The sizes are interleaved too (page by page), so a
    change of load on the machine weighs on both sides of the flatness ratio alike."""
    clients = {target.label: Client(target.port, target.cookies) for target in targets}
    samples: dict[tuple, Samples] = defaultdict(Samples)
    shuffle = random.Random(14)
    for number in range(warmup + rounds):
        for index in range(max(len(target.pages) for target in targets)):
            requests = []
            for target in targets:
                page = target.pages[index]
                requests += [
                    (target.label, page, page.name, "page", page.url),
                    (target.label, page, page.name, "twin", page.twin_url),
                    (target.label, page, "floor", "floor", FLOOR),
                ]
            shuffle.shuffle(requests)
            for label, page, name, kind, url in requests:
                elapsed, queries, size = clients[label].get(url, page.role)
                if number >= warmup:
                    entry = samples[(label, name, kind)]
                    entry.times_ms.append(elapsed)
                    entry.queries.add(queries)
                    entry.bytes = size
        progress(number + 1, warmup + rounds)
    result: dict = defaultdict(lambda: defaultdict(dict))
    for (label, name, kind), entry in samples.items():
        result[label][name][kind] = entry.summary()
    return {label: dict(pages) for label, pages in result.items()}
