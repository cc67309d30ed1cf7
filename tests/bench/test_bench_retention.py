import json

from tests.bench.conftest import run_script, script_refusal


def test_it_purges_traces_memory_and_exports(bench_database, script_env, tmp_path):
    bench_database("retention")
    output = tmp_path / "retention.json"
    out = run_script("bench_retention.py", "--tickets", "200", "--export-tickets", "20", "--memory-tickets", "50",
                     "100", "--output", str(output), env=script_env)
    results = json.loads(output.read_text())
    assert json.loads(out) == results
    purge = results["purge"]
    assert purge["tickets"] == 200 and purge["seconds"] > 0 and purge["tickets_per_second"] > 0
    assert results["pairs"][0]["purge"]["files"] == 40
    assert set(purge["peak_python_mib_by_tickets"]) == {"50", "100"}
    assert all(mib > 0 for mib in purge["peak_python_mib_by_tickets"].values())
    assert {key: results["export"][key] for key in ("tickets", "comments", "files")} == {
        "tickets": 20, "comments": 40, "files": 4,
    }
    assert results["rows_left"] == 0


def test_it_refuses_a_database_not_its_own(script_env):
    script_env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/sealdesk_not_a_bench_guard_test"
    assert "Run against its own database" in script_refusal("bench_retention.py", env=script_env)
