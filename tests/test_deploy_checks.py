"""Production settings: `check --deploy` passes with what .env.example lists, and secrets are enforced."""

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ACTIVE_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(match.groups() for line in lines if (match := ACTIVE_LINE.match(line)))


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The example file with its blanks filled in, as an operator would; nothing from this process."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(_env_example())
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        SEALDESK_LOCAL_KEK=_key(),
        SEALDESK_INDEX_KEY=_key(),
        SEALDESK_AUDIT_CHAIN_KEY=_key(),
        SEALDESK_AUDIT_SIGNING_KEY=_key(),
        # The example's hosts (postgres, redis) do not resolve here; no check connects anyway.
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SEALDESK_VAR_DIR=str(tmp_path / "var"),
        SEALDESK_LOCAL_KEK_FILE=str(tmp_path / "no-kek-file"),
        SEALDESK_INDEX_KEY_FILE=str(tmp_path / "no-index-key-file"),
        ATTACHMENT_ROOT=str(tmp_path / "attachments"),
    )
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_passes_deploy_checks_with_the_example_production_settings(production_env):
    result = _run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = _run(production_env, "manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_to_serve_without_secret_key(production_env):
    production_env["SECRET_KEY"] = ""
    result = _run(production_env, "-c", "import config.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_flags_a_weak_secret_key(production_env):
    production_env["SECRET_KEY"] = "too-short"
    result = _run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_it_refuses_production_without_encryption_keys(production_env):
    del production_env["SEALDESK_LOCAL_KEK"]
    result = _run(production_env, "manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "crypto.E001" in result.stderr


def test_it_starts_without_secrets_only_in_debug(tmp_path):
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", SEALDESK_VAR_DIR=str(tmp_path))
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = _run(env, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
