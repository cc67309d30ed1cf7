"""The targets the issues name, checked against one run's results."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    issue: str
    text: str
    kind: str  # "client" (a test-client figure), "queries", "load"
    figure: str = ""
    stat: str = "median_ms"
    limit: float = 0.0


TARGETS = (
    Target("#10", "agent ticket list, 25 rows: median <= 25 ms", "client", "ticket_list", "median_ms", 25),
    Target("#10", "agent ticket list, 25 rows: p95 <= 50 ms", "client", "ticket_list", "p95_ms", 50),
    Target("#10", "ticket page with 10 comments: median <= 20 ms", "client", "ticket_page", "median_ms", 20),
    Target("#10 #3", "exact email lookup (API, blind index): median <= 10 ms", "client", "email_lookup_api",
           "median_ms", 10),
    Target("#10", "exact email search (search page): median <= 10 ms", "client", "email_search", "median_ms", 10),
    Target("#10", "API ticket list: median <= 25 ms", "client", "api_ticket_list", "median_ms", 25),
    Target("#10", "API ticket list: constant number of queries", "queries", "api_ticket_list"),
    Target("#3", "word search, two words: median < 300 ms", "client", "word_search", "median_ms", 300),
    Target("#10", "loading 100k tickets with encryption: < 180 s", "load", limit=180),
)


def check(results: dict) -> list[dict]:
    return [{"issue": t.issue, "target": t.text, **_evaluate(t, results)} for t in TARGETS]


def _evaluate(target: Target, results: dict) -> dict:
    if target.kind == "client":
        row = results["client"].get(target.figure, {})
        if not row.get("available"):
            return {"value": None, "met": None, "why": row.get("why", "not measured")}
        value = row[target.stat]
        return {"value": f"{value} ms", "met": value <= target.limit}
    if target.kind == "queries":
        row = results["queries_constant"].get(target.figure, {})
        if not row.get("available"):
            return {"value": None, "met": None, "why": row.get("why", "not measured")}
        return {"value": " vs ".join(f"{k}: {v}" for k, v in row["counts"].items()), "met": row["constant"]}
    info = results["dataset"]
    seconds = info.get("seconds_encrypted_load")
    if info["size"]["tickets"] < 100_000:
        return {"value": f"{seconds} s at {info['size']['tickets']:,} tickets", "met": None,
                "why": "quick data set: run the full benchmark"}
    return {"value": f"{seconds} s", "met": seconds < target.limit}
