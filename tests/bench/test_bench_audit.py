import re

from tests.bench.conftest import figure, run_script, script_refusal


def test_it_verifies_measures_recording_and_scores_the_detectors(bench_database, script_env):
    bench_database("audit")
    out = run_script("bench_audit.py", "--events", "1000", "--pairs", "2", "--detector-agents", "8",
                     "--detector-days", "7", env=script_env)
    assert "built 1,000 chained events" in out
    assert "audit verify: 1,000 events" in out and "ok=True" in out
    assert figure(r"filter by customer over 1,000 events: median ([\d.]+) ms", out) > 0
    for page in ("ticket page", "API ticket detail"):
        assert figure(rf"{page}: [\d.]+ ms with recording, [\d.]+ ms without: ratio ([\d.]+)", out) > 0
    assert "(8 agents, 7 days)" in out
    scores = re.findall(r"^  (\w+) +precision ([\d.]+) recall ([\d.]+)", out, re.M)
    assert len(scores) == 8, out
    assert all(precision == recall == "1.00" for _, precision, recall in scores), out


def test_it_filters_the_log_through_the_page_and_the_api(bench_database, script_env):
    bench_database("audit")
    out = run_script("bench_audit.py", "--only", "filter", "--filter-events", "10000", "--filter-samples", "2",
                     env=script_env)
    assert "built 10,000 events for filtering" in out
    groups = re.findall(r"^  .*: selector ([\d.]+) ms .* page ([\d.]+) ms .* API ([\d.]+) ms", out, re.M)
    assert len(groups) == 4, out
    assert all(float(ms) > 0 for group in groups for ms in group)
    assert len(re.findall(r"^  plan, ", out, re.M)) == 8


def test_it_refuses_a_database_not_its_own(script_env):
    script_env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/sealdesk_not_a_bench"
    assert "Run against its own database" in script_refusal("bench_audit.py", env=script_env)


def test_it_makes_its_database_on_a_first_run(bench_database, script_env):
    name = bench_database("audit", create=False)
    out = run_script("bench_audit.py", "--only", "verify", "--events", "200", env=script_env)
    assert "audit verify: 200 events" in out and "ok=True" in out, out
    assert name in script_env["DATABASE_URL"]
