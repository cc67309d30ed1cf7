from bench import harness_others


def _script_printing_its_database(tmp_path) -> str:
    script = tmp_path / "prints_database.py"
    script.write_text("import os\nprint(os.environ['DATABASE_URL'])\n")
    return str(script)


def test_each_script_gets_its_own_database_whatever_the_callers_database_url(tmp_path, monkeypatch):
    monkeypatch.setitem(harness_others.PARTS, "crypto", (_script_printing_its_database(tmp_path), [], []))
    environ = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sealdesk", "PATH": "/usr/bin:/bin"}

    full = harness_others.run("crypto", quick=False, environ=environ, time_limit=60)
    quick = harness_others.run("crypto", quick=True, environ=environ, time_limit=60)

    assert full["available"] and full["lines"][-1].endswith("/sealdesk_crypto_bench")
    assert quick["lines"][-1].endswith("/sealdesk_quick_crypto_bench")
    assert environ["DATABASE_URL"].endswith("/sealdesk")


def test_a_failing_script_is_reported_with_its_last_error_line(tmp_path, monkeypatch):
    script = tmp_path / "fails.py"
    script.write_text("import sys\nsys.exit('no database here')\n")
    monkeypatch.setitem(harness_others.PARTS, "audit", (str(script), [], []))

    result = harness_others.run("audit", quick=False, environ={"PATH": "/usr/bin:/bin"}, time_limit=60)

    assert result == {"part": "audit", "available": False, "why": "exit 1: no database here", "lines": []}
