"""Median and 95th percentile of a list of timings (seconds in, milliseconds out)."""

import math
import statistics


def summary(samples: list[float]) -> dict:
    if not samples:
        return {"n": 0, "median_ms": None, "p95_ms": None}
    ordered = sorted(samples)
    rank = max(0, math.ceil(0.95 * len(ordered)) - 1)  # nearest-rank p95
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[rank] * 1000, 2),
    }


def ratio(on: list[float], off: list[float]) -> float | None:
    """Median with the feature over median without: 1.10 means the feature costs 10%."""
    if not on or not off:
        return None
    return round(statistics.median(on) / statistics.median(off), 3)
