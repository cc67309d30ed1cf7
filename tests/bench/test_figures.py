from bench import harness_client, harness_ratios, harness_report, harness_stats, harness_targets
from bench.harness_pages import FIGURES, Figure


def test_it_measures_every_figure_through_the_test_client(bench_fixtures):
    ticket = bench_fixtures.ticket
    customers_tickets = ticket.requester.tickets.count()
    for figure in FIGURES:
        row = harness_client.measure(figure, bench_fixtures, repetitions=2, warmup=1)
        assert row["available"], (figure.key, row)
        assert row["median_ms"] > 0 and row["queries"] > 0 and row["peak_python_kib"] > 0
    assert ticket.comments.count() == 10, "the create figures leave the measured ticket as it was"
    assert ticket.requester.tickets.count() == customers_tickets, "and the measured customer's profile"


def test_it_reports_a_missing_route_as_not_available(bench_fixtures):
    figure = Figure("missing", "a page still being built", "helpdesk:no_such_page", "session")
    assert harness_client.measure(figure, bench_fixtures, repetitions=2) == {
        "available": False, "why": "route helpdesk:no_such_page not found",
    }


def test_it_reports_a_wrong_status_instead_of_timing_it(bench_fixtures):
    figure = Figure("teapot", "expects the wrong status", "helpdesk:queue_open", "session", status=418)
    row = harness_client.measure(figure, bench_fixtures, repetitions=2)
    assert row == {"available": False, "why": "answered 200, expected 418"}


def test_it_finds_the_api_ticket_list_runs_a_constant_number_of_queries(bench_fixtures):
    figure = next(f for f in FIGURES if f.key == "api_ticket_list")
    row = harness_client.query_counts(figure, bench_fixtures, {"10": "?page_size=10", "100": "?page_size=100"})
    assert row["constant"], row


def test_it_measures_feature_ratios_and_the_plain_baseline(bench_fixtures):
    rows = [harness_ratios.measure(ratio, bench_fixtures, repetitions=2) for ratio in harness_ratios.RATIOS]
    by_feature = {(r["feature"], r["figure"]): r for r in rows}
    for key in [("encryption", "ticket_list"), ("access logging", "ticket_page"),
                ("whole stack vs plain Django", "api_ticket_list")]:
        assert by_feature[key]["available"], by_feature[key]
        assert by_feature[key]["ratio"] > 0 and by_feature[key]["cpu_ratio"] > 0
    assert "met" in by_feature[("encryption", "api_ticket_list")]


def test_it_turns_access_logging_off_and_back_on(bench_fixtures):
    from audit.models import AccessEvent
    from bench.harness_toggles import access_log_off

    call = harness_client.Caller(next(f for f in FIGURES if f.key == "ticket_page"), bench_fixtures)
    before = AccessEvent.objects.count()
    with access_log_off():
        call()
    assert AccessEvent.objects.count() == before
    call()
    assert AccessEvent.objects.count() == before + 1


def test_it_prints_one_table_with_targets_and_writes_json(bench_fixtures, tiny_dataset, tmp_path):
    figure = FIGURES[0]
    results = {
        "mode": "quick", "dataset": {**tiny_dataset, "reused": False},
        "machine": {"date": "today", "cpu": "cpu", "cores": 2, "memory_gib": 1, "python": "3.11",
                    "postgresql": "15", "load_average": [0, 0, 0]},
        "client": {figure.key: harness_client.measure(figure, bench_fixtures, repetitions=2)},
        "server": {}, "ratios": [], "queries_constant": {}, "others": [],
    }
    results["targets"] = harness_targets.check(results)
    text = harness_report.table(results)
    assert figure.label in text and "median <= 25 ms" in text and "n/a: not run" in text
    assert harness_report.write_json(results, tmp_path / "latest.json").read_text().startswith("{")


def test_it_takes_the_nearest_rank_95th_percentile():
    assert harness_stats.summary([i / 1000 for i in range(1, 101)]) == {"n": 100, "median_ms": 50.5, "p95_ms": 95.0}
    assert harness_stats.ratio([0.011, 0.011], [0.010, 0.010]) == 1.1
