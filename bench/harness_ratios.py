"""Each privacy feature on vs off on the same code path, and the whole stack vs plain Django,
measured in one run with the two variants interleaved request by request."""

import contextlib
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from bench import harness_toggles
from bench.harness_client import Caller, Unavailable, compare
from bench.harness_fixtures import Fixtures
from bench.harness_pages import BY_KEY, Figure


@dataclass(frozen=True)
class Ratio:
    feature: str
    figure: str
    target: float | None = None
    issue: str = ""
    baseline_route: str = ""  # whole stack vs plain Django: the baseline view's URL name


RATIOS = (
    Ratio("encryption", "ticket_list", 1.15, "#3"),
    Ratio("encryption", "api_ticket_list", 1.15, "#3"),
    Ratio("encryption", "ticket_page"),
    Ratio("masking", "ticket_list", 1.05, "#4"),
    Ratio("masking", "api_ticket_list", 1.05, "#4"),
    Ratio("access logging", "ticket_page", 1.10, "#7"),
    Ratio("access logging", "api_ticket_detail", 1.10, "#7"),
    Ratio("whole stack vs plain Django", "ticket_list", baseline_route="bench:ticket_list"),
    Ratio("whole stack vs plain Django", "ticket_page", baseline_route="bench:ticket_page"),
    Ratio("whole stack vs plain Django", "api_ticket_list", baseline_route="bench:api_ticket_list"),
)
SWITCHES = {
    "encryption": harness_toggles.encryption_off,
    "masking": harness_toggles.masking_off,
    "access logging": harness_toggles.access_log_off,
}


def measure(ratio: Ratio, fx: Fixtures, *, repetitions: int) -> dict:
    figure = BY_KEY[ratio.figure]
    row = {"feature": ratio.feature, "figure": ratio.figure, "label": figure.label, "target": ratio.target,
           "issue": ratio.issue}
    try:
        on, off, off_context = _variants(ratio, figure, fx)
    except Unavailable as exc:
        return {**row, "available": False, "why": str(exc)}
    result = compare(on, off, off_context=off_context, repetitions=repetitions)
    if result.get("available") and ratio.target is not None:
        result["met"] = result["ratio"] <= ratio.target
    return {**row, **result}


def _variants(ratio: Ratio, figure: Figure, fx: Fixtures):
    if ratio.baseline_route:
        kwargs = {"code": fx.ticket.pk} if ratio.figure == "ticket_page" else {}
        try:
            path = reverse(ratio.baseline_route, kwargs=kwargs)
        except NoReverseMatch:
            raise Unavailable("baseline routes not installed (ROOT_URLCONF is not bench.harness_urls)") from None
        baseline = Figure(figure.key, figure.label, ratio.baseline_route, "session")
        return Caller(figure, fx), Caller(baseline, fx, path=path), contextlib.nullcontext
    return Caller(figure, fx), Caller(figure, fx), SWITCHES[ratio.feature]

