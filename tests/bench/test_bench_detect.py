import re

from tests.bench.conftest import figure, run_script


def test_it_scores_both_sets_and_measures_throughput(script_env):
    out = run_script("bench_detect.py", "--n", "100", "--mix", "20", env=script_env)
    assert "Generated set: 100 messages" in out
    assert figure(r"Held-out set \(hand-written\): (\d+) messages", out) > 0
    totals = re.findall(r"^all +(\d+) +([\d.]+) +([\d.]+) +([\d.]+)$", out, re.M)
    assert len(totals) == 2, out
    for gold, precision, recall, f1 in totals:
        assert int(gold) > 0 and float(precision) > 0.9 and float(recall) > 0.9 and float(f1) > 0.9
    assert figure(r"dense generated set, \d+ bytes a message: ([\d.]+) MB/s", out) > 0
    assert figure(r"support e-mails, \d+ bytes each .*: ([\d.]+) MB/s", out) > 0
