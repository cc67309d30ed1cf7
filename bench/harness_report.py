"""The one table printed at the end of a run, and the JSON file runs are compared with."""

import json
from pathlib import Path

from bench.harness_pages import FIGURES

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def write_json(results: dict, path: Path = RESULTS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return path


def _met(met) -> str:
    return {True: "met", False: "NOT MET", None: "n/a"}[met]


def table(results: dict) -> str:
    lines = [*_header(results), "", *_pages(results), "", *_ratios(results), "", *_targets(results)]
    if results.get("others"):
        lines += ["", *_others(results)]
    return "\n".join(lines)


def _header(results: dict) -> list[str]:
    m, d = results["machine"], results["dataset"]
    size = d["size"]
    built = "reused, built" if d.get("reused") else "built"
    return [
        f"Sealdesk benchmark ({results['mode']}) {m['date']} on {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB, Python {m['python']}, PostgreSQL {m['postgresql']}, load {m['load_average']}, "
        f"CPU probe {m.get('cpu_probe_ms', 'n/a')} ms",
        f"Data set: {size['tickets']:,} tickets, {size['comments']:,} comments, {size['customers']:,} customers, "
        f"{size['agents']} agents in {size['teams']} teams; {built} {d['built_at']} in "
        f"{d['seconds_encrypted_load']} s with encryption (+ {d['seconds_by_step'].get('plain twin', 0)} s "
        "plain twin)",
    ]


def _pages(results: dict) -> list[str]:
    head = (f"{'figure':36} {'client med':>10} {'p95':>7} {'queries':>7} {'peak KiB':>8} | "
            f"{'server med':>10} {'p95':>7} {'req/s':>6} {'RSS MiB':>7}")
    lines = [head, "-" * len(head)]
    for figure in FIGURES:
        c = results["client"].get(figure.key, {})
        s = results["server"].get(figure.key, {})
        left = _cells(c, [("median_ms", 10), ("p95_ms", 7), ("queries", 7), ("peak_python_kib", 8)])
        right = _cells(s, [("median_ms", 10), ("p95_ms", 7), ("requests_per_s", 6), ("worker_peak_rss_mib", 7)])
        lines.append(f"{figure.label:36} {left} | {right}")
    return lines


def _cells(row: dict, columns: list[tuple[str, int]]) -> str:
    if not row.get("available"):
        width = sum(w for _, w in columns) + len(columns) - 1
        return f"{'n/a: ' + row.get('why', 'not run'):<{width}}"
    cells = []
    for key, width in columns:
        value = row.get(key)
        text = "-" if value is None else f"{value:.1f}" if key.endswith("_ms") else str(value)
        cells.append(f"{text:>{width}}")
    return " ".join(cells)


def _ratios(results: dict) -> list[str]:
    head = (f"{'on vs off (same run, interleaved)':58} {'ratio':>6} {'cpu':>5} {'on med':>7} {'off med':>7} "
            f"{'target':>7}  result")
    lines = [head, "-" * len(head)]
    for r in results["ratios"]:
        name = f"{r['feature']}: {r['label']}"
        target = f"<={r['target']:.2f}" if r.get("target") else "-"
        if not r.get("available"):
            lines.append(f"{name:58} not available: {r['why']}")
            continue
        met = _met(r.get("met")) + (f" ({r['issue']})" if r.get("issue") else "")
        lines.append(f"{name:58} {r['ratio']:>6.2f} {r['cpu_ratio']:>5.2f} {r['on']['median_ms']:>7.1f} "
                     f"{r['off']['median_ms']:>7.1f} "
                     f"{target:>7}  {met if r.get('target') else ''}")
    return lines


def _targets(results: dict) -> list[str]:
    head = f"{'target':62} {'measured':>28}  result"
    lines = [head, "-" * len(head)]
    for t in results["targets"]:
        value = t["value"] or "-"
        why = f" ({t['why']})" if t.get("why") else ""
        lines.append(f"{t['issue'] + ' ' + t['target']:62} {value:>28}  {_met(t['met'])}{why}")
    return lines


def _others(results: dict) -> list[str]:
    lines = ["Privacy features' own benchmarks"]
    for part in results["others"]:
        if not part.get("available"):
            lines.append(f"  {part['part']}: not available: {part['why']}")
            continue
        lines.append(f"  {part['part']} ({part['command']}, {part['seconds']} s):")
        lines += [f"    {line}" for line in part["lines"]]
    return lines
