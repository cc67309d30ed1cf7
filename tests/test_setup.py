"""The set-up a new user meets: README, .env.example, Makefile, Dockerfile, compose, and the dev broker."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ENV_READ = re.compile(r"\b_?env_[a-z]+\(\s*\"([A-Z][A-Z0-9_]*)\"")
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _read(name: str) -> str:
    return (ROOT / name).read_text()


def test_it_lists_every_setting_in_env_example():
    read = set()
    for module in ("config/settings.py", "config/settings_crypto.py"):
        read |= set(ENV_READ.findall(_read(module)))
    assert read, "the pattern no longer finds the settings' environment reads"
    assert read - set(LISTED.findall(_read(".env.example"))) == set()


def test_it_puts_the_two_commands_first_in_the_readme():
    readme = _read("README.md")
    first_section = readme.split("\n## ")[1]
    assert "make run" in first_section and "make test" in first_section
    assert readme.index("make run") < readme.index("## Configuration")


def test_it_links_only_to_files_that_exist():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for document in documents:
        for target in MARKDOWN_LINK.findall(document.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (document.parent / target).exists(), f"{document.name} links to missing {target}"


def test_it_runs_web_worker_and_beat_from_one_image_and_environment():
    services = yaml.safe_load(_read("docker-compose.yml"))["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    apps = [services[name] for name in ("web", "worker", "beat")]
    assert all(app["env_file"] == ".env" and app["image"] == apps[0]["image"] for app in apps)
    assert "gunicorn config.wsgi:application" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_it_keeps_compose_variables_in_env_example():
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", _read("docker-compose.yml")))
    assert used - set(LISTED.findall(_read(".env.example"))) == set()


def test_it_builds_the_image_from_python_311_slim_with_pip():
    dockerfile = _read("Dockerfile")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "pip install ." in dockerfile


def test_it_serves_make_run_on_port_8000():
    makefile = _read("Makefile")
    assert re.search(r"^PORT \?= 8000$", makefile, re.MULTILINE)
    assert "runserver 127.0.0.1:$(PORT)" in makefile


def _dev_env(var_dir: Path) -> dict[str, str]:
    """What `make run` gets with no DATABASE_URL or REDIS_URL: SQLite and the file-system broker."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", SEALDESK_VAR_DIR=str(var_dir))
    return env


def _wait_for(path: Path, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.integration
def test_it_runs_a_task_through_the_file_system_broker(tmp_path):
    env = _dev_env(tmp_path)
    for folder in ("queue", "processed"):
        (tmp_path / "celery" / folder).mkdir(parents=True)
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel=INFO",
               "--concurrency=1", "--schedule", str(tmp_path / "beat-schedule")]
    with log.open("w") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        assert _wait_for(log, "ready.", 60), log.read_text()
        send = "import django; django.setup(); from config.celery import app; app.send_task('celery.accumulate', (4,))"
        subprocess.run([sys.executable, "-c", send], cwd=ROOT, env=env, check=True, timeout=60)  # noqa: S603
        assert _wait_for(log, "celery.accumulate", 30) and _wait_for(log, "succeeded", 30), log.read_text()
        assert "beat: Starting" in log.read_text()
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
