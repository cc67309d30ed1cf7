"""`manage.py pii scan`: the JSON-lines contract the product owner measures detectors with."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]


def scan(monkeypatch, data: bytes, *args) -> tuple[list[dict], str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out, err = io.StringIO(), io.StringIO()
    call_command("pii", "scan", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_writes_one_line_per_input_line_in_order(monkeypatch):
    data = b'{"id": 1, "text": "Call +49 30 12345678"}\n{"id": "b", "text": "nothing here"}\n'
    lines, err = scan(monkeypatch, data)
    assert lines == [
        {"id": 1, "spans": [{"type": "phone", "start": 5, "end": 20}]},
        {"id": "b", "spans": []},
    ]
    assert "2 line(s), 1 span(s), 0 malformed" in err


def test_offsets_are_python_string_indices(monkeypatch):
    text = "🙂 Grüße, Karte 4111 1111 1111 1111"
    lines, _ = scan(monkeypatch, json.dumps({"id": 7, "text": text}).encode() + b"\n")
    span = lines[0]["spans"][0]
    assert text[span["start"] : span["end"]] == "4111 1111 1111 1111"


def test_types_restrict_the_output(monkeypatch):
    data = b'{"id": 1, "text": "Call +49 30 12345678, card 4111111111111111"}\n'
    lines, _ = scan(monkeypatch, data, "--types", "payment_card")
    assert [s["type"] for s in lines[0]["spans"]] == ["payment_card"]


def test_an_unknown_type_is_refused_before_reading(monkeypatch):
    with pytest.raises(CommandError, match="unknown type"):
        scan(monkeypatch, b"", "--types", "shoe_size")


def test_malformed_lines_are_reported_by_number_and_the_scan_carries_on(monkeypatch):
    data = (
        b'{"id": 1, "text": "a"}\nnot json\n\xff\xfe\n[1, 2]\n{"text": "no id"}\n'
        b'{"id": 6, "text": 5}\n{"id": 7, "text": "b"}\n'
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="5 malformed"):
        call_command("pii", "scan", stdout=out, stderr=err)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [1, 7]
    for lineno in (2, 3, 4, 5, 6):
        assert f"line {lineno}:" in err.getvalue()


def test_it_copes_with_nul_bytes_rtl_emoji_and_very_long_lines(monkeypatch):
    texts = ["\x00\x00 4111 1111 1111 1111 \x00", "שלום 🙂 مرحبا jane@example.com", "x" * 500_000 + " PIN 4711"]
    data = b"".join(json.dumps({"id": i, "text": t}).encode() + b"\n" for i, t in enumerate(texts))
    lines, _ = scan(monkeypatch, data)
    assert [[s["type"] for s in line["spans"]] for line in lines] == [["payment_card"], ["email"], ["credential"]]


def test_the_exit_status_is_non_zero_after_malformed_input():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "pii", "scan"],
        input=b'{"id": 1, "text": "ok"}\n{oops\n',
        capture_output=True,
        cwd=ROOT,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout.decode().splitlines() == ['{"id": 1, "spans": []}']
    assert b"line 2:" in result.stderr
