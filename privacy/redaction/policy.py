"""What happens to each detected type when data arrives: the admin's rows over these defaults."""

from django.core.cache import cache

from privacy.detect import available_types
from privacy.redaction.models import Action, RedactionPolicy

# Cards and secrets are never needed in a conversation; ids and bank accounts sometimes are, so a person decides.
DEFAULTS = {
    "payment_card": Action.REDACT,
    "credential": Action.REDACT,
    "national_id": Action.FLAG,
    "iban": Action.FLAG,
}
CACHE_KEY = "redaction:policy:v1"
CACHE_SECONDS = 300


def actions() -> dict[str, str]:
    """{type: action} for every detectable type, read once per CACHE_SECONDS (dropped on change)."""
    stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = dict(RedactionPolicy.objects.values_list("type", "action"))
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    return {type_: stored.get(type_, DEFAULTS.get(type_, Action.MASK)) for type_ in available_types()}


def forget() -> None:
    cache.delete(CACHE_KEY)
