import signal
import subprocess
import sys
import time

from bench.harness_process import terminate_then_kill

IGNORE_SIGTERM = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def test_it_stops_a_process_that_heeds_sigterm_without_killing_it():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])

    terminate_then_kill(process, grace_seconds=10)

    assert process.returncode == -signal.SIGTERM


def test_it_kills_a_process_that_ignores_sigterm_after_the_grace_period():
    process = subprocess.Popen([sys.executable, "-c", IGNORE_SIGTERM], stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout.readline() == "ready\n"
    started = time.monotonic()

    terminate_then_kill(process, grace_seconds=0.5)

    assert process.returncode == -signal.SIGKILL
    assert time.monotonic() - started >= 0.5
    process.stdout.close()
