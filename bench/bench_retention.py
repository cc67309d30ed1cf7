"""Retention benchmarks on a database of their own (it is emptied of helpdesk rows before each step).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_retention_bench \
        .venv/bin/python bench/bench_retention.py [--tickets 20000] [--repeat 1] [--export-tickets 1000] \
        [--memory-tickets SMALL LARGE] [--output bench/results/retention.json]

1. purge: tickets/s through `retention run` batches (each ticket with a customer reply, an internal
   note, every fifth with an attachment file), and one raw SQL DELETE of the same rows right after
   (target >= 2,000 tickets/s). Wall time and CPU time: this process's (all threads) and, when the
   server runs on this machine, its PostgreSQL backend's; on a shared machine the CPU figures say
   more than the wall time. Repeated `--repeat` times, medians reported.
2. memory: peak Python memory of purges of 1/8 and 1/2 the size (or --memory-tickets), traced apart
   from the timed runs because tracing doubles Python's CPU time (constant: the runs work in batches).
3. export: the ZIP of a customer with 1,000 tickets (target < 30 s).
"""

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("SEALDESK_VAR_DIR", str(ROOT / "var" / "retention-bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench import script_database  # noqa: E402
from bench.harness_cpu import server_cpu_seconds  # noqa: E402
from helpdesk.models import Attachment, Comment, Customer, Ticket  # noqa: E402
from privacy.crypto import testing as crypto_testing  # noqa: E402
from privacy.models import RetentionPolicy, RetentionRun  # noqa: E402
from privacy.retention import blobs, jobs  # noqa: E402
from privacy.retention.services import policy_create, runs_start  # noqa: E402
from tests.privacy.retention.bulk import seed_tickets, stored_blob_names  # noqa: E402

AGE = timedelta(days=800)
RESULTS = ROOT / "bench" / "results" / "retention.json"


class Clock:
    """Wall seconds, this process's CPU seconds, and its PostgreSQL backend's when /proc shows it."""

    def __init__(self):
        self.began = self._now()

    def _now(self) -> tuple:
        return time.perf_counter(), time.process_time(), server_cpu_seconds()

    def stop(self) -> dict:
        (wall, cpu, backend), (wall0, cpu0, backend0) = self._now(), self.began
        return {
            "seconds": round(wall - wall0, 2),
            "cpu_python": round(cpu - cpu0, 2),
            "cpu_postgresql": round(backend - backend0, 2) if backend is not None else None,
        }


def _empty() -> None:
    shutil.rmtree(settings.ATTACHMENT_ROOT, ignore_errors=True)  # the raw DELETE leaves its files
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE helpdesk_attachment, helpdesk_comment, helpdesk_ticket_tags, helpdesk_ticket, "
            "helpdesk_customer, privacy_retentionrun, privacy_retentionpolicy, privacy_blobtombstone, "
            "crypto_datakey, crypto_keyencryptionkey CASCADE"
        )


def _seed(count: int) -> int:
    _empty()
    crypto_testing.forget_keys()
    seed_tickets(count, age=AGE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have, long before a daily purge
    return len(stored_blob_names())


def _run_purge() -> RetentionRun:
    policy = policy_create(actor=None, name="bench purge", data_type="tickets", keep_for=timedelta(days=365))
    [run] = runs_start(policy_name=policy.name)
    while not jobs.run_advance(run_id=run.pk, seconds=600):
        pass
    blobs.tombstones_flush()
    return RetentionRun.objects.get(pk=run.pk)


def _check(run: RetentionRun, count: int) -> None:
    if run.counts["deleted"] != count or Ticket.objects.exists() or stored_blob_names():
        raise SystemExit(f"purge incomplete: {run.counts}")


def _purge(count: int) -> dict:
    files = _seed(count)
    clock = Clock()
    run = _run_purge()
    figures = {"tickets": count, "files": files, **clock.stop()}
    _check(run, count)
    return figures


def _raw_delete(count: int) -> dict:
    """The floor: the same rows gone through plain DELETEs in one transaction (files left on disk)."""
    _seed(count)
    clock = Clock()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("helpdesk_attachment", "helpdesk_comment", "helpdesk_ticket_tags"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        cursor.execute("DELETE FROM helpdesk_ticket WHERE closed_at < now() - interval '365 days'")
    return clock.stop()


def _peak_memory(count: int) -> float:
    _seed(count)
    tracemalloc.start()
    _check(_run_purge(), count)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 2**20, 2)


def _pair(count: int) -> dict:
    load = round(os.getloadavg()[0], 1)
    purge, raw = _purge(count), _raw_delete(count)
    pair = {"load_average_at_start": load, "purge": purge, "raw_delete": raw}
    pair["ratio_to_raw_delete"] = _ratio(purge["seconds"], raw["seconds"])
    if purge["cpu_postgresql"] is not None:
        pair["cpu_ratio_to_raw_delete"] = _ratio(
            purge["cpu_python"] + purge["cpu_postgresql"], raw["cpu_python"] + raw["cpu_postgresql"]
        )
    return pair


def _ratio(part: float, whole: float) -> float | None:
    """None where a small run took less than the clocks' resolution."""
    return round(part / whole, 2) if whole else None


def _rate(count: int, seconds: float) -> int | None:
    return round(count / seconds) if seconds else None


def _summary(pairs: list[dict], count: int) -> dict:
    def median(*path):
        values = [pair[path[0]][path[1]] if len(path) == 2 else pair[path[0]] for pair in pairs]
        return statistics.median(values) if None not in values else None

    summary = {
        "tickets": count,
        "batch": jobs.batch_size(),
        "seconds": median("purge", "seconds"),
        "tickets_per_second": _rate(count, median("purge", "seconds")),
        "raw_delete_seconds": median("raw_delete", "seconds"),
        "raw_delete_tickets_per_second": _rate(count, median("raw_delete", "seconds")),
        "ratio_to_raw_delete": median("ratio_to_raw_delete"),
    }
    cpu = median("purge", "cpu_postgresql")
    if cpu is not None:
        total = median("purge", "cpu_python") + cpu
        summary["cpu_seconds"] = {"python": median("purge", "cpu_python"), "postgresql": cpu}
        summary["tickets_per_cpu_second"] = _rate(count, total)
        summary["raw_delete_cpu_seconds"] = median("raw_delete", "cpu_postgresql")
        summary["cpu_ratio_to_raw_delete"] = median("cpu_ratio_to_raw_delete")
    return summary


def _export(count: int) -> dict:
    from privacy.subjects.export import export_write

    _empty()
    crypto_testing.forget_keys()
    seed_tickets(count, age=timedelta(days=10), customers=1)
    customer = Customer.objects.get()
    target = io.BytesIO()
    clock = Clock()
    counts = export_write(subject=customer, target=target)
    figures = clock.stop()
    if counts["helpdesk.Ticket"] != count:
        raise SystemExit(f"export incomplete: {dict(counts)}")
    return {
        "tickets": count,
        "comments": counts["helpdesk.Comment"],
        "files": counts["helpdesk.Attachment"],
        "zip_mib": round(len(target.getvalue()) / 2**20, 2),
        **figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="purge and raw DELETE pairs (medians reported)")
    parser.add_argument("--export-tickets", type=int, default=1000)
    parser.add_argument("--memory-tickets", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                        help="sizes of the two traced purges (default: tickets/8 and tickets/2, "
                        "at least 1,000 and 2,000)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where the JSON goes (default {RESULTS})")
    args = parser.parse_args()
    script_database.require_own_database("retention", "empties of helpdesk rows")
    script_database.create_if_missing()
    crypto_testing.ephemeral_keys().enable()
    settings.DEBUG = False  # the debug query log would keep every statement and count as growth
    settings.ATTACHMENT_ROOT = Path(tempfile.mkdtemp(prefix="retention-bench-"))
    call_command("migrate", verbosity=0)

    load = [round(x, 2) for x in os.getloadavg()]
    pairs = [_pair(args.tickets) for _ in range(max(1, args.repeat))]
    sizes = args.memory_tickets or (max(1000, args.tickets // 8), max(2000, args.tickets // 2))
    memory = {str(size): _peak_memory(size) for size in sizes}
    export = _export(args.export_tickets)
    _empty()
    results = {
        "load_average_at_start": load,
        "cores": os.cpu_count(),
        "purge": {**_summary(pairs, args.tickets), "peak_python_mib_by_tickets": memory},
        "pairs": pairs,
        "export": export,
        "targets": {"purge_tickets_per_second": 2000, "export_seconds": 30},
        "rows_left": Comment.objects.count() + Attachment.objects.count() + RetentionPolicy.objects.count(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
