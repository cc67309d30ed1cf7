"""Retention benchmarks on a database of their own (sealdesk_retention_bench).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_retention_bench \
        .venv/bin/python bench/bench_retention.py [--tickets 20000] [--export-tickets 1000]

1. purge: tickets/s through `retention run` batches (each ticket with a customer reply, an internal
   note, every fifth with an attachment file), peak Python memory per run size (constant: batches),
   and the ratio to one raw SQL DELETE of the same rows (target >= 2,000 tickets/s);
2. export: the ZIP of a customer with 1,000 tickets (target < 30 s).
The database is emptied of helpdesk rows before each step; keep runs modest on shared machines.
"""

import argparse
import io
import json
import os
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
from django.db import connection  # noqa: E402

from helpdesk.models import Attachment, Comment, Customer, Ticket  # noqa: E402
from privacy.crypto import testing as crypto_testing  # noqa: E402
from privacy.models import RetentionPolicy, RetentionRun  # noqa: E402
from privacy.retention import blobs, jobs  # noqa: E402
from privacy.retention.services import policy_create, runs_start  # noqa: E402
from tests.privacy.retention.bulk import seed_tickets, stored_blob_names  # noqa: E402

AGE = timedelta(days=800)
RESULTS = ROOT / "bench" / "results" / "retention.json"


def _empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE helpdesk_attachment, helpdesk_comment, helpdesk_ticket_tags, helpdesk_ticket, "
            "helpdesk_customer, privacy_retentionrun, privacy_retentionpolicy, privacy_blobtombstone, "
            "crypto_datakey, crypto_keyencryptionkey CASCADE"
        )


def _purge(count: int) -> dict:
    _empty()
    crypto_testing.forget_keys()
    seed_tickets(count, age=AGE)
    files = len(stored_blob_names())
    policy = policy_create(actor=None, name="bench purge", data_type="tickets", keep_for=timedelta(days=365))
    [run] = runs_start(policy_name=policy.name)
    tracemalloc.start()
    started = time.perf_counter()
    while not jobs.run_advance(run_id=run.pk, seconds=600):
        pass
    blobs.tombstones_flush()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    run = RetentionRun.objects.get(pk=run.pk)
    if run.counts["deleted"] != count or Ticket.objects.exists() or stored_blob_names():
        raise SystemExit(f"purge incomplete: {run.counts}")
    return {
        "tickets": count,
        "files": files,
        "seconds": round(seconds, 2),
        "tickets_per_second": round(count / seconds),
        "peak_python_mib": round(peak / 2**20, 1),
    }


def _raw_delete(count: int) -> float:
    """The floor: the same rows gone in one transaction of plain DELETEs (files left on disk)."""
    _empty()
    crypto_testing.forget_keys()
    seed_tickets(count, age=AGE)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("helpdesk_attachment", "helpdesk_comment", "helpdesk_ticket_tags"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        cursor.execute("DELETE FROM helpdesk_ticket WHERE closed_at < now() - interval '365 days'")
    return time.perf_counter() - started


def _export(count: int) -> dict:
    from privacy.subjects.export import export_write

    _empty()
    crypto_testing.forget_keys()
    seed_tickets(count, age=timedelta(days=10), customers=1)
    customer = Customer.objects.get()
    target = io.BytesIO()
    started = time.perf_counter()
    counts = export_write(subject=customer, target=target)
    seconds = time.perf_counter() - started
    if counts["helpdesk.Ticket"] != count:
        raise SystemExit(f"export incomplete: {dict(counts)}")
    return {
        "tickets": count,
        "comments": counts["helpdesk.Comment"],
        "files": counts["helpdesk.Attachment"],
        "zip_mib": round(len(target.getvalue()) / 2**20, 2),
        "seconds": round(seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--export-tickets", type=int, default=1000)
    args = parser.parse_args()
    crypto_testing.ephemeral_keys().enable()
    settings.DEBUG = False  # the debug query log would keep every statement and count as growth
    settings.ATTACHMENT_ROOT = Path(tempfile.mkdtemp(prefix="retention-bench-"))
    call_command("migrate", verbosity=0)

    small = _purge(max(1000, args.tickets // 4))
    purge = _purge(args.tickets)
    raw_seconds = _raw_delete(args.tickets)
    purge["raw_delete_seconds"] = round(raw_seconds, 2)
    purge["ratio_to_raw_delete"] = round(purge["seconds"] / raw_seconds, 1)
    purge["peak_python_mib_at_quarter_size"] = small["peak_python_mib"]
    export = _export(args.export_tickets)
    _empty()
    results = {
        "purge": purge,
        "export": export,
        "targets": {"purge_tickets_per_second": 2000, "export_seconds": 30},
        "rows_left": Comment.objects.count() + Attachment.objects.count() + RetentionPolicy.objects.count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
