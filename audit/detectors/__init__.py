"""Detectors: rules over the access log that raise alerts. Thresholds are tuned by admins in the DB."""

from django.utils.translation import gettext_lazy as _

from audit.detectors.behaviour import BulkViewing, NewLocation, OutsideHours, OutsideTeams
from audit.detectors.counting import ManyDenied, ManyReveals, MassExport, SensitiveSearches

RULES = {
    rule.key: rule
    for rule in (
        SensitiveSearches(),
        BulkViewing(),
        OutsideTeams(),
        OutsideHours(),
        NewLocation(),
        MassExport(),
        ManyReveals(),
        ManyDenied(),
    )
}

# (severity, thresholds) a rule starts with until an admin changes them.
DEFAULTS = {
    "sensitive_searches": ("high", {"count": 5, "minutes": 10, "classes": ["payment_card", "bank_account"]}),
    "bulk_viewing": ("high", {"min_customers": 30, "factor": 3, "baseline_days": 14}),
    "outside_teams": ("medium", {"exempt_roles": ["admin", "compliance"]}),
    "outside_hours": ("low", {"lookback_days": 28, "min_active_days": 5, "min_days": 2}),
    "new_location": ("medium", {"lookback_days": 90, "min_history": 50}),
    "mass_export": ("high", {"count": 3, "rows": 5000, "minutes": 60}),
    "many_reveals": ("medium", {"count": 20, "minutes": 60}),
    "many_denied": ("medium", {"count": 10, "minutes": 10}),
}

TITLES = {
    "sensitive_searches": _("Repeated searches for sensitive-looking data"),
    "bulk_viewing": _("Bulk viewing of customers"),
    "outside_teams": _("Access outside the agent's teams"),
    "outside_hours": _("Activity outside usual hours"),
    "new_location": _("New country or network"),
    "mass_export": _("Mass export"),
    "many_reveals": _("Many reveals of masked data"),
    "many_denied": _("Many denied attempts"),
}
