"""Access-log benchmarks on a database of their own (sealdesk_audit_bench).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_audit_bench \
        .venv/bin/python bench/bench_audit.py [--events 1000000] [--skip-build]

1. `audit verify` over N chained events (target: 1M in < 60 s), rows generated and loaded by COPY;
2. the access log filtered by customer (target: < 200 ms median at 10M; measured at N);
3. recording overhead on the ticket page and the API ticket detail, interleaved in one run
   (target: ratio <= 1.10);
4. detector precision and recall on a generated scenario (normal agents over weeks, a few misbehaving).
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("SEALDESK_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "audit-bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# The test settings draw fresh chain and signing keys per process; the bench keeps its own key
# files under SEALDESK_VAR_DIR so a log built in one run verifies in the next.
settings.SEALDESK_AUDIT_CHAIN_KEY = settings.SEALDESK_AUDIT_SIGNING_KEY = None

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from audit import chain, conf  # noqa: E402
from audit.checkpoints import checkpoint_create  # noqa: E402

COLUMNS = (*chain.CHAINED_FIELDS, "hash")
AUDIT_TABLES = (
    "audit_eventsecret, audit_accessevent, audit_checkpoint, audit_alert, audit_detectorcursor, audit_chainhead"
)


def _reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AUDIT_TABLES}")


def _load(rows) -> tuple[int, str]:
    """Chain generated rows and COPY them in; returns the head (seq, hash)."""
    import json

    key, prev, seq = conf.chain_key(), "", 0
    statement = f"COPY audit_accessevent ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            seq += 1
            row["id"] = seq
            values = chain.row_values(row)
            prev = chain.event_hash(key, prev, values)
            record = [json.dumps(v) if isinstance(v, list | dict) else v for v in values]
            copy.write_row([*record, prev])
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_chainhead (id, seq, hash) VALUES (1, %s, %s)", [seq, prev])
        cursor.execute("ANALYZE audit_accessevent")
    return seq, prev


def _row(moment, actor, customer, action="customer.view", **extra) -> dict:
    row = {
        "occurred_at": moment, "actor_id": actor["id"], "actor_role": actor["role"], "actor_teams": actor["teams"],
        "action": action, "target_type": "helpdesk.Customer", "target_id": customer, "customer_id": customer,
        "fields_shown": ["name", "email"], "channel": "web", "ip": actor["ip"], "country": "", "city": "",
        "user_agent": "bench", "request_id": uuid.uuid4().hex, "outcome": "allowed", "result_count": None,
        "query_classes": "", "metadata": {},
    }
    row.update(extra)
    return row


def bench_verify_and_filter(total: int, build: bool) -> None:
    rng = random.Random(7)
    customers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(max(total // 50, 10))]
    actors = [{"id": str(uuid.uuid4()), "role": "agent", "teams": ["t1"], "ip": "10.0.0.1"} for _ in range(200)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    if build:
        _reset()
        began = time.perf_counter()
        _load(_row(start + timedelta(seconds=i), rng.choice(actors), rng.choice(customers)) for i in range(total))
        checkpoint_create()
        print(f"built {total:,} chained events in {time.perf_counter() - began:.1f} s")
    from audit.verify import verify_log

    began, cpu = time.perf_counter(), time.process_time()
    report = verify_log()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"audit verify: {report.events:,} events in {elapsed:.1f} s wall, {cpu:.1f} s CPU of this process, "
          f"ok={report.ok} (target < 60 s at 1M; load average {os.getloadavg()[0]:.1f})")
    from audit.selectors import events_page

    class Reviewer:
        is_authenticated, role = True, "compliance"

    timings = []
    for customer in rng.sample(customers, 50):
        began = time.perf_counter()
        events_page(user=Reviewer(), filters={"customer": customer}, size=50)
        timings.append((time.perf_counter() - began) * 1000)
    print(f"filter by customer over {report.events:,} events: median {statistics.median(timings):.2f} ms, "
          f"p95 {statistics.quantiles(timings, n=20)[-1]:.2f} ms (target < 200 ms at 10M)")


def _second_factor(client, user) -> None:
    """Mark the session as 2FA-verified, as the test cast's `login` does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def bench_recording_overhead(runs: int = 40) -> None:
    """Ticket page and API ticket detail with and without recording, interleaved in one run.

    "Without" is the harness's definition (bench/harness_toggles.access_log_off): every module's
    `record_event` is a no-op, so no row, chain-head update or hash is written.
    """
    from django.test import Client
    from django.urls import reverse

    from accounts.models import ApiToken
    from accounts.services import api_token_create, team_create, user_create
    from bench.harness_toggles import access_log_off
    from helpdesk.services import customer_create, ticket_create

    team = team_create(name=f"bench-{uuid.uuid4().hex[:6]}")
    agent = user_create(email=f"{uuid.uuid4().hex[:8]}@bench.test", full_name="Bench", role="agent",
                        password=uuid.uuid4().hex, teams=[team])
    customer = customer_create(name="Bench Customer", email=f"{uuid.uuid4().hex[:8]}@example.de")
    ticket = ticket_create(requester=customer, subject="Bench", body="Bench body", channel="email", team=team)
    _, token = api_token_create(name="bench", role="agent", scopes=[ApiToken.Scope.TICKETS_READ], actor=None,
                                teams=[team])
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    session = Client()
    session.force_login(agent)
    _second_factor(session, agent)
    pages = {
        "ticket page": (session, ticket.get_absolute_url()),
        "API ticket detail": (Client(HTTP_AUTHORIZATION=f"Bearer {token}"),
                              reverse("api:ticket-detail", kwargs={"code": ticket.code})),
    }

    def once(client, url) -> tuple[float, float]:
        began, cpu = time.perf_counter(), time.thread_time()
        if (response := client.get(url)).status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return time.perf_counter() - began, time.thread_time() - cpu

    samples = {(name, on): [] for name in pages for on in (True, False)}
    for _ in range(3):
        for client, url in pages.values():
            once(client, url)
    for _ in range(runs):  # interleaved, so load from other processes hits both sides alike
        for name, (client, url) in pages.items():
            samples[name, True].append(once(client, url))
            with access_log_off():
                samples[name, False].append(once(client, url))
    for name in pages:
        wall_on, wall_off = (statistics.median(s[0] for s in samples[name, on]) for on in (True, False))
        cpu_on, cpu_off = (statistics.median(s[1] for s in samples[name, on]) for on in (True, False))
        print(f"{name}: {wall_on * 1000:.1f} ms with recording, {wall_off * 1000:.1f} ms without: ratio "
              f"{wall_on / wall_off:.2f}, cpu ratio {cpu_on / cpu_off:.2f} ({runs} interleaved pairs, "
              f"target <= 1.10; load average {os.getloadavg()[0]:.1f})")


