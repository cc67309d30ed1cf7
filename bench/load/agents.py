"""Load: N concurrent agents browse, search and reply against gunicorn on loopback for a while;
then every reply they were told was saved is looked up in the database and in the access log.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_load \\
        .venv/bin/python -m bench.load.agents --agents 50 --seconds 300

Prints one JSON object: requests, errors, lost writes, latency percentiles per action, the most
requests in flight at once, wall and CPU seconds (this client, gunicorn, the PostgreSQL backends
that served it) and the load average at the start. A thread scenario rather than locust: no extra
dependency, and each agent is one signed-in session. tests/hardening/test_load.py runs a short one.
"""

import argparse
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCH_WORDS = ["refund", "invoice", "delivery", "password", "order"]
# gunicorn kills a worker whose request runs longer; the client waits a little more, so a request
# that fails for time is the server's failure (a dropped connection), not the client's impatience.
SERVER_TIMEOUT = 60
CLIENT_TIMEOUT = SERVER_TIMEOUT + 10


def _setup_django() -> None:
    os.environ.setdefault("DEBUG", "1")  # loopback over plain HTTP: no TLS redirect, no secure cookies
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(agents: int, tickets: int) -> tuple[list[str], list[str]]:
    """A team of agents with verified sessions and tickets for them; returns (session keys, ticket codes)."""
    from accounts.roles import Role
    from accounts.services import team_create, user_create
    from helpdesk.services import customer_create, ticket_create

    suffix = f"{time.time_ns():x}"
    team = team_create(name=f"Load {suffix}")
    codes = []
    for n in range(tickets):  # before the agents join: no new-ticket notice for each of them
        customer = customer_create(name=f"Customer {n}", email=f"customer{n}.{suffix}@bench.test")
        words = SEARCH_WORDS[n % len(SEARCH_WORDS)]
        ticket = ticket_create(requester=customer, subject=f"Question about my {words} {n}", body="Hello",
                               channel="web", team=team)
        codes.append(str(ticket.pk))
    users = [
        user_create(email=f"load{n}.{suffix}@bench.test", full_name=f"Load Agent {n}", role=Role.AGENT,
                    password=None, teams=[team])
        for n in range(agents)
    ]
    return [_verified_session(user) for user in users], codes


def _verified_session(user) -> str:
    """A session as after password and second factor (see the `login` test fixture)."""
    import hashlib

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import UserSession
    from accounts.sessions import SESSION_ROW_KEY

    device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    row = UserSession.objects.create(key_hash=hashlib.sha256(session.session_key.encode()).hexdigest(), user=user)
    session[SESSION_ROW_KEY] = str(row.pk)
    session.save()
    return session.session_key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", "4", "--timeout", str(SERVER_TIMEOUT), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env={"ALLOWED_HOSTS": "127.0.0.1", **env})  # noqa: S603
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


class InFlight:
    """Counts requests sent and not yet answered, and keeps the highest count: proof of concurrency."""

    def __init__(self):
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1


