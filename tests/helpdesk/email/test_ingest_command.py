"""`manage.py ingest_email` as an MTA runs it: message on stdin, verdict in the exit code."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import database_url

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def _run(raw: bytes, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url()}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "ingest_email", *args], input=raw, capture_output=True, cwd=ROOT, env=env,
        timeout=120, check=False,
    )


@pytest.fixture
def keys(settings, tmp_path, monkeypatch):
    """The subprocess needs the same throwaway keys as this test process."""
    import base64

    monkeypatch.setenv("SEALDESK_LOCAL_KEK", base64.b64encode(settings.SEALDESK_LOCAL_KEK[0]).decode())
    monkeypatch.setenv("SEALDESK_INDEX_KEY", base64.b64encode(settings.SEALDESK_INDEX_KEY).decode())
    monkeypatch.setenv("SEALDESK_KMS_BACKEND", "local")


def test_it_stores_a_piped_message_and_exits_0(build_message, keys):
    from helpdesk.models import Ticket

    result = _run(build_message(subject="Piped", body="From the MTA"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("stored #")
    assert Ticket.objects.count() == 1


def test_it_exits_65_with_one_line_when_it_refuses(build_message, keys):
    result = _run(build_message(attachments=[("big.bin", b"\0" * (26 * 1024 * 1024), "application/octet-stream")]))

    assert result.returncode == 65
    assert result.stderr.decode().strip().splitlines() == ["Message refused: it is larger than 25 MB."]


def test_it_exits_0_for_a_duplicate(build_message, keys):
    raw = build_message()

    _run(raw)
    result = _run(raw)

    assert (result.returncode, result.stdout.decode().strip()) == (0, "duplicate")


def test_it_exits_75_for_an_unknown_mailbox(build_message, keys):
    assert _run(build_message(), "--mailbox", "nope").returncode == 75
