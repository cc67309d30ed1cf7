"""Access-log benchmarks on a database of their own (sealdesk_audit_bench, or another name ending in audit_bench).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_audit_bench \
        .venv/bin/python bench/bench_audit.py [--events 1000000] [--skip-build] \
        [--only verify|filter|overhead|detectors] [--filter-events 10000000] [--filter-samples 30] \
        [--pairs 40] [--detector-agents 30] [--detector-days 21]

1. `audit verify` over N chained events (target: 1M in < 60 s), rows generated and loaded by COPY;
2. the access log filtered by customer (target: < 200 ms median at 10M): the selector at N after
   verify, and with `--only filter` the compliance page and the API (first and next page) over
   `--filter-events` (10M) events generated in SQL, with PLACEHOLDER hashes (that data set is for
   filtering only; verify is measured on real chained events), and the query plans;
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
from django.db import connection, transaction  # noqa: E402

from audit import chain, conf  # noqa: E402
from audit.checkpoints import checkpoint_create  # noqa: E402
from bench import script_database  # noqa: E402
from bench.harness_cpu import server_cpu_seconds  # noqa: E402

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


def bench_verify(total: int, build: bool) -> None:
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

    server = server_cpu_seconds() or 0.0
    began, cpu = time.perf_counter(), time.process_time()
    report = verify_log()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    server = (server_cpu_seconds() or 0.0) - server
    print(f"audit verify: {report.events:,} events in {elapsed:.1f} s wall, CPU {cpu:.1f} s Python + {server:.1f} s "
          f"PostgreSQL, {report.events / elapsed:,.0f} events/s, ok={report.ok}, {report.rechecked} checked again "
          f"from their values (target < 60 s at 1M; load average {os.getloadavg()[0]:.1f})")
    from audit.selectors import events_page

    timings = []
    for customer in rng.sample(customers, min(50, len(customers))):
        began = time.perf_counter()
        events_page(user=_Reviewer(), filters={"customer": customer}, size=50)
        timings.append((time.perf_counter() - began) * 1000)
    print(f"filter by customer over {report.events:,} events: median {statistics.median(timings):.2f} ms, "
          f"p95 {statistics.quantiles(timings, n=20)[-1]:.2f} ms (target < 200 ms at 10M: see --only filter)")


class _Reviewer:
    is_authenticated, role = True, "compliance"


CUSTOMER_OF = "md5('customer-' || {k})::uuid::text"
OLD_WINDOW_END = "2026-01-15T00:00:00+00:00"  # the first 2 weeks of the generated log (it spans ~11 months)


def _load_placeholders(total: int, customers: int) -> None:
    """`total` events straight from generate_series, secondary indexes dropped and rebuilt after.

    Customers are skewed (k = customers * random()^3: the busiest has about total / 58 events,
    most have a few), and one was busy only at the start (every 4th of the first 2% of events).
    Hashes are placeholders (md5 of the id twice): this data set is for filtering only and does
    not verify; `--only verify` measures the chain on real events.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AUDIT_TABLES}")
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_accessevent'"
                       " AND indexname NOT IN (SELECT conname FROM pg_constraint)")
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(0.7)")
        skewed, dormant = CUSTOMER_OF.format(k="floor(%s * power(random(), 3))::int"), CUSTOMER_OF.format(k="-1")
        customer = f"CASE WHEN i %% 4 = 0 AND i <= %s THEN {dormant} ELSE {skewed} END"
        cursor.execute(
            f"""INSERT INTO audit_accessevent ({', '.join(COLUMNS)})
            SELECT i, timestamptz '2026-01-01 00:00:00+00' + i * interval '3 seconds',
                   md5('actor-' || (i %% 200))::uuid, 'agent', '["t1"]', 'customer.view', 'helpdesk.Customer',
                   c, c, '["name", "email"]', 'web', '10.0.0.1', '', '', 'bench', md5(i::text), 'allowed', NULL, '',
                   '{{}}', md5(i::text) || md5(i::text)
            FROM (SELECT i, {customer} AS c FROM generate_series(1, %s) AS i) AS g""",  # noqa: S608
            [total // 50, customers, total],
        )
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("INSERT INTO audit_chainhead (id, seq, hash) SELECT 1, %s, md5(%s::text) || md5(%s::text)",
                       [total, total, total])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_accessevent")


def bench_filter(total: int, build: bool, samples: int = 30) -> None:
    """The compliance page and the API filtered by customer, first page and the next, at `total` events."""
    from django.test import Client

    from accounts.models import ApiToken
    from accounts.services import api_token_create, user_create

    customers = max(total // 50, 10)
    if build:
        began = time.perf_counter()
        _load_placeholders(total, customers)
        print(f"built {total:,} events for filtering ({customers:,} customers, skewed; PLACEHOLDER hashes, "
              f"this data set does not verify) in {time.perf_counter() - began:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_accessevent")
        count = cursor.fetchone()[0]
        cursor.execute("SELECT customer_id FROM audit_accessevent WHERE id = ANY(%s)",
                       [random.Random(3).sample(range(1, count + 1), samples)])
        busy = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT {CUSTOMER_OF.format(k='0')}")  # noqa: S608
        busiest = cursor.fetchone()[0]
        cursor.execute(f"SELECT {CUSTOMER_OF.format(k='-1')}")  # noqa: S608
        dormant = cursor.fetchone()[0]
        cursor.execute("SELECT customer_id, count(*) FROM audit_accessevent WHERE customer_id IN (%s, %s)"
                       " GROUP BY customer_id", [busiest, dormant])
        sizes = dict(cursor.fetchall())
    rare = _rare_customers(customers, samples)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    reviewer = user_create(email=f"{uuid.uuid4().hex[:8]}@bench.test", full_name="Reviewer", role="compliance",
                           password=uuid.uuid4().hex)
    session = Client()
    session.force_login(reviewer)
    _second_factor(session, reviewer)
    _, token = api_token_create(name="bench siem", role="compliance", scopes=[ApiToken.Scope.ACCESS_LOG_READ],
                                actor=None)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    load = os.getloadavg()[0]
    print(f"filter by customer over {count:,} events (load average {load:.1f}; target: median < 200 ms at 10M):")
    for label, group in (("customers of random events (by activity)", busy), ("customers with few events", rare),
                         (f"the busiest customer ({sizes.get(busiest, 0):,} events), repeated", [busiest] * samples),
                         (f"a customer busy only at the start ({sizes.get(dormant, 0):,} events), repeated",
                          [dormant] * samples)):
        figures = {name: [] for name in ("selector", "page", "page 2", "API", "API 2", "customer page", "API, old")}
        for customer in group:
            _time_customer(figures, session, api, customer)
        print(f"  {label}: " + ", ".join(
            f"{name} {statistics.median(t):.1f} ms (p95 {statistics.quantiles(t, n=20)[-1]:.1f})"
            for name, t in figures.items()))
    _explain(busiest, "busiest customer")
    _explain(dormant, "customer busy only at the start")


def _rare_customers(customers: int, samples: int) -> list[str]:
    rng = random.Random(5)
    keys = [rng.randint(customers // 2, customers - 1) for _ in range(samples)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {CUSTOMER_OF.format(k='k')} FROM unnest(%s::int[]) AS k", [keys])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _time_customer(figures: dict, session, api, customer: str) -> None:
    from audit.selectors import events_page

    def timed(name, call):
        began = time.perf_counter()
        result = call()
        figures[name].append((time.perf_counter() - began) * 1000)
        return result

    _, cursor = timed("selector", lambda: events_page(user=_Reviewer(), filters={"customer": customer}, size=50))
    page = timed("page", lambda: session.get("/compliance/", {"customer": customer}))
    if page.status_code != 200:
        sys.exit(f"the compliance page answered {page.status_code}")
    timed("page 2", lambda: session.get("/compliance/", {"customer": customer, "before": cursor or 1}))
    first = timed("API", lambda: api.get("/api/v1/access-events/", {"customer": customer, "page_size": 50}))
    if first.status_code != 200:
        sys.exit(f"the access-events API answered {first.status_code}")
    after = first.json().get("next") or "/api/v1/access-events/?customer=none"
    timed("API 2", lambda: api.get(after))
    viewers = timed("customer page", lambda: session.get(f"/compliance/customers/{customer}/"))
    if viewers.status_code != 200:
        sys.exit(f"the customer's compliance page answered {viewers.status_code}")
    timed("API, old", lambda: api.get("/api/v1/access-events/", {"customer": customer, "until": OLD_WINDOW_END}))


def _explain(customer: str, label: str) -> None:
    """The plans behind one customer's figures: the page's ids, the API's page 2, an old time
    window, and "who looked at this customer"."""
    from django.db.models import Count, Max

    from audit.models import AccessEvent
    from audit.selectors import events_filtered

    ids = events_filtered(user=_Reviewer(), filters={"customer": customer}).values_list("id", flat=True)
    old = events_filtered(user=_Reviewer(), filters={"customer": customer, "until": datetime.fromisoformat(
        OLD_WINDOW_END)}).values_list("id", flat=True)
    viewers = (AccessEvent.objects.filter(customer_id=customer).values("actor_id", "actor_role")
               .annotate(events=Count("id"), last=Max("occurred_at")).order_by("-last")[:200])
    queries = (("page ids", ids[:51]), ("API page 2 ids", ids.filter(id__lt=ids[49])[:51]),
               ("old window ids", old[:51]), ("who looked", viewers))
    for name, query in queries:
        plan = query.explain(analyze=True).splitlines()
        nodes = [line.strip().split("  (cost")[0].lstrip("-> ") for line in plan if "Scan" in line]
        took = next(line.split(":")[1].strip() for line in plan if "Execution Time" in line)
        print(f"  plan, {name} ({label}): {' / '.join(nodes)}: {took}")


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
    parser.add_argument("--filter-events", type=int, default=10_000_000,
                        help="events for --only filter (placeholder hashes, a data set of its own)")
    parser.add_argument("--filter-samples", type=int, default=30,
                        help="customers timed per group with --only filter")
    parser.add_argument("--only", choices=["verify", "filter", "overhead", "detectors"], default=None)
    parser.add_argument("--pairs", type=int, default=40, help="interleaved request pairs per overhead ratio")
    parser.add_argument("--detector-agents", type=int, default=30,
                        help=f"agents in the detector scenario, one misbehaving per rule (>= {len(MISBEHAVIOURS)})")
    parser.add_argument("--detector-days", type=int, default=21, help="days of activity in the detector scenario")
    args = parser.parse_args()
    script_database.require_own_database("audit", "empties of access events")
    script_database.create_if_missing()
    call_command("migrate", verbosity=0)
    if args.only in (None, "verify"):
        bench_verify(args.events, build=not args.skip_build)
    if args.only == "filter":
        bench_filter(args.filter_events, build=not args.skip_build, samples=args.filter_samples)
    if args.only in (None, "overhead"):
        bench_recording_overhead(args.pairs)
    if args.only in (None, "detectors"):
        _reset()
        bench_detectors(args.detector_agents, args.detector_days)


if __name__ == "__main__":
    main()