CARD = "payment_card"
MISBEHAVIOURS = ("sensitive_searches", "bulk_viewing", "outside_teams", "outside_hours", "new_location",
                 "mass_export", "many_reveals", "many_denied")


def _normal_day(rng, agent, day, customers) -> list[dict]:
    """An ordinary working day: views, searches, one reveal, now and then a denial or a small export."""
    rows = []
    for _ in range(rng.randint(25, 45)):
        moment = day + timedelta(hours=rng.uniform(8, 17))
        customer = rng.choice(customers)
        meta = {"target_team_id": agent["teams"][0]}
        kind = rng.random()
        if kind < 0.7:
            rows.append(_row(moment, agent, customer, metadata=meta))
        elif kind < 0.95:
            classes = CARD if rng.random() < 0.02 else rng.choice(["", "email", "name", "number"])
            rows.append(_row(moment, agent, "", action="ticket.search", target_type="", target_id="",
                             query_classes=classes, result_count=rng.randint(0, 5)))
        elif kind < 0.98:
            rows.append(_row(moment, agent, customer, action="customer.reveal", fields_shown=["phone"]))
        else:
            rows.append(_row(moment, agent, customer, outcome="denied", metadata=meta))
    return rows


def _misbehave(rule, rng, agent, day, customers) -> list[dict]:
    at = day + timedelta(hours=11)
    if rule == "sensitive_searches":
        return [_row(at + timedelta(minutes=i), agent, "", action="ticket.search", target_type="", target_id="",
                     query_classes=CARD, result_count=0) for i in range(6)]
    if rule == "bulk_viewing":
        return [_row(at + timedelta(seconds=40 * i), agent, c) for i, c in enumerate(rng.sample(customers, 60))]
    if rule == "outside_teams":
        return [_row(at + timedelta(minutes=i), agent, rng.choice(customers), metadata={"target_team_id": "t9"})
                for i in range(3)]
    if rule == "outside_hours":
        return [_row(day + timedelta(hours=2, minutes=i), agent, rng.choice(customers)) for i in range(5)]
    if rule == "new_location":
        return [_row(at + timedelta(minutes=i), {**agent, "ip": "203.0.113.9"}, rng.choice(customers))
                for i in range(5)]
    if rule == "mass_export":
        return [_row(at, agent, "", action="customer.export", target_type="", target_id="", result_count=8000)]
    if rule == "many_reveals":
        return [_row(at + timedelta(minutes=i), agent, rng.choice(customers), action="customer.reveal")
                for i in range(25)]
    return [_row(at + timedelta(seconds=20 * i), agent, rng.choice(customers), outcome="denied") for i in range(12)]


