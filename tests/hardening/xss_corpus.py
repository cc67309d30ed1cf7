"""The stored-XSS payload corpus (tests/fixtures/xss/payloads.txt), numbered for the tripwire."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "xss" / "payloads.txt"
TRIPWIRE_PATH = "/__xss_tripwire/"


def payloads() -> list[str]:
    """Every payload with its placeholder replaced by its index, so a hit names its payload."""
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("# ")]
    return [line.replace("XSSID", str(index)) for index, line in enumerate(lines)]
