"""Figures through a real gunicorn server on loopback, driven by a small load generator.

The generator is a fixed pool of threads, one connection each, each sending its requests one
after another (gunicorn's sync workers close the connection after every response). Bounded in
count and time. Peak memory is each worker's resident high-water mark (VmHWM) from /proc.
"""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from bench import harness_env, harness_stats
from bench.harness_fixtures import Fixtures, signed_in_client
from bench.harness_pages import Figure
from bench.harness_process import terminate_then_kill

HOST = "127.0.0.1"


@dataclass
class Server:
    port: int
    process: subprocess.Popen

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mib(self) -> float | None:
        peaks = [_status_kib(pid, "VmHWM") for pid in self.workers()]
        peaks = [p for p in peaks if p is not None]
        return round(max(peaks) / 1024, 1) if peaks else None


def _status_kib(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers: int = 2, timeout: float = 60.0):
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.harness_settings"}
    log = open(harness_env.VAR_DIR / "gunicorn.log", "w")  # noqa: SIM115 - closed below, after the server
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=harness_env.ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    server = Server(port=port, process=process)
    try:
        _wait_until_up(server, timeout)
        yield server
    finally:
        terminate_then_kill(process, grace_seconds=15)
        log.close()


def _wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see var/bench/gunicorn.log")
        try:
            status, _ = _send(server.port, "GET", "/healthz", {}, None)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within the timeout; see var/bench/gunicorn.log")


def _send(port: int, method: str, path: str, headers: dict, body: bytes | None) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    return response.status, time.perf_counter() - started


def session_headers(fx: Fixtures) -> dict:
    client = signed_in_client(fx.agent)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def measure(server: Server, figure: Figure, fx: Fixtures, *, requests: int, connections: int,
            time_limit: float, cookie: dict) -> dict:
    path = figure.path(fx)
    if path is None:
        return {"available": False, "why": f"route {figure.route} not found"}
    headers = {"Host": "127.0.0.1", **(cookie if figure.auth == "session" else {})}
    if figure.auth == "token":
        headers["Authorization"] = f"Bearer {fx.token}"
    if figure.body is not None:
        headers["Content-Type"] = "application/json"
    _load(server, figure, fx, path, headers, requests=connections * 2, connections=connections, time_limit=time_limit)
    result = _load(server, figure, fx, path, headers, requests=requests, connections=connections,
                   time_limit=time_limit)
    if result["errors"]:
        return {"available": False, "why": f"{result['errors']} of {result['sent']} requests failed "
                                           f"(statuses {sorted(result['statuses'])})"}
    summary = harness_stats.summary(result["samples"])
    return {"available": True, **summary, "connections": connections,
            "requests_per_s": round(len(result["samples"]) / result["wall"], 1),
            "worker_peak_rss_mib": server.peak_rss_mib()}


def _load(server, figure, fx, path, headers, *, requests: int, connections: int, time_limit: float) -> dict:
    lock, counter = threading.Lock(), iter(range(requests))
    samples, statuses, errors = [], set(), [0]
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps(figure.body(fx, 100_000 + i)).encode() if figure.body else None
            try:
                status, elapsed = _send(server.port, figure.method, path, headers, body)
            except OSError:
                status, elapsed = 0, 0.0
            with lock:
                statuses.add(status)
                if status == figure.status:
                    samples.append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"samples": samples, "statuses": statuses, "errors": errors[0], "sent": len(samples) + errors[0],
            "wall": wall}
