"""What automatic redaction adds to storing a 10 KB comment (target: at most 20 ms).

    .venv/bin/python bench/bench_redaction.py [--runs 50] [--kb 10]

Times the work `redaction_on_arrival` does before the row is saved, on a plain-text body and its
HTML twin (detect, apply the policy, scrub the HTML): the default policy is used so no database is
needed. An audit row is written as well when something is found (one INSERT, ~1 ms, not timed here).
Reports CPU time (one core) and wall time, median and 95th percentile.
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from privacy.detect import detect  # noqa: E402
from privacy.redaction.policy import DEFAULTS  # noqa: E402
from privacy.redaction.text import Cut, apply_cuts, scrub  # noqa: E402

MESSAGE = (
    "Hallo Frau Weber,\n\nthank you for your patience. I paid with my card 4111 1111 1111 1111 on 12.03.2024, "
    "order 2706338966, and my phone is +49 30 901820. The password: Hunter2!x did not work either. "
)


def comment(kb: int) -> tuple[str, str]:
    from faker import Faker

    fake = Faker(["en_US", "de_DE"])
    fake.seed_instance(3)
    body = MESSAGE
    while len(body.encode()) < kb * 1000:
        body += "\n> " + fake.paragraph(nb_sentences=5)
    body = body[: kb * 1000] + "\n\nViele Grüße\nJonas Weber"
    markup = "".join(f"<p>{html.escape(line)}</p>" for line in body.split("\n"))
    return body, markup


def arrival_work(body: str, markup: str) -> None:
    removed = []
    for text in (body, markup):
        cuts = [Cut(s.start, s.end, s.type) for s in detect(text) if DEFAULTS.get(s.type) == "redact"]
        text, values = apply_cuts(text, cuts, keep_card_digits=True)
        removed += values
        scrub(text, removed)


def measure(runs: int, kb: int) -> None:
    body, markup = comment(kb)
    arrival_work(body, markup)
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        arrival_work(body, markup)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    for name, samples in (("CPU", cpu), ("wall", wall)):
        p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
        print(f"{name:4}: median {statistics.median(samples):6.2f} ms, p95 {p95:6.2f} ms")
    verdict = "meets" if statistics.median(cpu) <= 20 else "misses"
    print(f"{kb} KB body + its HTML ({len(markup.encode()) / 1000:.1f} KB), {runs} runs: {verdict} the 20 ms target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--kb", type=int, default=10)
    args = parser.parse_args()
    measure(args.runs, args.kb)


if __name__ == "__main__":
    main()
