"""The benchmark data set: customers, tickets and comments, encrypted exactly as the app does.

Rows go in through `bulk_create`, which runs every field's `pre_save`: values are sealed under
each customer's own data key and the blind and token indexes are computed, as by `save()`.
Secondary indexes are dropped during the load and rebuilt once at the end (one sort instead of
millions of index insertions). A plain twin of the same rows feeds the plain-Django baseline.
A marker table records size, version and timings so a later run reuses the data set.
"""

import contextlib
import dataclasses
import json
import multiprocessing
import os
import random
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from accounts.models import Team, User
from accounts.roles import Role
from bench import harness_keys, harness_memo, harness_twin
from bench.harness_copy import copy_rows, copy_values
from bench.harness_cpu import server_cpu_seconds
from bench.harness_text import TextPool, text_pool
from helpdesk.models import Comment, Customer, Tag, Ticket
from helpdesk.services.numbers import next_numbers

VERSION = 1
SEED = 20_240
MARKER_TABLE = "bench_dataset_marker"
LOADED_TABLES = (
    "helpdesk_customer", "helpdesk_ticket", "helpdesk_comment", "helpdesk_ticket_tags", "crypto_datakey",
    "bench_plain_customer", "bench_plain_ticket", "bench_plain_comment", "bench_plain_ticket_tags",
)
CHUNK_CUSTOMERS = 4000
WORKERS = max(1, int(os.environ.get("SEALDESK_BENCH_WORKERS", min(2, os.cpu_count() or 1))))
# Comments per ticket: mean 5, and one ticket in ten has exactly 10 (the ticket-page figure).
COMMENT_PATTERN = (1, 2, 3, 4, 5, 6, 7, 8, 10, 4)
STATUSES = (("new", 10), ("open", 30), ("pending", 10), ("solved", 25), ("closed", 25))
PRIORITIES = (("low", 20), ("normal", 55), ("high", 20), ("urgent", 5))
CHANNELS = (("email", 60), ("web", 30), ("api", 10))
TAG_NAMES = ("billing", "bug", "feature", "vip", "refund", "shipping", "login", "gdpr", "urgent-fix", "b2b")
BENCH_AGENT_EMAIL = "agent@bench.sealdesk.invalid"


@dataclass(frozen=True)
class Size:
    tickets: int
    comments: int
    customers: int
    agents: int = 50
    teams: int = 8

    @classmethod
    def for_tickets(cls, tickets: int) -> "Size":
        """The proportions of the full set: 5 comments per ticket, 2 customers per ticket."""
        return cls(tickets=tickets, comments=tickets * 5, customers=tickets * 2)


FULL = Size.for_tickets(100_000)
QUICK = Size.for_tickets(10_000)


