from tests.bench.conftest import figure, run_script


def test_it_times_the_arrival_work_on_a_body_and_its_html(script_env):
    out = run_script("bench_redaction.py", "--runs", "3", "--kb", "2", env=script_env)
    for clock in ("CPU", "wall"):
        assert figure(rf"{clock} *: median +([\d.]+) ms", out) > 0
        assert figure(rf"{clock} *: median +[\d.]+ ms, p95 +([\d.]+) ms", out) > 0
    assert figure(r"2 KB body \+ its HTML \(([\d.]+) KB\), 3 runs: (meets|misses) the 20 ms target", out) > 2