class Agent(threading.Thread):
    """Queue, a ticket, a search, then a reply on that ticket (public and internal in turn), until time is up."""

    def __init__(self, base: str, session_key: str, codes: list[str], until: float, seed: int, in_flight: InFlight):
        super().__init__(daemon=True)
        self.base, self.codes, self.until, self.rng, self.in_flight = base, codes, until, random.Random(seed), in_flight
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        self.latencies, self.errors, self.replies = defaultdict(list), [], []

    def _timed(self, action: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            with self.in_flight:
                response = self.http.request(
                    method, self.base + url, timeout=CLIENT_TIMEOUT, allow_redirects=False, **kwargs
                )
        except requests.RequestException as error:
            self.errors.append((action, type(error).__name__))
            return None
        self.latencies[action].append(time.perf_counter() - started)
        if response.status_code >= 400 or "/accounts/" in response.headers.get("Location", ""):
            self.errors.append((action, response.status_code))
        return response

    def run(self) -> None:
        while time.monotonic() < self.until:
            self._timed("queue", "GET", "/tickets/team/")
            code = self.rng.choice(self.codes)
            page = self._timed("ticket", "GET", f"/tickets/{code}/")
            self._timed("search", "GET", f"/search/?q={self.rng.choice(SEARCH_WORDS)}")
            token = CSRF.search(page.text) if page is not None else None
            if token:
                self._reply(code, token.group(1))

    def _reply(self, code: str, token: str) -> None:
        body = f"load reply {self.name} {len(self.replies)} {self.rng.random()}"
        visibility = ("public", "internal")[len(self.replies) % 2]
        data = {"csrfmiddlewaretoken": token, "body": body, "visibility": visibility}
        headers = {"Referer": f"{self.base}/tickets/{code}/"}
        response = self._timed("reply", "POST", f"/tickets/{code}/reply/", data=data, headers=headers)
        if response is not None and response.status_code < 400:
            self.replies.append((code, body))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0


def lost_writes(replies: list[tuple[str, str]]) -> dict:
    """Replies the server acknowledged but the database or the access log does not have."""
    from audit.models import AccessEvent
    from helpdesk.models import Comment

    acknowledged = set(replies)
    stored = {}
    for comment in Comment.objects.filter(ticket_id__in={code for code, _ in replies}):
        if (str(comment.ticket_id), str(comment.body)) in acknowledged:
            stored[(str(comment.ticket_id), str(comment.body))] = str(comment.pk)
    logged = set(
        AccessEvent.objects.filter(action="comment.create", target_id__in=list(stored.values()))
        .values_list("target_id", flat=True)
    )
    return {"replies_acknowledged": len(replies), "missing_in_database": len(acknowledged - set(stored)),
            "missing_in_access_log": len(set(stored.values()) - {str(pk) for pk in logged})}


def _postgres_cpu_seconds() -> float:
    """CPU time of the PostgreSQL backends now connected to this database, except our own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # not on this machine, or already gone
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return round(ticks / os.sysconf("SC_CLK_TCK"), 1)


def _drive(port: int, sessions: list[str], codes: list[str], seconds: float) -> tuple[list[Agent], InFlight]:
    in_flight, until = InFlight(), time.monotonic() + seconds
    agents = [Agent(f"http://127.0.0.1:{port}", key, codes, until, n, in_flight) for n, key in enumerate(sessions)]
    for agent in agents:
        agent.start()
    for agent in agents:
        agent.join()
    return agents, in_flight


def run(*, agents: int, seconds: float, workers: int, tickets: int, server_env: dict | None = None) -> dict:
    """Seed, start gunicorn (with `server_env` over this process's environment), drive, stop, check."""
    load_average, seeding = [round(x, 2) for x in os.getloadavg()], time.monotonic()
    sessions, codes = seed(agents, tickets)
    port, booting = _free_port(), time.monotonic()
    server = _gunicorn(port, workers, {**os.environ, **(server_env or {})})
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu_started = time.monotonic(), time.process_time()
    try:
        threads, in_flight = _drive(port, sessions, codes, seconds)
        wall, client_cpu = time.monotonic() - started, time.process_time() - cpu_started
        postgres_cpu = _postgres_cpu_seconds()
    finally:
        server.terminate()
        server.wait(timeout=30)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = _figures(threads)
    report.update(
        agents=agents, seconds=seconds, workers=workers, load_average_at_start=load_average,
        requests_per_second=round(report["requests"] / wall, 1), max_in_flight=in_flight.most,
        seed_seconds=round(booting - seeding, 1),
        boot_seconds=round(started - booting, 1), wall_seconds=round(wall, 1), cpu_seconds={
            "client": round(client_cpu, 1),
            "gunicorn": round(children.ru_utime + children.ru_stime
                              - children_before.ru_utime - children_before.ru_stime, 1),
            "postgresql": postgres_cpu,
        },
        **lost_writes([reply for agent in threads for reply in agent.replies]),
    )
    return report


def _figures(agents: list[Agent]) -> dict:
    latencies = defaultdict(list)
    for agent in agents:
        for action, values in agent.latencies.items():
            latencies[action].extend(values)
    every = [value for values in latencies.values() for value in values]
    return {
        "requests": len(every), "errors": sum(len(agent.errors) for agent in agents),
        "error_kinds": sorted({str(error) for agent in agents for error in agent.errors})[:10],
        "p50_ms": _percentile(every, 0.50), "p95_ms": _percentile(every, 0.95), "p99_ms": _percentile(every, 0.99),
        "p95_ms_by_action": {action: _percentile(values, 0.95) for action, values in sorted(latencies.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tickets", type=int, default=200)
    options = parser.parse_args()
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    report = run(agents=options.agents, seconds=options.seconds, workers=options.workers, tickets=options.tickets)
    sys.stdout.write(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
