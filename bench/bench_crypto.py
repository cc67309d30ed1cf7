"""Encryption benchmarks on a database of their own (sealdesk_crypto_bench by default, or another
name ending in crypto_bench: it drops and rebuilds it).

    .venv/bin/python bench/bench_crypto.py [--customers 200000] [--comments 500000] [--rebuild] [--rotate 0.1]

1. exact customer lookup by email through the blind index (target: < 10 ms median at 200k);
2. two-word search over comments through the token index (target: < 300 ms median at 500k);
3. re-encryption of every value of 10% of the customers (--rotate; target: >= 5,000 values/s,
   constant memory), reported with the CPU time of this process and of its PostgreSQL backend.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sealdesk_crypto_bench")
os.environ.setdefault("SEALDESK_VAR_DIR", str(ROOT / "var" / "bench-crypto"))
os.environ.setdefault("SEALDESK_DEK_CACHE_SIZE", "400000")  # every customer's key stays cached,
os.environ.setdefault("SEALDESK_DEK_CACHE_TTL", "86400")  # for the whole build
os.environ.setdefault("DEBUG", "1")  # the local KEK and index key are generated into SEALDESK_VAR_DIR once
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench import crypto_data, script_database  # noqa: E402
from bench.harness_cpu import server_cpu_seconds  # noqa: E402
from helpdesk.models import Comment, Customer  # noqa: E402
from privacy.crypto import is_unavailable, keyring, reencrypt  # noqa: E402
from privacy.crypto.models import DataKey, KeyState, ReencryptionJob  # noqa: E402
from privacy.crypto.search import find_exact, search  # noqa: E402


def log(message: str) -> None:
    print(message, flush=True)


def _median_ms(samples: list[float]) -> str:
    p95 = sorted(samples)[int(len(samples) * 0.95)]
    return f"median {statistics.median(samples) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def prepare(args) -> None:
    db = connection.settings_dict
    have = False
    if not args.rebuild:
        try:
            have = Customer.objects.count() == args.customers and Comment.objects.count() >= args.comments
            # reuse only data sealed under the keys in SEALDESK_VAR_DIR
            have = have and not is_unavailable(Customer.objects.first().name)
        except Exception:  # noqa: BLE001 - a missing database or table means "build it"
            have = False
    if have:
        log(f"Reusing {args.customers:,} customers and {args.comments:,} comments in {db['NAME']}.")
        return
    script_database.recreate()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    log(f"Building {args.customers:,} customers, {args.comments // 5:,} tickets, {args.comments:,} comments ...")
    crypto_data.build(customers=args.customers, tickets=args.comments // 5, comments=args.comments, log=log)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"Built in {time.perf_counter() - started:.0f} s.")


def bench_lookup(args) -> None:
    rng = random.Random(1)
    queryset = Customer.objects.all()
    samples, found = [], 0
    for _ in range(300):
        email = f"Customer{rng.randrange(args.customers)}@Example.com "
        started = time.perf_counter()
        found += len(find_exact(queryset, "email", email))
        samples.append(time.perf_counter() - started)
    log(f"1. exact email lookup, {args.customers:,} customers: {_median_ms(samples)} ({found}/300 found)")


def bench_search(args) -> None:
    rng = random.Random(2)
    bodies = list(Comment.objects.order_by("?").values_list("pk", flat=True)[:100])
    samples, hits = [], []
    for pk in bodies:
        words = sorted(set(Comment.objects.get(pk=pk).body.split()))
        query = " ".join(rng.sample(words, 2)) if len(words) > 1 else words[0]
        started = time.perf_counter()
        hits.append(len(search(Comment.objects.order_by("-created_at"), "body_tokens", query, limit=25)))
        samples.append(time.perf_counter() - started)
    log(f"2. two-word search, {Comment.objects.count():,} comments (first 25 confirmed hits): "
        f"{_median_ms(samples)} (median {statistics.median(hits)} hits)")


def _rss_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# A worker as deployed: no query log (DEBUG), the default key cache instead of the build's.
WORKER_SETTINGS = {"DEBUG": False, "SEALDESK_DEK_CACHE_SIZE": 10_000, "SEALDESK_DEK_CACHE_TTL": 300.0}


def bench_reencrypt(args) -> None:
    count = round(args.customers * args.rotate)
    subjects = [str(pk) for pk in Customer.objects.order_by("?").values_list("pk", flat=True)[:count]]
    retired = 0
    for start in range(0, len(subjects), 5000):
        retired += DataKey.objects.filter(subject__in=subjects[start:start + 5000], state=KeyState.ACTIVE).update(
            state=KeyState.RETIRED
        )
    keyring.bump_generation()
    job = ReencryptionJob.objects.create(scope="all")
    log(f"3. re-encryption, load average {os.getloadavg()[0]:.2f} at the start")
    rss = [_rss_mib()]
    server_before, started, cpu_started = server_cpu_seconds(), time.perf_counter(), time.process_time()
    with override_settings(**WORKER_SETTINGS):
        while not reencrypt.job_step(job_id=job.id):
            rss.append(_rss_mib())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    server = server_cpu_seconds()
    server = None if server is None or server_before is None else server - server_before
    job.refresh_from_db()
    values = job.values_done
    server_text = "n/a" if server is None else f"{server:.1f} s"
    if server:  # a tiny run's backend may use less than one clock tick
        server_text += f" ({values / server:,.0f} values/s)"
    log(f"   {retired:,} customers' data: {values:,} values in {seconds:.1f} s = {values / seconds:,.0f} values/s "
        f"wall, {job.batches_done} batches; CPU: Python {cpu:.1f} s ({values / cpu:,.0f} values/s), "
        f"PostgreSQL {server_text}, together {values / (cpu + (server or 0)):,.0f} values/s")
    quarter = rss[len(rss) // 4]
    log(f"   RSS: {rss[0]:.0f} MiB before, {quarter:.0f} MiB after a quarter of the batches, "
        f"{max(rss):.0f} MiB peak, {rss[-1]:.0f} MiB at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--comments", type=int, default=500_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--parts", default="123", help="which measurements to run, e.g. 12")
    parser.add_argument("--rotate", type=float, default=0.1, help="share of customers whose data keys part 3 rotates")
    args = parser.parse_args()
    script_database.require_own_database("crypto", "drops and rebuilds")
    prepare(args)
    for part, bench in (("1", bench_lookup), ("2", bench_search), ("3", bench_reencrypt)):
        if part in args.parts:
            bench(args)


if __name__ == "__main__":
    main()
