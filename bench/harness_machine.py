"""What the figures were measured on, so runs on different machines are not mixed up."""

import html
import json
import os
import platform
import re
import time
from pathlib import Path

import django
from django.db import connection
from django.utils import timezone


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


PROBE_ROUNDS = 9
_NUMBER = re.compile(r"name (\d+)")


def _probe_workload() -> int:
    """Pure Python of the kind a request spends its time on: building and reading small dicts,
    JSON, string formatting, escaping, a regular expression."""
    rows = [{"id": i, "name": f"name {i}", "tags": ["billing", "vip", str(i % 7)]} for i in range(3000)]
    read_back = json.loads(json.dumps(rows))
    cells = [html.escape(f"<td>{row['name']}</td><td>{'|'.join(row['tags'])}</td>") for row in read_back]
    return sum(int(match.group(1)) for cell in cells if (match := _NUMBER.search(cell)))


def cpu_probe_ms() -> float:
    """The fastest of nine runs of a fixed workload, in ms: how fast this machine runs Python right
    now. Figures of two runs (or two machines) compare roughly in proportion to their probes."""
    times = []
    for _ in range(PROBE_ROUNDS):
        started = time.perf_counter()
        _probe_workload()
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 2)


def describe() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "date": timezone.now().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpu_probe_ms": cpu_probe_ms(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "os": platform.platform(),
    }
