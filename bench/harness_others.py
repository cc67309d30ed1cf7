"""The privacy features' own benchmarks (bench_crypto, bench_audit, bench_detect), run as the
scripts they are: each sets up Django with its own database, so each gets a process of its own,
with the caller's original environment but for DATABASE_URL, which names the script's own database
on the bench's server (the scripts drop or empty theirs). Their printed lines go into the report as
they are."""

import subprocess
import sys
import time

from bench import harness_env

PARTS = {
    # part: (script, arguments for --quick, arguments for the full run)
    "crypto": ("bench/bench_crypto.py", ["--customers", "20000", "--comments", "50000"], []),
    "audit": ("bench/bench_audit.py", ["--events", "100000"], []),
    "detect": ("bench/bench_detect.py", ["--n", "1000"], []),
}


def database_url(part: str, *, quick: bool) -> str:
    """The part's own database: quick and full sizes apart, so switching rebuilds neither."""
    return f"{harness_env.server_url()}/sealdesk_{'quick_' if quick else ''}{part}_bench"


def run(part: str, *, quick: bool, environ: dict, time_limit: float) -> dict:
    script, quick_args, full_args = PARTS[part]
    if not (harness_env.ROOT / script).exists():
        return {"part": part, "available": False, "why": f"{script} not found"}
    command = [sys.executable, script, *(quick_args if quick else full_args)]
    environ = {**environ, "DATABASE_URL": database_url(part, quick=quick)}
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
            command, cwd=harness_env.ROOT, env=environ, capture_output=True, text=True, timeout=time_limit,
        )
    except subprocess.TimeoutExpired:
        return {"part": part, "available": False, "why": f"stopped after {time_limit:.0f} s"}
    seconds = round(time.perf_counter() - started, 1)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"part": part, "available": False, "why": f"exit {done.returncode}: {last[:200]}", "lines": lines}
    return {"part": part, "available": True, "seconds": seconds, "command": " ".join(command[1:]), "lines": lines}
