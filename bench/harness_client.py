"""Figures through Django's test client: latency, queries per request, peak Python memory."""

import json
import time
import tracemalloc
from contextlib import nullcontext

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import harness_stats
from bench.harness_fixtures import Fixtures, signed_in_client
from bench.harness_pages import Figure


class Unavailable(Exception):
    """The figure cannot be measured on this code base (yet): the reason goes in its row."""


def client_for(figure: Figure, fx: Fixtures) -> Client:
    if figure.auth == "token":
        return Client(HTTP_AUTHORIZATION=f"Bearer {fx.token}")
    return signed_in_client(fx.agent)


class Caller:
    """One figure's request, ready to repeat; every call is checked for the expected status."""

    def __init__(self, figure: Figure, fx: Fixtures, path: str | None = None):
        self.figure, self.fx = figure, fx
        self.path = path or figure.path(fx)
        if self.path is None:
            raise Unavailable(f"route {figure.route} not found")
        self.client = client_for(figure, fx)
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            response = self._send()
        except Exception as exc:  # a crashing view is a result to report, not a reason to stop
            raise Unavailable(f"raised {type(exc).__name__}") from None
        elapsed = time.perf_counter() - started
        self.last_cpu = time.thread_time() - cpu
        if response.status_code != self.figure.status:
            raise Unavailable(f"answered {response.status_code}, expected {self.figure.status}")
        return elapsed

    def _send(self):
        if self.figure.body is None:
            return self.client.get(self.path)
        body = json.dumps(self.figure.body(self.fx, self.calls))
        return self.client.post(self.path, data=body, content_type="application/json")


def measure(figure: Figure, fx: Fixtures, *, repetitions: int, warmup: int = 3) -> dict:
    """Median and p95 over `repetitions`, then one request each for queries and memory."""
    try:
        call = Caller(figure, fx)
        for _ in range(warmup):
            call()
        samples = [call() for _ in range(repetitions)]
        reset_queries()  # a full query log (DEBUG) would make the capture look empty
        with CaptureQueriesContext(connection) as queries:
            call()
        query_count = len(queries)  # now: the next request clears the log the capture reads from
        tracemalloc.start()
        try:
            call()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    except Unavailable as exc:
        return {"available": False, "why": str(exc)}
    return {"available": True, **harness_stats.summary(samples), "queries": query_count,
            "peak_python_kib": round(peak / 1024)}


def compare(on: Caller, off: Caller, *, off_context=nullcontext, repetitions: int, warmup: int = 3) -> dict:
    """Alternate the two variants request by request, so both see the same machine load."""
    try:
        for _ in range(warmup):
            on()
            with off_context():
                off()
        on_samples, off_samples, on_cpu, off_cpu = [], [], [], []
        for i in range(repetitions):
            for variant in ((on, off) if i % 2 == 0 else (off, on)):
                if variant is on:
                    on_samples.append(on())
                    on_cpu.append(on.last_cpu)
                else:
                    with off_context():
                        off_samples.append(off())
                    off_cpu.append(off.last_cpu)
    except Unavailable as exc:
        return {"available": False, "why": str(exc)}
    return {
        "available": True,
        "ratio": harness_stats.ratio(on_samples, off_samples),
        # CPU time of the serving thread: blind to the database, but also to other processes' load
        "cpu_ratio": harness_stats.ratio(on_cpu, off_cpu),
        "on": harness_stats.summary(on_samples),
        "off": harness_stats.summary(off_samples),
    }


def query_counts(figure: Figure, fx: Fixtures, variants: dict[str, str]) -> dict:
    """Queries of one request per variant of the path (e.g. two page sizes): equal means constant."""
    base = figure.path(fx)
    if base is None:
        return {"available": False, "why": f"route {figure.route} not found"}
    counts = {}
    try:
        for name, suffix in variants.items():
            call = Caller(figure, fx, path=base + suffix)
            call()
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                call()
            counts[name] = len(queries)
    except Unavailable as exc:
        return {"available": False, "why": str(exc)}
    return {"available": True, "counts": counts, "constant": len(set(counts.values())) == 1}
