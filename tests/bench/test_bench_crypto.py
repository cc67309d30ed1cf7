from tests.bench.conftest import figure, run_script, script_refusal

SMALL = ["--customers", "200", "--comments", "500"]


def test_it_builds_its_data_and_measures_lookup_search_and_reencryption(bench_database, script_env):
    bench_database("crypto")
    out = run_script("bench_crypto.py", *SMALL, env=script_env)
    assert "Building 200 customers, 100 tickets, 500 comments" in out
    assert "exact email lookup, 200 customers" in out and "(300/300 found)" in out
    assert figure(r"two-word search, 500 comments .*: median [\d.]+ ms, .*\(median ([\d.]+) hits\)", out) > 0
    assert figure(r"(\d+) customers' data", out) == 20
    assert figure(r"customers' data: ([\d,]+) values", out) > 20
    assert figure(r"values/s wall, (\d+) batches", out) > 0
    assert figure(r"RSS: (\d+) MiB before", out) > 0
    again = run_script("bench_crypto.py", *SMALL, "--parts", "", env=script_env)
    assert "Reusing 200 customers and 500 comments" in again


def test_it_refuses_a_database_not_its_own(script_env):
    script_env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/sealdesk_not_a_bench_guard_test"
    refusal = script_refusal("bench_crypto.py", *SMALL, env=script_env)
    assert "Run against its own database (a name ending in crypto_bench), which it drops and rebuilds" in refusal
