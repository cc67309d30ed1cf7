"""The hand-written held-out messages: a floor under detector quality on text it was not built from."""

import sys
from pathlib import Path

from privacy.detect import detect

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bench.bench_detect import load_heldout, score  # noqa: E402


def test_the_held_out_set_parses_into_labelled_messages():
    messages = load_heldout()
    assert len(messages) >= 30
    for message in messages:
        for span in message["spans"]:
            assert message["text"][span["start"] : span["end"]].strip() == message["text"][span["start"] : span["end"]]


def test_held_out_precision_and_recall_stay_above_the_floor():
    messages = load_heldout()
    counts = score(messages, [detect(m["text"]) for m in messages])
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95
