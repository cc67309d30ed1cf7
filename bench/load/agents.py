"""Load: N concurrent agents browse, search and reply against gunicorn on loopback for a while;
then every reply they were told was saved is looked up in the database and in the access log.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sealdesk_load \\
        .venv/bin/python -m bench.load.agents --agents 50 --seconds 300

Prints one JSON object: requests, errors, lost writes, latency percentiles per action. A thread
scenario rather than locust: no extra dependency, and each agent is one signed-in session.
"""

import argparse
import json
import os
import random
import re
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


def _setup_django() -> None:
    os.environ.setdefault("DEBUG", "1")  # loopback over plain HTTP: no TLS redirect, no secure cookies
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _seed(agents: int, tickets: int) -> tuple[list, list[str]]:
    """A team of agents with verified sessions and tickets for them; returns (session keys, ticket codes)."""
    from accounts.roles import Role
    from accounts.services import team_create, user_create
    from helpdesk.services import customer_create, ticket_create

    suffix = str(int(time.time()))
    team = team_create(name=f"Load {suffix}")
    users = [
        user_create(email=f"load{n}.{suffix}@bench.test", full_name=f"Load Agent {n}", role=Role.AGENT,
                    password=None, teams=[team])
        for n in range(agents)
    ]
    codes = []
    for n in range(tickets):
        customer = customer_create(name=f"Customer {n}", email=f"customer{n}.{suffix}@bench.test")
        words = SEARCH_WORDS[n % len(SEARCH_WORDS)]
        ticket = ticket_create(requester=customer, subject=f"Question about my {words} {n}", body="Hello",
                               channel="web", team=team)
        codes.append(str(ticket.pk))
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


def _gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", "4", "--timeout", "60", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})  # noqa: S603
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


class Agent(threading.Thread):
    def __init__(self, base: str, session_key: str, codes: list[str], until: float, seed: int):
        super().__init__(daemon=True)
        self.base, self.codes, self.until, self.rng = base, codes, until, random.Random(seed)
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        self.latencies, self.errors, self.replies = defaultdict(list), [], []

    def _timed(self, action: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + url, timeout=30, allow_redirects=False, **kwargs)
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
                body = f"load reply {self.name} {len(self.replies)} {self.rng.random()}"
                data = {"csrfmiddlewaretoken": token.group(1), "body": body, "visibility": "internal"}
                headers = {"Referer": f"{self.base}/tickets/{code}/"}
                response = self._timed("reply", "POST", f"/tickets/{code}/reply/", data=data, headers=headers)
                if response is not None and response.status_code < 400:
                    self.replies.append((code, body))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0


def _lost_writes(replies: list[tuple[str, str]]) -> dict:
    """Replies the server acknowledged but the database or the access log does not have."""
    from audit.models import AccessEvent
    from helpdesk.models import Comment

    stored = {}
    for comment in Comment.objects.filter(ticket_id__in={code for code, _ in replies}):
        stored[(str(comment.ticket_id), str(comment.body))] = str(comment.pk)
    missing = [reply for reply in replies if reply not in stored]
    logged = set(
        AccessEvent.objects.filter(action="comment.create", target_id__in=list(stored.values()))
        .values_list("target_id", flat=True)
    )
    unlogged = [pk for reply, pk in stored.items() if reply in set(replies) and pk not in {str(x) for x in logged}]
    return {"replies_acknowledged": len(replies), "missing_in_database": len(missing),
            "missing_in_access_log": len(unlogged)}


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
    sessions, codes = _seed(options.agents, options.tickets)
    port = _free_port()
    server = _gunicorn(port, options.workers)
    until = time.monotonic() + options.seconds
    agents = [Agent(f"http://127.0.0.1:{port}", key, codes, until, n) for n, key in enumerate(sessions)]
    try:
        for agent in agents:
            agent.start()
        for agent in agents:
            agent.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = defaultdict(list)
    for agent in agents:
        for action, values in agent.latencies.items():
            latencies[action].extend(values)
    every = [value for values in latencies.values() for value in values]
    report = {
        "agents": options.agents, "seconds": options.seconds, "workers": options.workers,
        "requests": len(every), "errors": sum(len(agent.errors) for agent in agents),
        "error_kinds": sorted({str(error) for agent in agents for error in agent.errors})[:10],
        "p50_ms": _percentile(every, 0.50), "p95_ms": _percentile(every, 0.95), "p99_ms": _percentile(every, 0.99),
        "p95_ms_by_action": {action: _percentile(values, 0.95) for action, values in sorted(latencies.items())},
        **_lost_writes([reply for agent in agents for reply in agent.replies]),
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
