"""python -m bench [--quick] [--only PART[,PART]] [--rebuild]

Builds or reuses the benchmark data set, measures every figure, prints one table and writes
bench/results/latest.json. See docs/performance.md.
"""

import argparse
import os
import sys
import time

ORIGINAL_ENVIRON = dict(os.environ)  # the feature benchmarks run as scripts with their own settings
OWN_PARTS = ("client", "ratios", "server")
OTHER_PARTS = ("crypto", "audit", "detect")
REPETITIONS = {  # quick, full
    "client": (20, 60),
    "ratios": (20, 40),
    "server": (40, 120),
}
SERVER_CONNECTIONS = 2
SERVER_TIME_LIMIT = (20.0, 60.0)
OTHERS_TIME_LIMIT = (150.0, 900.0)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parts(text: str) -> list[str]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(parts) - {"dataset", *OWN_PARTS, *OTHER_PARTS}
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"unknown part(s): {', '.join(sorted(unknown)) or text!r}")
    return parts


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[2])
    parser.add_argument("--quick", action="store_true", help="10k tickets and fewer repetitions (under 3 minutes)")
    parser.add_argument("--only", type=_parts, default=[], metavar="PART[,PART]",
                        help=f"measure these parts only: {', '.join(['dataset', *OWN_PARTS, *OTHER_PARTS])}")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even if it exists")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.harness_settings"
    os.environ["SEALDESK_BENCH_QUICK"] = "1" if args.quick else "0"
    import django

    django.setup()
    from bench import dataset, harness_db, harness_machine, harness_report, harness_targets

    started = time.perf_counter()
    size = dataset.QUICK if args.quick else dataset.FULL
    info = harness_db.prepare(size, rebuild=args.rebuild, log=log)
    results = {"mode": "quick" if args.quick else "full", "machine": harness_machine.describe(), "dataset": info,
               "client": {}, "server": {}, "ratios": [], "queries_constant": {}, "others": []}
    if args.only != ["dataset"]:
        _measure(args, results)
    results["targets"] = harness_targets.check(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(harness_report.table(results))
    log(f"Results written to {harness_report.write_json(results)} ({results['seconds']} s in all).")
    return 0


def _measure(args, results: dict) -> None:
    from bench import harness_others
    from bench.harness_fixtures import fixtures

    quick = 0 if args.quick else 1
    own = [part for part in OWN_PARTS if part in args.only or not args.only]
    if own:
        fx = fixtures()
        for part in own:
            log(f"Measuring {part} ...")
            PARTS[part](results, fx, quick)
    others = [part for part in OTHER_PARTS if part in args.only or not (args.only or args.quick)]
    for part in others:
        log(f"Running the {part} benchmark ...")
        environ = {**ORIGINAL_ENVIRON, "PYTHONPATH": str(os.getcwd())}
        results["others"].append(harness_others.run(part, quick=args.quick, environ=environ,
                                                    time_limit=OTHERS_TIME_LIMIT[quick]))


def _client(results: dict, fx, quick: int) -> None:
    from bench import harness_client
    from bench.harness_pages import BY_KEY, FIGURES

    for figure in FIGURES:
        results["client"][figure.key] = harness_client.measure(figure, fx, repetitions=REPETITIONS["client"][quick])
    results["queries_constant"] = {
        "api_ticket_list": harness_client.query_counts(
            BY_KEY["api_ticket_list"], fx, {"page_size=10": "?page_size=10", "page_size=100": "?page_size=100"}),
        "ticket_list": harness_client.query_counts(
            BY_KEY["ticket_list"], fx, {"page 1": "?page=1", "page 3": "?page=3"}),
    }


def _ratios(results: dict, fx, quick: int) -> None:
    from bench import harness_ratios

    for ratio in harness_ratios.RATIOS:
        results["ratios"].append(harness_ratios.measure(ratio, fx, repetitions=REPETITIONS["ratios"][quick]))


def _server(results: dict, fx, quick: int) -> None:
    from bench import harness_server
    from bench.harness_pages import FIGURES

    cookie = harness_server.session_headers(fx)
    with harness_server.gunicorn() as server:
        for figure in FIGURES:
            results["server"][figure.key] = harness_server.measure(
                server, figure, fx, requests=REPETITIONS["server"][quick], connections=SERVER_CONNECTIONS,
                time_limit=SERVER_TIME_LIMIT[quick], cookie=cookie,
            )


PARTS = {"client": _client, "ratios": _ratios, "server": _server}

if __name__ == "__main__":
    sys.exit(main())
