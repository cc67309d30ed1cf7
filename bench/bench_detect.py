"""Precision, recall and F1 per type for privacy.detect, and its throughput on one core.

    .venv/bin/python bench/bench_detect.py [--n 5000] [--seed 7] [--mix 2000] [--heldout PATH] [--errors TYPE]

Scores two sets: the generated one (bench/data/pii_corpus.py) and the hand-written held-out set
(tests/privacy/detect/fixtures/heldout.txt), reported separately. A prediction counts as a hit when it
overlaps a gold span of the same type (each gold span matched once); "exact" also requires the same
boundaries, which is what redaction needs.

Throughput is the UTF-8 size of the texts over the CPU time of this one process running detect() on
them, best of three rounds with the per-candidate caches cleared before each, on two sets: the dense
generated one (short messages, two or three numbers each) and support e-mails as they arrive
(bench/data/support_mix.py: prose, signatures, quoted replies, some personal data).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data import support_mix  # noqa: E402
from bench.data.pii_corpus import TYPES, generate  # noqa: E402
from privacy.detect import detect  # noqa: E402

HELDOUT = ROOT / "tests/privacy/detect/fixtures/heldout.txt"
_MARK = re.compile(r"\[\[(?P<type>[a-z_]+):(?P<value>.*?)\]\]", re.S)


def parse_marked(marked: str) -> tuple[str, list[dict]]:
    """ "Call [[phone:030 1234567]]" -> ("Call 030 1234567", [{"start": 5, "end": 16, "type": "phone"}])."""
    text, spans, pos = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        chunk = marked[pos : match.start()]
        text.append(chunk)
        length += len(chunk)
        value = match.group("value")
        spans.append({"start": length, "end": length + len(value), "type": match.group("type")})
        text.append(value)
        length += len(value)
        pos = match.end()
    text.append(marked[pos:])
    return "".join(text), spans


def load_heldout(path: Path = HELDOUT) -> list[dict]:
    """Messages separated by lines of "---"; values marked as [[type:value]]."""
    blocks = [b.strip("\n") for b in path.read_text(encoding="utf-8").split("\n---\n")]
    out = []
    for i, block in enumerate(b for b in blocks if b.strip() and not b.lstrip().startswith("#")):
        text, spans = parse_marked(block)
        out.append({"id": f"heldout-{i:03d}", "text": text, "spans": spans})
    return out


def score(messages: list[dict], predictions: list[list]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for message, predicted in zip(messages, predictions, strict=True):
        gold = message["spans"]
        used = set()
        for span in predicted:
            c = counts.setdefault(span.type, Counter())
            hit = next(
                (
                    k
                    for k, g in enumerate(gold)
                    if k not in used and g["type"] == span.type and g["start"] < span.end and span.start < g["end"]
                ),
                None,
            )
            if hit is None:
                c["fp"] += 1
                continue
            used.add(hit)
            c["tp"] += 1
            if (gold[hit]["start"], gold[hit]["end"]) == (span.start, span.end):
                c["exact"] += 1
        for k, g in enumerate(gold):
            if k not in used:
                counts.setdefault(g["type"], Counter())["fn"] += 1
            counts.setdefault(g["type"], Counter())["gold"] += 1
    return counts


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def report(title: str, counts: dict[str, Counter]) -> None:
    print(f"\n{title}")
    print(f"{'type':14} {'gold':>6} {'P':>6} {'R':>6} {'F1':>6} {'exact':>6}   tp   fp   fn")
    total = Counter()
    for type_ in [*TYPES, *sorted(set(counts) - set(TYPES))]:
        c = counts.get(type_, Counter())
        total.update(c)
        p, r = _ratio(c["tp"], c["tp"] + c["fp"]), _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{type_:14} {c['gold']:>6} {p:6.3f} {r:6.3f} {f1:6.3f} {_ratio(c['exact'], c['tp']):6.3f} "
            f"{c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
    p, r = _ratio(total["tp"], total["tp"] + total["fp"]), _ratio(total["tp"], total["tp"] + total["fn"])
    print(f"{'all':14} {total['gold']:>6} {p:6.3f} {r:6.3f} {2 * p * r / (p + r) if p + r else 0:6.3f}")


def _clear_caches() -> None:
    """Per-candidate caches would make every round after the first look faster than a fresh text is."""
    from privacy.detect import iban, phones

    for cached in (phones._check, iban._valid_compact, iban._bban_format):
        cached.cache_clear()


def throughput(messages: list[dict], rounds: int = 3) -> tuple[float, list[list]]:
    """MB/s from this process's CPU time (one core, fair on a shared machine), best of `rounds` cold-cache runs."""
    texts = [m["text"] for m in messages]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best, predictions = float("inf"), []
    for _ in range(rounds):
        _clear_caches()
        started = time.process_time()
        predictions = [detect(t) for t in texts]
        best = min(best, time.process_time() - started)
    return size / 1e6 / best, predictions


def show_errors(messages: list[dict], predictions: list[list], type_: str, limit: int = 25) -> None:
    shown = 0
    for message, predicted in zip(messages, predictions, strict=True):
        text = message["text"]
        gold = {(g["start"], g["end"]) for g in message["spans"] if g["type"] == type_}
        pred = {(s.start, s.end) for s in predicted if s.type == type_}
        missed = [g for g in gold if not any(p[0] < g[1] and g[0] < p[1] for p in pred)]
        wrong = [p for p in pred if not any(p[0] < g[1] and g[0] < p[1] for g in gold)]
        for label, items in (("MISS", missed), ("FP", wrong)):
            for a, b in items:
                print(f"{label:4} {message['id']}: {text[max(0, a - 40) : a]!r} [[{text[a:b]!r}]] {text[b : b + 20]!r}")
                shown += 1
        if shown >= limit:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", type=int, default=2000, help="support e-mails in the throughput set")
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--errors", metavar="TYPE", help="print misses and false positives of one type")
    args = parser.parse_args()

    messages = generate(args.n, args.seed)
    size = sum(len(m["text"].encode("utf-8")) for m in messages)
    mb_s, predictions = throughput(messages)
    report(
        f"Generated set: {len(messages)} messages, {size / 1e6:.2f} MB (seed {args.seed})", score(messages, predictions)
    )
    mix = support_mix.generate(args.mix, args.seed)
    mix_size = sum(len(m["text"].encode("utf-8")) for m in mix)
    mix_mb_s, _ = throughput(mix)
    print("\nThroughput on one core (default detector set, CPU time of this process, caches cleared per round):")
    print(f"  dense generated set, {size / len(messages):.0f} bytes a message: {mb_s:.2f} MB/s")
    print(f"  support e-mails, {mix_size / len(mix):.0f} bytes each ({mix_size / 1e6:.2f} MB): {mix_mb_s:.2f} MB/s")
    print("  load average " + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    if args.errors:
        show_errors(messages, predictions, args.errors)
    if args.heldout.exists():
        heldout = load_heldout(args.heldout)
        held_predictions = [detect(m["text"]) for m in heldout]
        report(f"Held-out set (hand-written): {len(heldout)} messages", score(heldout, held_predictions))
        if args.errors:
            show_errors(heldout, held_predictions, args.errors)


if __name__ == "__main__":
    main()
