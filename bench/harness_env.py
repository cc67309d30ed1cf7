"""Environment of a benchmark run, set before Django reads its settings.

The gunicorn server the harness starts inherits it, so both see the same database and keys.
"""

import base64
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
KEY_DIR = VAR_DIR / "keys"
DEFAULT_DB = "sealdesk_bench"
KEY_FILES = {
    "SEALDESK_LOCAL_KEK_FILE": "local-kek.b64",
    "SEALDESK_INDEX_KEY_FILE": "index-key.b64",
    "SEALDESK_AUDIT_CHAIN_KEY_FILE": "audit-chain-key.b64",
    "SEALDESK_AUDIT_SIGNING_KEY_FILE": "audit-signing-key.b64",
}


def database_name() -> str:
    """Quick and full data sets live in databases of their own, so switching rebuilds neither."""
    name = os.environ.get("SEALDESK_BENCH_DB", DEFAULT_DB)
    return f"{name}_quick" if os.environ.get("SEALDESK_BENCH_QUICK") == "1" else name


def server_url() -> str:
    return os.environ.get("SEALDESK_BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")


def keys_present() -> bool:
    return all((KEY_DIR / name).exists() for name in KEY_FILES.values())


def ensure_keys() -> None:
    """Fresh random keys on the first run; the data set is encrypted under them."""
    KEY_DIR.mkdir(parents=True, exist_ok=True)
    for name in KEY_FILES.values():
        path = KEY_DIR / name
        if not path.exists():
            path.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
            path.chmod(0o600)


def configure() -> None:
    """Production settings (DEBUG off) pointed at the bench database, key files and var dir."""
    ensure_keys()
    os.environ["DEBUG"] = "0"
    os.environ["REDIS_URL"] = ""  # the file-system broker: enqueueing costs what it costs, nothing runs
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["SEALDESK_VAR_DIR"] = str(VAR_DIR)
    os.environ["DATABASE_URL"] = f"{server_url()}/{database_name()}"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # The per-token throttle still runs; its limit must not turn the load generator's requests into 429s.
    os.environ.setdefault("SEALDESK_API_TOKEN_RATE", "1000000/minute")
    for variable, name in KEY_FILES.items():
        os.environ[variable] = str(KEY_DIR / name)
    for sub in ("celery/queue", "celery/processed", "attachments", "cache", "static"):
        (VAR_DIR / sub).mkdir(parents=True, exist_ok=True)