@dataclass
class Timings:
    seconds: dict = field(default_factory=dict)

    @contextlib.contextmanager
    def measure(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


def stored(size: Size) -> dict | None:
    """The marker of a finished build of this size and version, or None."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT info FROM {MARKER_TABLE} WHERE version = %s", [VERSION])  # noqa: S608
        row = cursor.fetchone()
    info = row and row[0]
    if isinstance(info, str):
        info = json.loads(info)
    return info if info and info.get("size") == asdict(size) else None


def build(size: Size, *, seed: int = SEED) -> dict:
    """Load the data set into the current (empty, migrated) database; return the marker info."""
    timings = Timings()
    started = time.perf_counter()
    with timings.measure("text pool"):
        pool = text_pool(seed=seed)
    harness_twin.create_tables()
    dropped = _drop_indexes()
    with timings.measure("staff"):
        staff = _staff(size, seed)
    chunks = [
        (index, first, min(CHUNK_CUSTOMERS, size.customers - first))
        for index, first in enumerate(range(0, size.customers, CHUNK_CUSTOMERS))
    ]
    chunks = [(index, first, count, _share(size, first, count)) for index, first, count in chunks]
    with _given_timestamps(), harness_memo.memoized_tokens():
        counts = _load_chunks(_Shared(pool=pool, staff=staff, tags=_tags(), seed=seed), chunks, timings)
    with timings.measure("indexes"):
        _recreate_indexes(dropped)
    with timings.measure("vacuum analyze"), connection.cursor() as cursor:
        # The state autovacuum leaves a loaded table in: statistics, and a visibility map that lets
        # counts be answered from an index alone (index-only scans). VACUUM cannot run inside a
        # transaction, which a caller may hold (the tests): then statistics only.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    total = time.perf_counter() - started
    info = _info(size, seed, timings, total, counts)
    _write_marker(info)
    return info


def _share(size: Size, first: int, count: int) -> int:
    """Tickets of a customer chunk, so the chunks add up to exactly `size.tickets`."""
    before = first * size.tickets // size.customers
    return (first + count) * size.tickets // size.customers - before


def _info(size: Size, seed: int, timings: Timings, total: float, counts: dict) -> dict:
    twin = timings.seconds.get("plain twin", 0.0) / WORKERS  # workers' summed time: their share of the wall
    return {
        "version": VERSION,
        "seed": seed,
        "size": asdict(size),
        "rows": counts,
        "workers": WORKERS,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "seconds_total": round(total, 1),
        "seconds_encrypted_load": round(total - twin, 1),
        "seconds_by_step": {name: round(value, 1) for name, value in timings.seconds.items()},
    }


@dataclass
class _Shared:
    """What every chunk needs, made once before the workers fork."""

    pool: TextPool
    staff: "Staff"
    tags: list
    seed: int


_shared: _Shared | None = None


def _load_chunks(shared: _Shared, chunks: list[tuple], timings: Timings) -> dict:
    """Chunks in WORKERS forked processes (each with its own connection), or in this one."""
    global _shared
    _shared = shared
    if WORKERS == 1:
        done = [_load_chunk(chunk) for chunk in chunks]
    else:
        connections.close_all()  # children must not share the parent's socket
        with multiprocessing.get_context("fork").Pool(WORKERS) as workers:
            done = workers.map(_load_chunk, chunks, chunksize=1)
    counts = {"customers": 0, "tickets": 0, "comments": 0}
    for chunk_counts, seconds in done:
        for name, value in chunk_counts.items():
            counts[name] += value
        for name, value in seconds.items():
            timings.seconds[name] = timings.seconds.get(name, 0.0) + value
    return counts


def _load_chunk(chunk: tuple) -> tuple[dict, dict]:
    index, first, customers, tickets = chunk
    rng = random.Random(f"{_shared.seed}:{index}")
    pool = dataclasses.replace(_shared.pool, rng=random.Random(f"{_shared.seed}:{index}:text"))
    builder = _Builder(pool=pool, staff=_shared.staff, tags=_shared.tags, timings=Timings(), rng=rng, serial=first)
    cpu, server_cpu = time.process_time(), server_cpu_seconds()
    builder.chunk(customers=customers, tickets=tickets)
    builder.timings.seconds["loader cpu"] = time.process_time() - cpu
    if server_cpu is not None:
        builder.timings.seconds["database cpu"] = server_cpu_seconds() - server_cpu
    if WORKERS > 1:
        connections.close_all()
    return builder.counts, builder.timings.seconds


def _write_marker(info: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (version integer PRIMARY KEY, info jsonb)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s)", [VERSION, json.dumps(info)])  # noqa: S608


def _drop_indexes() -> list[str]:
    """Drop the loaded tables' secondary indexes and foreign keys; return the DDL that restores them.

    Primary keys and unique constraints stay, so the load is still checked row by row for those;
    foreign keys are checked once, in bulk, when they are added back.
    """
    indexes = """
        SELECT format('DROP INDEX %%I', i.indexname), i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    """
    foreign_keys = """
        SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),
               format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::regclass, c.conname,
                      pg_get_constraintdef(c.oid))
        FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
    """
    restore = []
    with connection.cursor() as cursor:
        for sql in (indexes, foreign_keys):
            cursor.execute(sql, [list(LOADED_TABLES)])
            for drop, create in cursor.fetchall():
                cursor.execute(drop)
                restore.append(create)
    return restore


def _recreate_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)


@contextlib.contextmanager
def _given_timestamps():
    """Keep the spread-out times the builder sets instead of `now` (auto_now would overwrite them)."""
    fields = [
        f for model in (Customer, Ticket, Comment) for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class Staff:
    teams: list
    members: dict  # team id -> [User] who answer tickets
    agent: User  # the agent the figures log in as


def _staff(size: Size, seed: int) -> Staff:
    """`size.teams` teams and `size.agents` agents: a senior and a light agent per team, the rest agents."""
    rng = random.Random(seed)
    teams = Team.objects.bulk_create([Team(name=f"Bench team {i + 1}") for i in range(size.teams)])
    password = make_password("bench-" + uuid.UUID(int=rng.getrandbits(128)).hex)
    users, links = [], []
    for i in range(size.agents):
        role = Role.SENIOR_AGENT if i < size.teams else Role.LIGHT_AGENT if i < 2 * size.teams else Role.AGENT
        email = BENCH_AGENT_EMAIL if i == 2 * size.teams else f"agent{i}@bench.sealdesk.invalid"
        user = User(email=email, full_name=f"Agent {i}", role=role, password=password)
        users.append(user)
        links.append(User.teams.through(user_id=user.pk, team_id=teams[i % size.teams].pk))
    User.objects.bulk_create(users)
    User.teams.through.objects.bulk_create(links)
    members = {team.pk: [] for team in teams}
    for i, user in enumerate(users):
        if user.role != Role.LIGHT_AGENT:
            members[teams[i % size.teams].pk].append(user)
    agent = next(u for u in users if u.email == BENCH_AGENT_EMAIL)
    return Staff(teams=teams, members=members, agent=agent)


def _tags() -> list[Tag]:
    Tag.objects.bulk_create([Tag(name=name) for name in TAG_NAMES], ignore_conflicts=True)
    return list(Tag.objects.filter(name__in=TAG_NAMES))


def _weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class _Builder:
    pool: TextPool
    staff: Staff
    tags: list
    timings: Timings
    rng: random.Random
    serial: int = 0
    counts: dict = field(default_factory=lambda: {"customers": 0, "tickets": 0, "comments": 0})

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def chunk(self, *, customers: int, tickets: int) -> None:
        # Reserved in a transaction of its own: the sequence row stays locked until commit, and
        # holding it for the whole chunk would make the loader processes take turns.
        numbers = next_numbers("ticket", tickets)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO off")
            with self.timings.measure("customers"):
                people = self.customers(customers)
            with self.timings.measure("tickets"):
                rows, links = self.tickets(people, numbers)
            with self.timings.measure("comments"):
                comments = self.comments(rows)
            with self.timings.measure("plain twin"):
                _write_twin(people, rows, links, comments)
        self.counts["customers"] += len(people)
        self.counts["tickets"] += len(rows)
        self.counts["comments"] += len(comments)

    def customers(self, count: int) -> list[Customer]:
        now = timezone.now()
        rows = []
        for _ in range(count):
            self.serial += 1
            first, last = self.pool.name()
            created = now - timedelta(days=self.rng.uniform(30, 730))
            rows.append(Customer(
                id=self.uuid(), name=f"{first} {last}", email=self.pool.email(first, last, self.serial),
                phone=f"+49 30 {self.serial:08d}", external_id=f"CRM-{self.serial:07d}",
                notes=self.pool.body() if self.rng.random() < 0.1 else "",
                created_at=created, updated_at=created, last_activity_at=created,
            ))
        harness_keys.deks_create([str(row.pk) for row in rows])
        copy_rows(Customer, rows)
        return rows

    def tickets(self, people: list[Customer], numbers: range) -> tuple[list[Ticket], list]:
        now = timezone.now()
        rows, links = [], []
        for number in numbers:
            team = self.rng.choice(self.staff.teams)
            repliers = self.staff.members[team.pk]
            requester = self.rng.choice(people)
            created = requester.created_at + timedelta(days=self.rng.uniform(0, 25))
            ticket = Ticket(
                code=self.uuid(), number=number, subject=self.pool.subject(), team=team, requester=requester,
                status=_weighted(self.rng, STATUSES), priority=_weighted(self.rng, PRIORITIES),
                channel=_weighted(self.rng, CHANNELS),
                assignee=self.rng.choice(repliers) if self.rng.random() < 0.7 else None,
                created_at=created, updated_at=min(now, created + timedelta(hours=self.rng.uniform(1, 240))),
            )
            rows.append(ticket)
            for tag in self.rng.sample(self.tags, self.rng.randint(0, 2)):
                links.append(Ticket.tags.through(ticket_id=ticket.pk, tag_id=tag.pk))
        copy_rows(Ticket, rows)
        copy_rows(Ticket.tags.through, links)
        return rows, links

    def comments(self, tickets: list[Ticket]) -> list[Comment]:
        pattern = list(COMMENT_PATTERN)
        rows = []
        for index, ticket in enumerate(tickets):
            if index % len(pattern) == 0:
                self.rng.shuffle(pattern)
            rows += self.conversation(ticket, pattern[index % len(pattern)])
        copy_rows(Comment, rows)
        return rows

    def conversation(self, ticket: Ticket, count: int) -> list[Comment]:
        agents = self.staff.members[ticket.team_id]
        step = (ticket.updated_at - ticket.created_at) / count
        rows = []
        for i in range(count):
            from_customer = i % 2 == 0
            body = self.pool.body()
            rows.append(Comment(
                id=self.uuid(), ticket=ticket, body=body,
                body_html=f"<p>{body}</p>" if from_customer else "",
                is_public=from_customer or self.rng.random() < 0.8,
                author_customer=ticket.requester if from_customer else None,
                author_agent=None if from_customer else ticket.assignee or self.rng.choice(agents),
                created_at=ticket.created_at + step * i,
            ))
        return rows


def _write_twin(people: list[Customer], tickets: list[Ticket], links: list, comments: list[Comment]) -> None:
    """The same rows in the plain tables, straight from the plaintext still in memory."""
    copy_values("bench_plain_customer", ["id", "name", "email", "phone", "external_id", "notes", "created_at"], [
        (c.pk, c.name, c.email, c.phone, c.external_id, c.notes, c.created_at) for c in people
    ])
    columns = ["code", "number", "subject", "status", "priority", "channel", "team_id", "assignee_id",
               "requester_id", "custom_fields", "created_at", "updated_at"]
    copy_values("bench_plain_ticket", columns, [
        (t.pk, t.number, t.subject, t.status, t.priority, t.channel, t.team_id, t.assignee_id, t.requester_id,
         Jsonb(t.custom_fields), t.created_at, t.updated_at)
        for t in tickets
    ])
    links = [(link.ticket_id, link.tag_id) for link in links]
    copy_values("bench_plain_ticket_tags", ["plainticket_id", "tag_id"], links)
    columns = [
        "id", "ticket_id", "is_public", "author_agent_id", "author_customer_id", "body", "body_html", "created_at"
    ]
    copy_values("bench_plain_comment", columns, [
        (c.pk, c.ticket_id, c.is_public, c.author_agent_id, c.author_customer_id, c.body, c.body_html, c.created_at)
        for c in comments
    ])