def bench_detectors(agents: int = 30, days: int = 21) -> None:
    """Normal agents over weeks and one misbehaving agent per rule; per-rule precision and recall."""
    from audit.detectors.runner import detect_new_events
    from audit.models import Alert

    rng = random.Random(11)
    team_of = ["t1", "t2", "t3"]
    crew = [{"id": str(uuid.uuid4()), "role": "agent", "teams": [team_of[i % 3]], "ip": f"10.0.{i}.5"}
            for i in range(agents)]
    customers = [str(uuid.uuid4()) for _ in range(3000)]
    first = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days)
    rows, truth = [], set()
    for offset in range(days):
        day = first + timedelta(days=offset)
        for agent in crew:
            rows += _normal_day(rng, agent, day, customers)
    last_day = first + timedelta(days=days - 1)
    for index, rule in enumerate(MISBEHAVIOURS):
        agent = crew[index]
        rows += _misbehave(rule, rng, agent, last_day, customers)
        truth.add((rule, agent["id"]))
    rows.sort(key=lambda r: r["occurred_at"])
    _load(iter(rows))
    began = time.perf_counter()
    detect_new_events()
    found = {(rule, str(actor)) for rule, actor in Alert.objects.values_list("rule", "details__actor_id")}
    print(f"detectors over {len(rows):,} events ({agents} agents, {days} days): {time.perf_counter() - began:.1f} s")
    for rule in MISBEHAVIOURS:
        hits = {f for f in found if f[0] == rule}
        expected = {t for t in truth if t[0] == rule}
        tp = len(hits & expected)
        precision = tp / len(hits) if hits else 1.0
        recall = tp / len(expected) if expected else 1.0
        print(f"  {rule:20} precision {precision:.2f} recall {recall:.2f} ({len(hits)} alerts)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--only", choices=["verify", "overhead", "detectors"], default=None)
    parser.add_argument("--pairs", type=int, default=40, help="interleaved request pairs per overhead ratio")
    args = parser.parse_args()
    if connection.settings_dict["NAME"] != "sealdesk_audit_bench":
        sys.exit("Run against its own database: DATABASE_URL=postgres://.../sealdesk_audit_bench")
    call_command("migrate", verbosity=0)
    if args.only in (None, "verify"):
        bench_verify_and_filter(args.events, build=not args.skip_build)
    if args.only in (None, "overhead"):
        bench_recording_overhead(args.pairs)
    if args.only in (None, "detectors"):
        _reset()
        bench_detectors()


if __name__ == "__main__":
    main()
