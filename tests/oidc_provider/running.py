"""Start and stop the test identity provider, and point Sealdesk's settings at it."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Provider:
    url: str

    def settings(self) -> dict:
        """Sealdesk settings for this provider (apply with pytest-django's `settings`)."""
        return {
            "SEALDESK_OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/o/.well-known/jwks.json",
        }


def _rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@contextmanager
def running_provider(*, tmp_path: Path, redirect_uris: list[str], users: dict):
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp_path / "idp.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": _rsa_pem(),
        "OIDC_PROVIDER_USERS": json.dumps(users),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.oidc_provider.serve", *redirect_uris],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"test identity provider did not start: {line!r}")
        yield Provider(url=f"http://127.0.0.1:{line.split()[1]}")
    finally:
        process.terminate()
        process.wait(timeout=10)
