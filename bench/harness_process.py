"""Stopping a server process the harness or a test started."""

import subprocess


def terminate_then_kill(process: subprocess.Popen, *, grace_seconds: float) -> None:
    """Ask `process` to stop (SIGTERM), kill it (SIGKILL) if it is still running after `grace_seconds`,
    and reap it either way."""
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
