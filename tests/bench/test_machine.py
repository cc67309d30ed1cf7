from bench import harness_machine


def test_the_cpu_probe_times_its_workload(monkeypatch):
    assert harness_machine._probe_workload() == sum(range(3000))
    assert 0 < harness_machine.cpu_probe_ms() < 10_000

    def slower():
        total = 0
        for i in range(2_000_000):
            total += i
        return total

    monkeypatch.setattr(harness_machine, "PROBE_ROUNDS", 2)
    fast = harness_machine.cpu_probe_ms()
    monkeypatch.setattr(harness_machine, "_probe_workload", slower)
    assert harness_machine.cpu_probe_ms() > fast
